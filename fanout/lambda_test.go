package fanout

import (
	"context"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/lambdatest"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLambdaInvokerThroughTheSDK drives the worker through the real SDK's
// Invoke, found through AWS_ENDPOINT_URL_LAMBDA, with throttling (429)
// and a concurrency limit on the server side.
func TestLambdaInvokerThroughTheSDK(t *testing.T) {
	dir := genTree(t)
	srv := lambdatest.New("flowq-worker", (&Worker{LocalFiles: true, Build: "sdk-test", Budget: 64 << 10}).Handle)
	defer srv.Close()
	srv.Throttle = func(n int64) bool { return n%4 == 2 }
	srv.Slots = 3
	t.Setenv("AWS_ENDPOINT_URL_LAMBDA", srv.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	ctx := context.Background()
	inv, err := NewLambdaInvoker(ctx, "flowq-worker", LambdaOptions{})
	require.NoError(t, err)
	o := Options{Invoker: inv, Shards: ShardOptions{MinShards: 6}, Concurrency: 4, MaxAttempts: 12,
		Backoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}
	build, err := Hello(ctx, o)
	require.NoError(t, err)
	assert.Equal(t, "sdk-test", build)

	q := Query{Filter: "dstport = 22 or action = REJECT", Mode: Records}
	want := localScan(t, q, dir)
	var ticks []scan.Stats
	o.Progress = func(s scan.Stats) { ticks = append(ticks, s) }
	got, res := fanScan(t, q, o, dir)
	require.NotEmpty(t, ticks, "progress is reported")
	assert.LessOrEqual(t, ticks[len(ticks)-1].Matched, got.Stats.Matched)
	assert.Positive(t, ticks[0].ObjectsRead)
	assert.Equal(t, want.Records, got.Records)
	assert.Equal(t, want.Problems, got.Problems)
	assert.Equal(t, want.Stats, got.Stats)
	assert.Empty(t, res.Failed)
	assert.Positive(t, res.Retries, "throttled invocations were retried")

	missing, err := NewLambdaInvoker(ctx, "no-such-function", LambdaOptions{})
	require.NoError(t, err)
	_, err = Hello(ctx, Options{Invoker: missing, Backoff: 1})
	require.Error(t, err)
	assert.Equal(t, Permanent, kindOf(err))
	assert.Contains(t, err.Error(), "Function not found")
}
