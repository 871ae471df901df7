package fanout

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// attempts sends the parts of shards, retrying and hedging; one per Run,
// safe for concurrent use.
type attempts struct {
	inv     Invoker
	o       *Options
	durs    durations
	invoked atomic.Int64
	retried atomic.Int64
	hedged  atomic.Int64
}

// maxRequest is Lambda's limit on a synchronous request payload.
const maxRequest = 6 << 20

type outcome struct {
	rep *Reply
	err error
	dur time.Duration
}

// part returns the first good reply to req. A failed attempt is retried
// after a backoff (doubling, with jitter) up to MaxAttempts; an attempt
// slower than the hedge delay gets one twin. Whichever good reply comes
// first is the answer: the others, and replies that come after their
// attempt timed out, are dropped, so nothing is applied twice.
func (a *attempts) part(ctx context.Context, req *Request) (*Reply, error) {
	payload, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if len(payload) > maxRequest {
		return nil, &InvokeError{Kind: Permanent, Err: fmt.Errorf("a request of %d bytes is past Lambda's 6 MB payload limit (a large IN @list, or too many objects per shard)", len(payload))}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the attempts still running
	results := make(chan outcome, a.o.maxAttempts()+1)
	running, tries, hedged := 0, 0, false
	launch := func() { running++; tries++; go a.attempt(ctx, payload, results) }
	launch()
	start := time.Now()
	var lastErr error
	retry := time.NewTimer(0)
	retry.Stop()
	hedge := time.NewTimer(min(a.durs.hedgeDelay(a.o), time.Second))
	defer retry.Stop()
	defer hedge.Stop()
	for {
		select {
		case out := <-results:
			running--
			if out.err == nil {
				a.durs.add(out.dur)
				return out.rep, nil
			}
			lastErr = out.err
			if kindOf(out.err) == Permanent {
				return nil, out.err
			}
			if running == 0 && tries >= a.o.maxAttempts() {
				return nil, fmt.Errorf("%d attempts: %w", tries, lastErr)
			}
			if tries < a.o.maxAttempts() {
				retry.Reset(a.o.backoff(tries))
			}
		case <-retry.C:
			a.retried.Add(1)
			launch()
		case <-hedge.C:
			if hedged || running == 0 || tries >= a.o.maxAttempts() {
				continue
			}
			if d := a.durs.hedgeDelay(a.o); time.Since(start) < d {
				hedge.Reset(min(d-time.Since(start), time.Second)) // the delay may shrink as parts finish
				continue
			}
			hedged = true
			a.hedged.Add(1)
			launch()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// attempt makes one invocation and reports its outcome. An invocation
// that outlives its timeout is reported as timed out at once; its reply,
// if it ever comes, is dropped.
func (a *attempts) attempt(ctx context.Context, payload []byte, results chan<- outcome) {
	a.invoked.Add(1)
	actx, cancel := context.WithTimeout(ctx, a.o.attemptTimeout())
	defer cancel()
	start := time.Now()
	done := make(chan outcome, 1)
	go func() {
		b, err := a.inv.Invoke(actx, payload)
		done <- decodeReply(b, err)
	}()
	var out outcome
	select {
	case out = <-done:
	case <-actx.Done():
		out = outcome{err: &InvokeError{Kind: Timeout, Err: actx.Err()}}
	}
	if ctx.Err() == nil && actx.Err() != nil && out.err != nil {
		out.err = &InvokeError{Kind: Timeout, Err: out.err}
	}
	out.dur = time.Since(start)
	results <- out
}

func decodeReply(b []byte, err error) outcome {
	if err != nil {
		return outcome{err: err}
	}
	rep := &Reply{}
	if err := json.Unmarshal(b, rep); err != nil {
		return outcome{err: &InvokeError{Kind: Lost, Err: fmt.Errorf("a reply that does not decode: %w", err)}}
	}
	if rep.Protocol != Protocol && rep.Fatal == "" {
		return outcome{err: &InvokeError{Kind: Lost, Err: fmt.Errorf("a reply of protocol %d", rep.Protocol)}}
	}
	return outcome{rep: rep}
}

// durations are the times good attempts took, for the hedge delay.
type durations struct {
	mu sync.Mutex
	d  []time.Duration
}

func (d *durations) add(t time.Duration) {
	d.mu.Lock()
	d.d = append(d.d, t)
	d.mu.Unlock()
}

// hedgeDelay is how long an attempt may run before it gets a twin: the
// HedgeQuantile of the attempts so far times HedgeFactor, once
// HedgeAfter attempts have succeeded, never less than HedgeMin; before
// that, the attempt timeout (no hedging).
func (d *durations) hedgeDelay(o *Options) time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	if o.HedgeQuantile < 0 || len(d.d) < o.hedgeAfter() {
		return o.attemptTimeout() * 2
	}
	s := slices.Clone(d.d)
	slices.Sort(s)
	q := o.HedgeQuantile
	if q == 0 {
		q = 0.9
	}
	at := s[min(len(s)-1, int(q*float64(len(s))))]
	floor := o.HedgeMin
	if floor == 0 {
		floor = 2 * time.Second // a twin of a short invocation costs more than it saves
	}
	return max(floor, time.Duration(float64(at)*o.hedgeFactor()))
}

func (o *Options) maxAttempts() int {
	if o.MaxAttempts > 0 {
		return o.MaxAttempts
	}
	return 5
}

func (o *Options) attemptTimeout() time.Duration {
	if o.AttemptTimeout > 0 {
		return o.AttemptTimeout
	}
	return 15*time.Minute + 30*time.Second // Lambda's own limit, and the way back
}

func (o *Options) hedgeAfter() int {
	if o.HedgeAfter > 0 {
		return o.HedgeAfter
	}
	return 4
}

func (o *Options) hedgeFactor() float64 {
	if o.HedgeFactor > 0 {
		return o.HedgeFactor
	}
	return 2
}

// backoff is the delay before attempt n+1: Backoff doubled per attempt,
// capped at MaxBackoff, with full jitter in its upper half.
func (o *Options) backoff(n int) time.Duration {
	base, limit := o.Backoff, o.MaxBackoff
	if base <= 0 {
		base = 200 * time.Millisecond
	}
	if limit <= 0 {
		limit = 10 * time.Second
	}
	d := min(limit, base<<min(n-1, 20))
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
