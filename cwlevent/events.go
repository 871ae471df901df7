package cwlevent

import (
	"unsafe"

	"github.com/flowq/flowq/flowlog"
)

// slabSize is how many Events one allocation holds; arenaSize how many
// bytes of their text.
const (
	slabSize  = 1024
	arenaSize = 64 << 10
)

// eventQueue holds the Events of lines a Decoder has emitted but its
// reader may not have reached: lines are asked for in increasing order,
// so those before the one asked are dropped. Events are made in slabs that
// are never reused, so a pointer handed out stays valid (and unchanged)
// for as long as someone keeps it.
type eventQueue struct {
	events []*flowlog.Event
	first  int64 // line of events[0]
	slab   []flowlog.Event
	arena  []byte // text of event IDs; never written again once used
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

// text returns b as a string kept in the arena: no allocation per event.
// The arena's bytes never change once a string points at them.
func (q *eventQueue) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(q.arena)+len(b) > cap(q.arena) {
		q.arena = make([]byte, 0, max(arenaSize, len(b)))
	}
	lo := len(q.arena)
	q.arena = append(q.arena, b...)
	return unsafe.String(&q.arena[lo], len(b))
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
