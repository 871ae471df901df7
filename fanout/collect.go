package fanout

import (
	"errors"
	"unicode/utf8"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// errFull stops a worker's scan when a reply's budget is full.
var errFull = errors.New("reply budget full")

// collector turns a scan's matches and problems into a reply's events, in
// the order they come (scan delivers both from one goroutine, a problem
// after the records before it), within a budget of encoded bytes.
type collector struct {
	index   map[string]int // object source → index in the request
	first   int            // the cursor's object
	skip    int            // its events already sent
	seen    int            // its events met so far
	budget  int
	size    int
	full    bool
	cut     int // when full: the object whose event did not fit
	events  []Event
	formats [][]string
	fmtIdx  map[*flowlog.Format]int
	origins []Origin
	hasOrig map[int]bool
	line    []byte
}

func newCollector(objects []scan.Planned, first, skip, budget int) *collector {
	c := &collector{index: make(map[string]int, len(objects)), first: first, skip: skip, budget: budget,
		fmtIdx: map[*flowlog.Format]int{}, hasOrig: map[int]bool{}}
	for i := len(objects) - 1; i >= 0; i-- {
		c.index[objects[i].Source] = i
	}
	return c
}

func (c *collector) objectOf(source string) int {
	if i, ok := c.index[source]; ok {
		return i
	}
	return -1
}

// match is the scan's emit.
func (c *collector) match(m scan.Match) error {
	obj := c.objectOf(m.Source)
	if c.skipped(obj) {
		return nil
	}
	c.line = m.Record.AppendLine(c.line[:0])
	ev := Event{Object: obj, Format: c.format(m.Record.Format()), Line: m.Line, Text: string(c.line)}
	c.origin(obj, m.Record.Origin())
	return c.add(ev, jsonLen(ev.Text)+48)
}

// problem is the scan's OnError.
func (c *collector) problem(err error) {
	ev := problemEvent(-1, err)
	ev.Object = c.objectOf(ev.Source)
	if c.full || c.skipped(ev.Object) {
		return
	}
	_ = c.add(ev, jsonLen(ev.Source)+jsonLen(ev.Err)+64)
}

// skipped reports whether an event of obj was sent in an earlier part.
func (c *collector) skipped(obj int) bool {
	if obj != c.first || c.skip == 0 {
		return false
	}
	c.seen++
	return c.seen <= c.skip
}

func (c *collector) add(ev Event, size int) error {
	if c.full {
		return errFull
	}
	if c.size+size > c.budget && len(c.events) > 0 {
		c.full, c.cut = true, ev.Object
		if c.cut < 0 {
			c.cut = c.lastObject()
		}
		return errFull
	}
	c.size += size
	c.events = append(c.events, ev)
	return nil
}

func (c *collector) lastObject() int {
	if len(c.events) == 0 {
		return c.first
	}
	return max(c.first, c.events[len(c.events)-1].Object)
}

// eventsBefore returns the events of the objects before obj.
func (c *collector) eventsBefore(obj int) []Event {
	n := 0
	for n < len(c.events) && (c.events[n].Object < obj) {
		n++
	}
	return c.events[:n]
}

func (c *collector) format(f *flowlog.Format) int {
	if i, ok := c.fmtIdx[f]; ok {
		return i
	}
	names := make([]string, f.Len())
	for i := range names {
		names[i] = f.Name(i)
	}
	c.fmtIdx[f] = len(c.formats)
	c.formats = append(c.formats, names)
	return len(c.formats) - 1
}

func (c *collector) origin(obj int, o *flowlog.Origin) {
	if obj < 0 || c.hasOrig[obj] || o == nil {
		return
	}
	c.hasOrig[obj] = true
	org := Origin{Object: obj}
	for _, v := range o.Partition {
		org.Partition = append(org.Partition, [2]string{v.Field.String(), string(v.Text)})
	}
	c.origins = append(c.origins, org)
}

// jsonLen bounds the length of s encoded as a JSON string by
// encoding/json: control characters, quotes, backslashes and <>& take
// six bytes, invalid UTF-8 six per byte.
func jsonLen(s string) int {
	n := 2
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 0x20 || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' {
				n += 6
			} else {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += 6
		} else {
			n += size + 6 // U+2028 and U+2029 are escaped too
		}
		i += size
	}
	return n
}
