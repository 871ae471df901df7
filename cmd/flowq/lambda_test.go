package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowq/flowq/fanout"
	"github.com/flowq/flowq/internal/lambdatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lambdaEnv points the SDK at a loopback Lambda endpoint running the
// worker, with dummy credentials and no config files.
func lambdaEnv(t *testing.T, w *fanout.Worker) *lambdatest.Server {
	srv := lambdatest.New("flowq-worker", w.Handle)
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_LAMBDA", srv.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_PROFILE", "")
	return srv
}

// TestLambdaGivesTheLocalAnswer runs the same command lines locally and
// with --lambda (through the SDK, a loopback Invoke endpoint and the
// worker): stdout, stderr and the exit status are the same.
func TestLambdaGivesTheLocalAnswer(t *testing.T) {
	srv := lambdaEnv(t, &fanout.Worker{LocalFiles: true, Build: "cli-test", Budget: 8 << 10})
	list := filepath.Join(t.TempDir(), "blocklist.txt")
	require.NoError(t, os.WriteFile(list, []byte("10.0.0.0/8\n# a comment\n"), 0o644))
	for name, args := range map[string][]string{
		"list":      {"srcaddr in @" + list + " and dstport = 443", sample},
		"table-tz":  {"-o", "table", "--tz", "Asia/Tokyo", "action = REJECT", sample},
		"region":    {"--region", "ap-northeast-1", "-o", "csv", "true", sample},
		"account":   {"--account", "444455556666", "-c", "true", sample},
		"hour":      {"-g", "hour,action", "true", sample},
		"raw":       {"action = REJECT", sample},
		"json":      {"-o", "json", "--with-source", "--fields", "all", "dstport = 443 or dstport = 22", sample},
		"csv-since": {"-o", "csv", "true", "--since", "2026-01-15 09:00", "--until", "2026-01-15 10:00", sample},
		"count":     {"-c", "protocol = 6", sample},
		"groups":    {"-g", "dstaddr,day", "--sort", "bytes", "--tz", "Asia/Tokyo", "true", sample},
		"limit":     {"--limit", "3", "true", sample},
		"count-cut": {"-c", "--limit", "3", "true", sample},
		"top":       {"-g", "dstport", "--limit", "3", "true", sample},
		"stats":     {"--stats", "-c", "true", sample},
		"none":      {"dstport = 1", sample},
		"damaged":   {"true", damaged},
	} {
		t.Run(name, func(t *testing.T) {
			want := runFlowq(context.Background(), t, "", args...)
			got := runFlowq(context.Background(), t, "", append([]string{"--lambda", "flowq-worker", "--lambda-shards", "3"}, args...)...)
			assert.Equal(t, want.stdout, got.stdout)
			assert.Equal(t, stableStderr(elapsed.ReplaceAllString(hideInflater(want.stderr), "\n")),
				stableStderr(elapsed.ReplaceAllString(hideInflater(got.stderr), "\n")))
			assert.Equal(t, want.code, got.code)
		})
	}
	require.Positive(t, srv.Invocations())
}

func TestLambdaExplainAndHandshake(t *testing.T) {
	lambdaEnv(t, &fanout.Worker{LocalFiles: true, Build: "cli-test"})
	r := runFlowq(context.Background(), t, "", "--explain", "--lambda", "flowq-worker", "--lambda-shards", "2", "true", sample)
	require.Equal(t, exitMatch, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Fan-out to Lambda function flowq-worker:")
	assert.Contains(t, r.stdout, "shard 0: ")
	assert.Contains(t, r.stdout, "shard 1: ")

	r = runFlowq(context.Background(), t, "", "--lambda", "no-such-function", "true", sample)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "handshake")
	assert.Contains(t, r.stderr, "Function not found")

	r = runFlowq(context.Background(), t, "x", "--lambda", "flowq-worker", "true", "-")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "standard input cannot be fanned out")
}

// TestLambdaFailedShardExitStatus: a shard whose worker keeps failing is
// named on stderr, the rest is printed, and the exit status is 2.
func TestLambdaFailedShardExitStatus(t *testing.T) {
	w := &fanout.Worker{LocalFiles: true}
	srv := lambdatest.New("flowq-worker", func(ctx context.Context, req fanout.Request) (fanout.Reply, error) {
		if req.Shard == 1 {
			return fanout.Reply{}, errors.New("the worker ran out of memory")
		}
		return w.Handle(ctx, req)
	})
	t.Cleanup(srv.Close)
	lambdaEnv(t, w)
	t.Setenv("AWS_ENDPOINT_URL_LAMBDA", srv.URL)
	want := runFlowq(context.Background(), t, "", "-c", "true", sample)
	got := runFlowq(context.Background(), t, "", "--lambda", "flowq-worker", "--lambda-shards", "3", "-c", "true", sample)
	assert.Equal(t, exitError, got.code)
	assert.Contains(t, got.stderr, "shard 1 (")
	assert.Contains(t, got.stderr, "the worker ran out of memory")
	assert.Contains(t, got.stderr, "incomplete result")
	assert.NotEqual(t, want.stdout, got.stdout, "the count lacks the failed shard")
}
