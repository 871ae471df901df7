package fanout

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faulty wraps an invoker with a fixed schedule of faults by invocation
// number: throttling, function errors, lost replies, replies that come
// after the attempt timed out, and slow replies that get hedged twins
// (both of which then answer).
type faulty struct {
	inner Invoker
	n     atomic.Int64
	slow  time.Duration // how long a slow reply takes (hedged, still in time)
	late  time.Duration // how long a late reply takes (past the attempt timeout)
}

func (f *faulty) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	n := f.n.Add(1)
	switch {
	case n%5 == 1:
		return nil, &InvokeError{Kind: Throttled, Err: errors.New("TooManyRequestsException: Rate Exceeded")}
	case n%7 == 2:
		return nil, &InvokeError{Kind: Function, Err: errors.New("Unhandled: boom")}
	case n%11 == 3:
		return nil, errors.New("read tcp: connection reset by peer")
	case n%13 == 4: // a late reply: it ignores the deadline and answers anyway
		b, err := f.inner.Invoke(context.WithoutCancel(ctx), payload)
		time.Sleep(f.late)
		return b, err
	case n%6 == 5: // slow: a hedged twin races it, and both answer
		time.Sleep(f.slow)
	}
	return f.inner.Invoke(ctx, payload)
}

func TestFaultsAreRetriedAndNothingCountsTwice(t *testing.T) {
	dir := genTree(t)
	for name, q := range map[string]Query{
		"records": {Filter: "dstport = 22 or action = REJECT", Mode: Records},
		"count":   {Filter: "protocol = 6", Mode: Count},
		"groups":  {Filter: "true", Mode: Groups, GroupBy: []string{"srcaddr"}},
	} {
		t.Run(name, func(t *testing.T) {
			want := localScan(t, q, dir)
			inv := &faulty{inner: newInProcess(&Worker{LocalFiles: true, Budget: 32 << 10, Workers: 1}), slow: 300 * time.Millisecond, late: 3 * time.Second}
			got, res := fanScan(t, q, Options{Invoker: inv, Shards: ShardOptions{MinShards: 12}, Concurrency: 4,
				MaxAttempts: 8, AttemptTimeout: 1500 * time.Millisecond, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
				HedgeAfter: 2, HedgeMin: 20 * time.Millisecond, HedgeFactor: 1}, dir)
			assert.Equal(t, want.Records, got.Records)
			assert.Equal(t, want.Problems, got.Problems)
			assert.Equal(t, want.Groups, got.Groups)
			assert.Equal(t, want.Stats, got.Stats)
			assert.Empty(t, res.Failed)
			assert.Positive(t, res.Retries)
			assert.Positive(t, res.Hedges)
		})
	}
}

func TestAFailedShardIsNamed(t *testing.T) {
	dir := genTree(t)
	q := Query{Filter: "protocol = 6", Mode: Count}
	c, err := q.compile()
	require.NoError(t, err)
	opts := c.opts
	opts.Sources = []string{dir}
	inner := newInProcess(&Worker{LocalFiles: true})
	var failSource string
	inv := invokerFunc(func(ctx context.Context, p []byte) ([]byte, error) {
		if strings.Contains(string(p), failSource) {
			return nil, &InvokeError{Kind: Function, Err: errors.New("Runtime.ExitError: the worker crashed")}
		}
		return inner.Invoke(ctx, p)
	})
	o := Options{Invoker: inv, Shards: ShardOptions{MinShards: 6}, MaxAttempts: 3, Backoff: time.Millisecond, HedgeQuantile: -1}
	plan, err := scan.Plan(context.Background(), opts)
	require.NoError(t, err)
	shards := Shards(plan.Selected, o.Shards)
	require.Greater(t, len(shards), 3)
	failSource = shards[2].Objects[0].Source
	var problems []string
	o.OnError = func(err error) { problems = append(problems, err.Error()) }
	res, err := Run(context.Background(), q, plan, o)
	require.NoError(t, err)
	require.Len(t, res.Failed, 1)
	assert.Equal(t, 2, res.Failed[0].Shard)
	assert.Equal(t, shards[2].Objects[0].Source, res.Failed[0].First)
	assert.Equal(t, int64(len(shards[2].Objects)), res.Stats.ObjectsFailed)
	assert.True(t, res.Stats.Incomplete())
	assert.Contains(t, strings.Join(problems, "\n"), "shard 2 (")
	assert.Contains(t, strings.Join(problems, "\n"), "the worker crashed")
	want := localScan(t, q, dir)
	assert.Less(t, res.Stats.Matched, want.Stats.Matched)
}

func TestHandshake(t *testing.T) {
	build, err := Hello(context.Background(), Options{Invoker: newInProcess(&Worker{LocalFiles: true, Build: "flowq v1.2.3"})})
	require.NoError(t, err)
	assert.Equal(t, "flowq v1.2.3", build)

	old := invokerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		return []byte(`{"protocol":0,"fatal":"protocol 1 asked of a worker speaking protocol 0","build":"flowq v0.1"}`), nil
	})
	_, err = Hello(context.Background(), Options{Invoker: old})
	var fe *FatalError
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, err.Error(), "speaking protocol 0")

	rep, err := (&Worker{LocalFiles: true}).Handle(context.Background(), Request{Protocol: Protocol + 1})
	require.NoError(t, err)
	assert.Contains(t, rep.Fatal, "protocol 2 asked")
}

type invokerFunc func(context.Context, []byte) ([]byte, error)

func (f invokerFunc) Invoke(ctx context.Context, p []byte) ([]byte, error) { return f(ctx, p) }

// TestLambdaWorkerReadsS3Only: a worker in Lambda refuses local paths, so
// that no request has it read its own files (/proc/self/environ).
func TestLambdaWorkerReadsS3Only(t *testing.T) {
	rep, err := (&Worker{}).Handle(context.Background(), Request{Protocol: Protocol,
		Query: &Query{Filter: "true", Mode: Records}, Objects: []scan.Planned{{Source: "/proc/self/environ", Size: -1}}})
	require.NoError(t, err)
	assert.Contains(t, rep.Fatal, "reads s3:// objects only")
	assert.Empty(t, rep.Events)
}
