package fanout

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lambdaResponseLimit is Lambda's limit on a synchronous response.
const lambdaResponseLimit = 6 << 20

// sizes records the size of every reply.
type sizes struct {
	inner Invoker
	mu    sync.Mutex
	max   int
	n     int
}

func (s *sizes) Invoke(ctx context.Context, p []byte) ([]byte, error) {
	b, err := s.inner.Invoke(ctx, p)
	s.mu.Lock()
	s.max, s.n = max(s.max, len(b)), s.n+1
	s.mu.Unlock()
	return b, err
}

// TestRepliesStayUnderLambdasLimit: one shard whose matches are larger
// than a response may be comes back in parts, each under 6 MB with the
// default budget, and the whole equals a local scan.
func TestRepliesStayUnderLambdasLimit(t *testing.T) {
	dir := t.TempDir()
	_, err := gen.WriteTree(context.Background(), dir, gen.Config{Seed: 9, Start: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC),
		Duration: 2 * time.Hour, RecordsPerObject: 2500, Workers: 2})
	require.NoError(t, err)
	q := Query{Filter: "true", Mode: Records}
	want := localScan(t, q, dir)
	inv := &sizes{inner: newInProcess(&Worker{LocalFiles: true})}
	got, res := fanScan(t, q, Options{Invoker: inv}, dir)
	require.Len(t, res.Shards, 1)
	assert.Equal(t, len(want.Records), len(got.Records))
	assert.Equal(t, want.Records, got.Records)
	assert.Equal(t, want.Stats, got.Stats)
	assert.Greater(t, inv.n, 2, "the reply came in parts")
	assert.Less(t, inv.max, lambdaResponseLimit)
	assert.Greater(t, inv.max, DefaultReplyBudget/2, "parts are filled")
	t.Logf("%d records in %d parts, the largest %d bytes", len(got.Records), inv.n, inv.max)
}

func TestTooLargeARequestIsNotSent(t *testing.T) {
	calls := 0
	inv := invokerFunc(func(context.Context, []byte) ([]byte, error) { calls++; return nil, nil })
	a := &attempts{inv: inv, o: &Options{}}
	big := make([]byte, maxRequest)
	_, err := a.part(context.Background(), &Request{Protocol: Protocol, Query: &Query{Lists: map[string][]byte{"blocklist.txt": big}}})
	require.Error(t, err)
	assert.Equal(t, Permanent, kindOf(err))
	assert.Contains(t, err.Error(), "6 MB payload limit")
	assert.Zero(t, calls)
}
