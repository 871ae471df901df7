package fanout

import "context"

// Pool spreads invocations over several invokers, one invocation at a
// time on each: a set of emulators, one per concurrency slot, each
// running one function process. Invoke waits for a free invoker. Safe
// for concurrent use.
type Pool struct{ free chan Invoker }

// NewPool returns a pool of invs.
func NewPool(invs ...Invoker) *Pool {
	p := &Pool{free: make(chan Invoker, len(invs))}
	for _, inv := range invs {
		p.free <- inv
	}
	return p
}

// Invoke runs payload on the next free invoker.
func (p *Pool) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	select {
	case inv := <-p.free:
		defer func() { p.free <- inv }()
		return inv.Invoke(ctx, payload)
	case <-ctx.Done():
		return nil, &InvokeError{Kind: Timeout, Err: ctx.Err()}
	}
}
