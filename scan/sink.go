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
	t       *task
	out     chan<- *batch // where batches go
	cur     *batch
	last    int64 // last line taken or reported
	onError func(*ObjectError) error
	// countOnly counts matches instead of copying them (no emit).
	countOnly bool
	matched   int64
}

// match takes one matching record; it is copied, not retained.
func (s *taskSink) match(ctx context.Context, rec *flowlog.Record) error {
	n := rec.LineNumber()
	if n <= s.last {
		return nil
	}
	s.last = n
	if s.countOnly {
		s.matched++
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
	return s.onError(&ObjectError{Source: s.t.obj.source, Line: pe.Line, Err: pe})
}

// flush sends the batch being built, if any.
func (s *taskSink) flush(ctx context.Context) error {
	b := s.cur
	if b == nil {
		return nil
	}
	s.cur = nil
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
	rec   flowlog.Record
	emit  func(Match) error
	limit int64
	n     *tally
}

// errLimit stops a scan that reached its match limit.
var errLimit = errors.New("match limit reached")

// deliver hands every record of b to emit and releases b.
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
	return nil
}
