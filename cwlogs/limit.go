package cwlogs

import (
	"context"
	"sync"
	"time"
)

// limiter spaces requests evenly, allowing a short burst: safe for
// concurrent use by every stream of a Source.
type limiter struct {
	mu    sync.Mutex
	next  time.Time
	every time.Duration
	burst time.Duration
}

func newLimiter(perSecond float64) *limiter {
	if perSecond <= 0 {
		perSecond = defaultRate
	}
	every := time.Duration(float64(time.Second) / perSecond)
	return &limiter{every: every, burst: 2 * every}
}

// wait blocks until a request may go, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	t := l.next
	if earliest := now.Add(-l.burst); t.Before(earliest) {
		t = earliest
	}
	l.next = t.Add(l.every)
	l.mu.Unlock()
	d := t.Sub(now)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
