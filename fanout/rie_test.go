package fanout

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/internal/s3test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rieBinary finds the AWS Lambda Runtime Interface Emulator: on PATH or
// where go install puts it. Without it the test skips, and fails under
// CI=true (.ci/run installs it).
func rieBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "aws-lambda-rie")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "aws-lambda-rie not found: go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// buildWorker builds cmd/flowq-lambda as the provided.al2023 runtime
// runs it: a static binary named bootstrap.
func buildWorker(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", bin, "../cmd/flowq-lambda")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startEmulators starts n emulator processes, each on its own loopback
// port running the worker with env, and returns their invoke endpoints.
func startEmulators(t *testing.T, n int, rie, bootstrap string, env []string) []string {
	t.Helper()
	var urls []string
	for range n {
		port, apiPort := freePort(t), freePort(t)
		cmd := exec.Command(rie, "--log-level", "error",
			"--runtime-interface-emulator-address", fmt.Sprintf("127.0.0.1:%d", port),
			"--runtime-api-address", fmt.Sprintf("127.0.0.1:%d", apiPort), bootstrap)
		cmd.Env = append(os.Environ(), env...)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		require.Eventually(t, func() bool {
			c, err := net.Dial("tcp", addr)
			if err == nil {
				c.Close()
			}
			return err == nil
		}, 10*time.Second, 20*time.Millisecond, "emulator on %s", addr)
		urls = append(urls, "http://"+addr)
	}
	return urls
}

// s3Tree puts a generated tree into a loopback S3 server.
func s3Tree(t *testing.T, cfg gen.Config) *s3test.Server {
	t.Helper()
	dir := t.TempDir()
	_, err := gen.WriteTree(context.Background(), dir, cfg)
	require.NoError(t, err)
	srv := s3test.New(t)
	srv.CreateBucket(t, "flowlogs")
	files := map[string][]byte{}
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	}))
	srv.PutTree(t, "flowlogs", files)
	return srv
}

// emulatorPool starts n emulators reading srv and returns a pool of SDK
// invokers of their function, "function".
func emulatorPool(t *testing.T, n int, rie, bootstrap string, srv *s3test.Server) *Pool {
	t.Helper()
	env := []string{"AWS_ENDPOINT_URL_S3=" + srv.URL, "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=testtest",
		"AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true", "FLOWQ_REPLY_BUDGET=" + strconv.Itoa(256<<10)}
	var invs []Invoker
	for _, url := range startEmulators(t, n, rie, bootstrap, env) {
		inv, err := NewLambdaInvoker(context.Background(), "function", LambdaOptions{Endpoint: url})
		require.NoError(t, err)
		invs = append(invs, inv)
	}
	return NewPool(invs...)
}

var rieTree = gen.Config{Seed: 7, Start: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC), Duration: 2 * time.Hour,
	Accounts: []string{"111122223333", "444455556666"}, Regions: []string{"us-east-1"},
	RecordsPerObject: 400, MalformedFraction: 0.001, Workers: 2}

func s3Query(q Query) Query {
	q.S3 = S3{Region: "us-east-1", PathStyle: true}
	return q
}

// TestEmulatedLambdaEqualsLocalScan runs the built worker under real
// Lambda runtimes (the Runtime Interface Emulator, one process per slot),
// reading the S3-protocol server, driven by the real SDK's Invoke: the
// answers equal a local scan of the same bucket.
func TestEmulatedLambdaEqualsLocalScan(t *testing.T) {
	rie := rieBinary(t)
	s3test.IsolateEnv(t)
	srv := s3Tree(t, rieTree)
	bootstrap := buildWorker(t)
	pool := emulatorPool(t, 3, rie, bootstrap, srv)
	t.Setenv("AWS_ENDPOINT_URL_S3", srv.URL) // the coordinator's listing and the local scan
	o := Options{Invoker: pool, Concurrency: 3, Shards: ShardOptions{MinShards: 7}, Backoff: 10 * time.Millisecond}
	build, err := Hello(context.Background(), o)
	require.NoError(t, err)
	assert.Contains(t, build, "flowq-lambda")
	for name, q := range map[string]Query{
		"records": {Filter: "dstport = 22 or action = REJECT", Mode: Records},
		"count":   {Filter: "protocol = 6", Mode: Count},
		"groups":  {Filter: "true", Mode: Groups, GroupBy: []string{"dstport"}},
	} {
		t.Run(name, func(t *testing.T) {
			q = s3Query(q)
			want := localScan(t, q, "s3://flowlogs/AWSLogs/")
			got, res := fanScan(t, q, o, "s3://flowlogs/AWSLogs/")
			assert.Equal(t, want.Records, got.Records)
			assert.Equal(t, want.Problems, got.Problems)
			assert.Equal(t, want.Groups, got.Groups)
			assert.Equal(t, want.Stats, got.Stats)
			assert.Empty(t, res.Failed)
			assert.Positive(t, want.Stats.GetRequests)
		})
	}
}

// TestEmulatedScaling times one scan at 1, 2, 4 and 8 emulated workers
// against a local scan, interleaved over rounds in the same run
// (FLOWQ_RIE_BENCH=1; FLOWQ_RIE_ROUNDS, default 3), and logs each time and
// the medians. See the report for what these numbers do and do not say
// about real Lambda.
func TestEmulatedScaling(t *testing.T) {
	if os.Getenv("FLOWQ_RIE_BENCH") == "" {
		t.Skip("set FLOWQ_RIE_BENCH=1 to time emulated fan-out")
	}
	rie := rieBinary(t)
	s3test.IsolateEnv(t)
	cfg := rieTree
	cfg.Duration, cfg.RecordsPerObject = 8*time.Hour, 3000
	srv := s3Tree(t, cfg)
	bootstrap := buildWorker(t)
	t.Setenv("AWS_ENDPOINT_URL_S3", srv.URL)
	q := s3Query(Query{Filter: "dstport = 22 and action = REJECT", Mode: Records})
	sizes := []int{1, 2, 4, 8}
	pools := map[int]*Pool{}
	for _, n := range sizes {
		pools[n] = emulatorPool(t, n, rie, bootstrap, srv)
		_, err := Hello(context.Background(), Options{Invoker: pools[n]}) // a cold start, at most one per emulator
		require.NoError(t, err)
	}
	rounds, _ := strconv.Atoi(os.Getenv("FLOWQ_RIE_ROUNDS"))
	rounds = max(rounds, 3)
	times := map[int][]time.Duration{} // 0: the local scan
	var want result
	for r := range rounds {
		start := time.Now()
		want = localScan(t, q, "s3://flowlogs/AWSLogs/")
		times[0] = append(times[0], time.Since(start))
		for _, n := range sizes {
			o := Options{Invoker: pools[n], Concurrency: n, Shards: ShardOptions{MinShards: 16}}
			start := time.Now()
			got, _ := fanScan(t, q, o, "s3://flowlogs/AWSLogs/")
			times[n] = append(times[n], time.Since(start))
			require.Equal(t, want.Records, got.Records)
		}
		t.Logf("round %d: local %v; 1: %v, 2: %v, 4: %v, 8: %v", r+1, times[0][r].Round(time.Millisecond),
			times[1][r].Round(time.Millisecond), times[2][r].Round(time.Millisecond),
			times[4][r].Round(time.Millisecond), times[8][r].Round(time.Millisecond))
	}
	median := func(d []time.Duration) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[len(s)/2].Round(time.Millisecond)
	}
	t.Logf("%d objects, %d records, %d matches, 16+ shards; medians: local %v; 1: %v, 2: %v, 4: %v, 8: %v",
		want.Stats.ObjectsRead, want.Stats.Records, want.Stats.Matched, median(times[0]),
		median(times[1]), median(times[2]), median(times[4]), median(times[8]))
}
