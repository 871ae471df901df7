package scan

import (
	"context"
	"errors"
	"sync"

	"github.com/flowq/flowq/flowlog"
)

// batchBytes is about how much a worker gathers before handing a batch on.
const batchBytes = 64 << 10

// batch is detached matching records of one object, on their way from a
// worker to the consumer.
type batch struct {
	task *task
	recs flowlog.Batch
	// errs are the object's problems since the last batch, for the
	// consumer to pass to OnError after the records: in object order.
	errs []error
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

func newBatch(t *task) *batch {
	b := batchPool.Get().(*batch)
	b.task = t
	return b
}

func (b *batch) release() {
	b.task = nil
	b.recs.Reset()
	clear(b.errs)
	b.errs = b.errs[:0]
	batchPool.Put(b)
}

// task is one object on its way through the workers.
type task struct {
	obj *object
	// ch carries the object's batches to the consumer in ordered mode and
	// is closed when the object is done. In unordered mode it is nil.
	ch chan *batch
}

// taskSink gathers one object's matches into batches and sends them on.
// It remembers the last line it took, so that when a read is retried from
// the start after a broken connection, lines already taken are not taken
// (or reported) twice. It belongs to one worker.
type taskSink struct {
	t    *task
	out  chan<- *batch // where batches go
	cur  *batch
	last int64 // last line taken or reported
	// count keeps a problem in the statistics; strictStop reports it at
	// once and returns it, to stop the scan (strict mode). Otherwise
	// problems travel to the consumer with the batches.
	count      func(*ObjectError)
	strictStop func(*ObjectError) error
	// countOnly counts matches instead of copying them (no emit).
	countOnly bool
	matched   int64
	// hold keeps the object's batches and line reports back until its
	// gzip checksum is verified (see verified), up to holdLimit bytes.
	hold       bool
	unverified bool // holdLimit was passed: the rest of the object streams
	strict     bool // line reports stop the scan: they are never held
	held       []*batch
	heldBytes  int
	heldErrs   []*ObjectError
	heldCount  int64 // matches counted while holding (countOnly)
	found      int64 // matches taken, in either mode (OnObject)
}

// holdLimit bounds the matches one object holds back until its checksum
// is verified; past it they go on unverified.
const holdLimit = 32 << 20

// match takes one matching record; it is copied, not retained.
func (s *taskSink) match(ctx context.Context, rec *flowlog.Record) error {
	n := rec.LineNumber()
	if n <= s.last {
		return nil
	}
	s.last = n
	s.found++
	if s.countOnly {
		if s.hold {
			s.heldCount++
		} else {
			s.matched++
		}
		return nil
	}
	if s.cur == nil {
		s.cur = newBatch(s.t)
	}
	s.cur.recs.Append(rec)
	if s.cur.recs.Size() >= batchBytes {
		return s.flush(ctx)
	}
	return nil
}

func (s *taskSink) malformed(pe *flowlog.ParseError) error {
	if pe.Line <= s.last {
		return nil
	}
	s.last = pe.Line
	e := &ObjectError{Source: s.t.obj.source, Line: pe.Line, Err: pe}
	if s.hold && !s.strict {
		s.heldErrs = append(s.heldErrs, e)
		return nil
	}
	return s.problem(e)
}

// problem takes one problem with the object: an *ObjectError is counted
// now; OnError hears of it from the consumer, after the records found
// before it, so that problems come in object order as records do. In
// strict mode it is reported at once and stops the scan.
func (s *taskSink) problem(err error) error {
	oe, isObj := err.(*ObjectError)
	if isObj && s.strict {
		return s.strictStop(oe)
	}
	if isObj {
		s.count(oe)
	}
	if s.cur == nil {
		s.cur = newBatch(s.t)
	}
	s.cur.errs = append(s.cur.errs, err)
	return nil
}

// flush sends the batch being built, if any (or holds it).
func (s *taskSink) flush(ctx context.Context) error {
	b := s.cur
	if b == nil {
		return nil
	}
	s.cur = nil
	if s.hold {
		s.held = append(s.held, b)
		if s.heldBytes += b.recs.Size(); s.heldBytes > holdLimit {
			s.unverified = true
			return s.verified(ctx) // too much to hold: go on unverified
		}
		return nil
	}
	return s.send(ctx, b)
}

// verified sends on what was held back, now that the data passed its
// integrity check (or was cut short, so that the lines read are genuine),
// and stops holding.
func (s *taskSink) verified(ctx context.Context) error {
	s.hold = false
	s.matched += s.heldCount
	held, errs := s.held, s.heldErrs
	s.held, s.heldErrs, s.heldBytes, s.heldCount = held[:0], errs[:0], 0, 0 // the memory is reused
	for i, b := range held {
		if err := s.send(ctx, b); err != nil {
			for _, rest := range held[i+1:] {
				rest.release()
			}
			return err
		}
	}
	for _, e := range errs {
		if err := s.problem(e); err != nil {
			return err
		}
	}
	return nil
}

// discard drops what was held back, because the data failed its
// integrity check, and says how many matches and line reports that was.
func (s *taskSink) discard() (matches, reports int) {
	if s.cur != nil {
		s.held = append(s.held, s.cur)
		s.cur = nil
	}
	matches, reports = int(s.heldCount), len(s.heldErrs)
	for _, b := range s.held {
		matches += b.recs.Len()
		b.release()
	}
	s.held, s.heldErrs, s.heldBytes, s.heldCount, s.hold = nil, nil, 0, 0, false
	return matches, reports
}

// send hands one batch to the consumer.
func (s *taskSink) send(ctx context.Context, b *batch) error {
	select {
	case s.out <- b:
		return nil
	case <-ctx.Done():
		b.release()
		return ctx.Err()
	}
}

// emitter delivers the records of batches to the caller's emit, in the
// consumer goroutine. It lends each record through one reusable Record,
// so it allocates nothing per record, and parses nothing: the workers
// decoded what the caller reads.
type emitter struct {
	rec    flowlog.Record
	emit   func(Match) error
	notify func(error) // OnError, for the problems batches carry
	limit  int64
	n      *tally
}

// errLimit stops a scan that reached its match limit.
var errLimit = errors.New("match limit reached")

// deliver hands every record of b to emit, then its problems to OnError,
// and releases b.
func (e *emitter) deliver(b *batch) error {
	defer b.release()
	src := b.task.obj.source
	for i := range b.recs.Len() {
		b.recs.Load(i, &e.rec)
		if err := e.emit(Match{Record: &e.rec, Source: src, Line: e.rec.LineNumber()}); err != nil {
			return err
		}
		if n := e.n.delivered.Add(1); e.limit > 0 && n >= e.limit {
			return errLimit
		}
	}
	for _, err := range b.errs {
		e.notify(err)
	}
	return nil
}
