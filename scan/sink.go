package scan

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/flowq/flowq/flowlog"
)

// chunkBytes is the matched text a worker gathers before handing it on.
const chunkBytes = 64 << 10

// chunk is a batch of matching lines from one object, copied out of the
// worker's buffers: the lines back to back, and where each ends.
type chunk struct {
	task  *task
	data  []byte
	lines []lineRef
}

// lineRef is one matching line of a chunk.
type lineRef struct {
	line   int64           // line number in the object
	end    int             // end of the line in chunk.data
	format *flowlog.Format // the format the line was parsed with
}

var chunkPool = sync.Pool{New: func() any { return new(chunk) }}

func newChunk(t *task) *chunk {
	c := chunkPool.Get().(*chunk)
	c.task = t
	return c
}

func (c *chunk) release() {
	c.task, c.data, c.lines = nil, c.data[:0], c.lines[:0]
	chunkPool.Put(c)
}

// task is one object on its way through the workers.
type task struct {
	obj *object
	// ch carries the object's chunks to the consumer in ordered mode and
	// is closed when the object is done. In unordered mode it is nil.
	ch chan *chunk
}

// taskSink gathers one object's matches into chunks and sends them on. It
// remembers the last line it took, so that when a read is retried from the
// start after a broken connection, lines already taken are not taken (or
// reported) twice. It belongs to one worker.
type taskSink struct {
	ctx     context.Context
	t       *task
	out     chan<- *chunk // where chunks go
	cur     *chunk
	last    int64 // last line taken or reported
	onError func(*ObjectError) error
	// countOnly counts matches instead of copying them (Options.CountOnly).
	countOnly bool
	st        *counters
}

func (s *taskSink) match(rec *flowlog.Record) error { return s.add(rec, rec.LineNumber(), false) }

// matchRow takes a record built by a non-text reader (Parquet): it is
// written out in its format. row numbers the records of the object.
func (s *taskSink) matchRow(rec *flowlog.Record, row int64) error { return s.add(rec, row, true) }

func (s *taskSink) add(rec *flowlog.Record, n int64, built bool) error {
	if n <= s.last {
		return nil
	}
	s.last = n
	if s.countOnly {
		s.st.matched.Add(1)
		return nil
	}
	if s.cur == nil {
		s.cur = newChunk(s.t)
	}
	c := s.cur
	if built {
		c.data = rec.AppendTo(c.data, rec.Format())
	} else {
		c.data = append(c.data, rec.Line()...)
	}
	c.lines = append(c.lines, lineRef{line: n, end: len(c.data), format: rec.Format()})
	if len(c.data) >= chunkBytes {
		return s.flush()
	}
	return nil
}

func (s *taskSink) malformed(pe *flowlog.ParseError) error {
	if pe.Line <= s.last {
		return nil
	}
	s.last = pe.Line
	return s.onError(&ObjectError{Source: s.t.obj.source, Line: pe.Line, Err: pe})
}

// flush sends the chunk being built, if any.
func (s *taskSink) flush() error {
	c := s.cur
	if c == nil {
		return nil
	}
	s.cur = nil
	select {
	case s.out <- c:
		return nil
	case <-s.ctx.Done():
		c.release()
		return s.ctx.Err()
	}
}

// emitter re-parses the matching lines of chunks, in the consumer
// goroutine, and calls the user's emit for each. Re-parsing a line that is
// known to parse is cheap next to finding it, and lets workers copy only
// matches. It reuses one flowlog.Reader, fed line by line (and a header
// line when the format changes), so it allocates nothing per record.
type emitter struct {
	feed   lineFeeder
	rd     *flowlog.Reader
	cur    *flowlog.Format
	emit   func(Match) error
	limit  int64
	st     *counters
	header []byte
}

func newEmitter(opts *Options, st *counters, emit func(Match) error) *emitter {
	e := &emitter{emit: emit, limit: opts.Limit, st: st, cur: opts.Format}
	if e.cur == nil {
		e.cur = flowlog.DefaultFormat()
	}
	fields := opts.Fields
	e.rd = flowlog.NewReader(&e.feed, flowlog.ReaderOptions{Format: e.cur, Fields: &fields})
	return e
}

// errLimit stops a scan that reached its match limit.
var errLimit = errors.New("match limit reached")

// chunk delivers every line of c and releases it.
func (e *emitter) chunk(c *chunk) error {
	defer c.release()
	start := 0
	for _, ref := range c.lines {
		line := c.data[start:ref.end]
		start = ref.end
		if ref.format != e.cur && !ref.format.Equal(e.cur) {
			e.header = append(e.header[:0], ref.format.Header()...)
			e.feed.push(e.header)
			e.cur = ref.format
		}
		e.feed.push(line)
		if !e.rd.Scan() || e.rd.Err() != nil {
			// Cannot happen: the worker parsed the line and decoded the
			// caller's fields. Counted, should it ever.
			e.st.malformed.Add(1)
			continue
		}
		rec := e.rd.Record()
		rec.SetLineNumber(ref.line)
		if err := e.emit(Match{Record: rec, Source: c.task.obj.source, Line: ref.line}); err != nil {
			return err
		}
		if n := e.st.matched.Add(1); e.limit > 0 && n >= e.limit {
			return errLimit
		}
	}
	return nil
}

// lineFeeder is an io.Reader that hands a flowlog.Reader exactly the lines
// pushed since it last read, each followed by a newline.
type lineFeeder struct {
	q   [2][]byte
	n   int
	off int // bytes of q[0] already read
}

func (f *lineFeeder) push(line []byte) {
	f.q[f.n] = line
	f.n++
	if f.n == 1 {
		f.off = 0
	}
}

func (f *lineFeeder) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, io.ErrNoProgress
	}
	n := 0
	for n < len(p) && f.n > 0 {
		c := copy(p[n:], f.q[0][f.off:])
		n += c
		f.off += c
		if f.off < len(f.q[0]) || n == len(p) {
			break
		}
		p[n] = '\n'
		n++
		f.q[0], f.q[1], f.n, f.off = f.q[1], nil, f.n-1, 0
	}
	return n, nil
}
