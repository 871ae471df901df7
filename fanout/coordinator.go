package fanout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// Options configure a fan-out.
type Options struct {
	Invoker Invoker
	// Concurrency bounds the shards in flight (a hedged twin comes on top);
	// 0 means 16.
	Concurrency int
	Shards      ShardOptions
	// MaxAttempts bounds the invocations per part, hedges included
	// (default 5); AttemptTimeout bounds one (default 15m30s, past
	// Lambda's own limit).
	MaxAttempts    int
	AttemptTimeout time.Duration
	// Backoff is the delay before the first retry (default 200 ms),
	// doubling up to MaxBackoff (default 10 s), with jitter.
	Backoff, MaxBackoff time.Duration
	// An attempt still running after HedgeFactor (default 2) times the
	// HedgeQuantile (default 0.9) of the good attempts so far, once
	// HedgeAfter (default 4) have come back, and at least HedgeMin
	// (default 2 s), gets one twin. A negative HedgeQuantile turns hedging
	// off.
	HedgeQuantile float64
	HedgeFactor   float64
	HedgeAfter    int
	HedgeMin      time.Duration
	// Emit receives the matches of a Records query, in the order a local
	// scan gives, from one goroutine; the record is valid during the call.
	// An error stops the fan-out.
	Emit func(scan.Match) error
	// Aggregation receives the partial aggregations of a Groups query.
	Aggregation *output.Aggregation
	// OnError receives each problem, one at a time, in object order:
	// those the workers met and the shards that failed.
	OnError func(error)
	// Progress, if not nil, receives the statistics so far after a part
	// is merged, at most every 250 ms, from the goroutine that calls Emit.
	Progress func(scan.Stats)
}

// Result is what a fan-out did.
type Result struct {
	// Stats are the plan's listing and every completed object's
	// statistics, merged once each; Elapsed is the coordinator's.
	Stats  scan.Stats
	Shards []Shard
	// Failed are the shards that could not be read to the end.
	Failed []*ShardError
	// Invocations counts attempts (retries and hedges included).
	Invocations, Retries, Hedges int64
}

// ShardError is a shard that failed after every attempt.
type ShardError struct {
	Shard       int
	First, Last string // the first object not read, and the shard's last
	Objects     int    // the objects not read
	Err         error
}

func (e *ShardError) Error() string {
	return fmt.Sprintf("shard %d (%d objects, %s … %s) failed: %v", e.Shard, e.Objects, e.First, e.Last, e.Err)
}
func (e *ShardError) Unwrap() error { return e.Err }

// FatalError is a worker's answer that no retry can mend.
type FatalError struct{ Msg string }

func (e *FatalError) Error() string { return "worker: " + e.Msg }

// Hello is the version handshake: a dry-run invocation that checks the
// worker speaks Protocol. It returns the worker's build.
func Hello(ctx context.Context, o Options) (string, error) {
	a := &attempts{inv: o.Invoker, o: &o}
	rep, err := a.part(ctx, &Request{Protocol: Protocol, Hello: true})
	if err != nil {
		return "", fmt.Errorf("handshake: %w", err)
	}
	if rep.Fatal != "" || rep.Protocol != Protocol {
		return rep.Build, fmt.Errorf("handshake: %w", &FatalError{Msg: rep.Fatal})
	}
	return rep.Build, nil
}

func (o *Options) concurrency() int {
	if o.Concurrency > 0 {
		return o.Concurrency
	}
	return 16
}

// Run reads the objects plan selected through the workers and merges what
// they return: matches to Emit in object and line order, partial
// aggregations into Aggregation, statistics into Result.Stats. A shard
// that fails is in Result.Failed (and reported to OnError); the error is
// for a fatal answer, Emit's error, or cancellation.
func Run(ctx context.Context, q Query, plan *scan.PlanResult, o Options) (Result, error) {
	start := time.Now()
	c, err := q.compile()
	if err != nil {
		return Result{}, err
	}
	shards := Shards(plan.Selected, o.Shards)
	res := Result{Stats: plan.Stats, Shards: shards}
	a := &attempts{inv: o.Invoker, o: &o}
	m := &merger{start: start, q: &q, c: c, o: &o, res: &res}
	err = m.run(ctx, a, shards)
	res.Invocations, res.Retries, res.Hedges = a.invoked.Load(), a.retried.Load(), a.hedged.Load()
	res.Stats.Elapsed = time.Since(start)
	res.Stats.ListingDone = true
	switch {
	case q.Mode == Records:
		res.Stats.Matched = m.delivered
	case q.Mode == Count && q.Limit > 0: // each shard stopped at the limit
		res.Stats.Matched = min(res.Stats.Matched, q.Limit)
	}
	return res, err
}

// partOrFailure is what a shard's goroutine hands the merger.
type partOrFailure struct {
	rep    *Reply
	cursor Cursor
	err    error
}

type merger struct {
	start     time.Time
	lastTick  time.Time
	q         *Query
	c         *compiled
	o         *Options
	res       *Result
	delivered int64
	dec       decoder
}

// run invokes the shards, at most Concurrency at once, and applies their
// parts in shard order.
func (m *merger) run(ctx context.Context, a *attempts, shards []Shard) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	parts := make([]chan partOrFailure, len(shards))
	for i := range parts {
		parts[i] = make(chan partOrFailure, 2)
	}
	slots := make(chan struct{}, m.o.concurrency())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range shards {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				for j := i; j < len(shards); j++ {
					close(parts[j])
				}
				return
			}
			go func() { defer func() { <-slots }(); m.shard(ctx, a, &shards[i], parts[i]) }()
		}
	}()
	var err error
	for i := range shards {
		for p := range parts[i] {
			if err == nil {
				err = m.apply(&shards[i], p)
				if err != nil {
					cancel()
				}
			}
		}
	}
	<-done
	if errors.Is(err, errLimit) {
		return nil
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// shard asks for one shard's parts in turn, until it is done or fails.
func (m *merger) shard(ctx context.Context, a *attempts, s *Shard, out chan<- partOrFailure) {
	defer close(out)
	cur := Cursor{}
	for {
		req := &Request{Protocol: Protocol, Query: m.q, Shard: s.Index, Objects: s.Objects, Cursor: cur}
		rep, err := a.part(ctx, req)
		if ctx.Err() != nil {
			return
		}
		p := partOrFailure{rep: rep, cursor: cur, err: err}
		select {
		case out <- p:
		case <-ctx.Done():
			return
		}
		if err != nil || rep.Fatal != "" || rep.Next == nil {
			return
		}
		cur = *rep.Next
	}
}

var errLimit = errors.New("limit reached")

// apply merges one part.
func (m *merger) apply(s *Shard, p partOrFailure) error {
	if p.err != nil {
		return m.fail(s, p.cursor, p.err)
	}
	if p.rep.Fatal != "" {
		return &FatalError{Msg: p.rep.Fatal}
	}
	if p.rep.Stats != nil {
		m.res.Stats.Merge(p.rep.Stats.scanStats())
		m.progress()
	}
	if m.q.Mode == Groups && len(p.rep.Groups) > 0 {
		part := m.c.newAggregation()
		if err := json.Unmarshal(p.rep.Groups, part); err != nil {
			return fmt.Errorf("shard %d: %w", s.Index, err)
		}
		if m.o.Aggregation != nil {
			if err := m.o.Aggregation.Merge(part); err != nil {
				return err
			}
		}
	}
	return m.events(s, p.rep)
}

// progress reports the statistics so far, at most every 250 ms.
func (m *merger) progress() {
	if m.o.Progress == nil || time.Since(m.lastTick) < 250*time.Millisecond {
		return
	}
	m.lastTick = time.Now()
	s := m.res.Stats
	s.Elapsed = time.Since(m.start)
	if m.q.Mode == Records {
		s.Matched = m.delivered
	}
	m.o.Progress(s)
}

// fail records a shard that could not be read from cursor on.
func (m *merger) fail(s *Shard, cur Cursor, err error) error {
	se := &ShardError{Shard: s.Index, First: s.Objects[cur.Object].Source,
		Last: s.Objects[len(s.Objects)-1].Source, Objects: len(s.Objects) - cur.Object, Err: err}
	m.res.Failed = append(m.res.Failed, se)
	m.res.Stats.Merge(scan.Stats{ObjectsFailed: int64(se.Objects),
		Errors: []scan.ObjectError{{Source: se.First, Err: se}}})
	if m.o.OnError != nil {
		m.o.OnError(&scan.ObjectError{Source: se.First, Err: se})
	}
	return nil
}

// events delivers a part's matches and problems in their order.
func (m *merger) events(s *Shard, rep *Reply) error {
	m.dec.reset(s, rep)
	for i := range rep.Events {
		ev := &rep.Events[i]
		if ev.Err != "" || ev.Kind != "" {
			if m.o.OnError != nil {
				m.o.OnError(ev.problem())
			}
			continue
		}
		if m.q.Limit > 0 && m.delivered >= m.q.Limit {
			return errLimit
		}
		match, err := m.dec.match(ev)
		if err != nil {
			return fmt.Errorf("shard %d: %w", s.Index, err)
		}
		m.delivered++
		if m.o.Emit != nil {
			if err := m.o.Emit(match); err != nil {
				return err
			}
		}
	}
	return nil
}
