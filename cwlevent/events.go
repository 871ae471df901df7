package cwlevent

import "github.com/flowq/flowq/flowlog"

// slabSize is how many Events one allocation holds.
const slabSize = 1024

// eventQueue holds the Events of lines a Decoder has emitted but its
// reader may not have reached: lines are asked for in increasing order,
// so those before the one asked are dropped. Events are made in slabs that
// are never reused, so a pointer handed out stays valid (and unchanged)
// for as long as someone keeps it.
type eventQueue struct {
	events []*flowlog.Event
	first  int64 // line of events[0]
	slab   []flowlog.Event
}

func (q *eventQueue) reset() { *q = eventQueue{events: q.events[:0], first: 1} }

// push adds the Event of the next line; nil for a line without one.
func (q *eventQueue) push(e *flowlog.Event) { q.events = append(q.events, e) }

// make returns a new Event holding e, from the current slab.
func (q *eventQueue) make(e flowlog.Event) *flowlog.Event {
	if len(q.slab) == cap(q.slab) {
		q.slab = make([]flowlog.Event, 0, slabSize)
	}
	q.slab = append(q.slab, e)
	return &q.slab[len(q.slab)-1]
}

// at returns the Event of line, or nil, and forgets earlier lines.
func (q *eventQueue) at(line int64) *flowlog.Event {
	i := line - q.first
	if i < 0 || i >= int64(len(q.events)) {
		return nil
	}
	e := q.events[i]
	if i >= slabSize && i > int64(len(q.events))/2 {
		n := copy(q.events, q.events[i:])
		clear(q.events[n:])
		q.events = q.events[:n]
		q.first = line
	}
	return e
}
