package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/internal/s3test"
)

// TestS3 runs flowq against an S3-protocol server on loopback, through the
// real SDK, with the flags a user of an S3-compatible store gives, and
// checks it answers exactly as on the copied bucket on disk — also while the
// store throttles and cuts bodies, and when a prefix is denied.
func TestS3(t *testing.T) {
	s3test.IsolateEnv(t)
	dir := t.TempDir()
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "") // the credentials come from --profile
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "credentials"),
		[]byte("[audit]\naws_access_key_id = test\naws_secret_access_key = testtest\n"), 0o600))

	srv := s3test.New(t)
	srv.CreateBucket(t, "flowlogs")
	putSample(t, srv, "flowlogs", hive)
	s3Flags := []string{"--profile", "audit", "--endpoint-url", srv.URL, "--path-style", "--s3-region", "us-east-1"}
	ctx := context.Background()

	for _, q := range [][]string{
		{"-o", "raw", "dstport = 22 and action = reject"},
		{"-c", "start >= '2026-01-15 00:00' and \"end\" < '2026-01-15 00:10'"},
		{"-g", "dstaddr", "--top", "3", "-o", "csv", "dstport = 443"},
	} {
		local := runFlowq(ctx, t, "", append(q, hive)...)
		remote := runFlowq(ctx, t, "", append(append(q, "s3://flowlogs/copy/AWSLogs/"), s3Flags...)...)
		require.Equal(t, exitMatch, local.code, local.stderr)
		assert.Equal(t, local.code, remote.code, "%v: %s", q, remote.stderr)
		assert.Equal(t, local.stdout, remote.stdout, "%v", q)
	}

	t.Run("throttled and cut bodies are retried", func(t *testing.T) {
		srv.Faults.Set(0, // day 15: a body cut mid-object; every other object: 503 SlowDown
			s3test.Rule{Kind: s3test.ResetMidBody, Op: s3test.Get, Prefix: "copy/AWSLogs/aws-account-id=444455556666/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=01/day=15", First: 1},
			s3test.Rule{Kind: s3test.SlowDown, Op: s3test.Get, First: 1})
		defer srv.Faults.Set(0)
		local := runFlowq(ctx, t, "", "-c", "true", hive)
		remote := runFlowq(ctx, t, "", append([]string{"-c", "true", "s3://flowlogs/copy/AWSLogs/"}, s3Flags...)...)
		assert.Equal(t, exitMatch, remote.code, remote.stderr)
		assert.Equal(t, local.stdout, remote.stdout, "no record lost or repeated")
		assert.Positive(t, srv.Faults.Injected(s3test.SlowDown))
		assert.Positive(t, srv.Faults.Injected(s3test.ResetMidBody))
	})

	t.Run("a denied prefix is reported and the rest is read", func(t *testing.T) {
		srv.Faults.Set(0, s3test.Rule{Kind: s3test.AccessDenied, Prob: 1, Prefix: "copy/AWSLogs/aws-account-id=444455556666/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=01/day=15"})
		defer srv.Faults.Set(0)
		remote := runFlowq(ctx, t, "", append([]string{"-c", "--stats", "true", "s3://flowlogs/copy/AWSLogs/"}, s3Flags...)...)
		assert.Equal(t, exitError, remote.code, "an incomplete answer exits 2")
		assert.Contains(t, remote.stderr, "AccessDenied")
		assert.Contains(t, remote.stderr, "incomplete result")
		assert.NotEqual(t, "0\n", remote.stdout, "what could be read is counted")
	})

	t.Run("nothing readable is a failure that says why", func(t *testing.T) {
		deadEndpoint := []string{"--profile", "audit", "--endpoint-url", "http://127.0.0.1:1", "--path-style", "--s3-region", "us-east-1"}
		tests := []struct {
			name  string
			rule  *s3test.Rule
			src   string
			flags []string
			say   string
			hint  string
		}{
			{"every request denied", &s3test.Rule{Kind: s3test.AccessDenied, Prob: 1}, "s3://flowlogs/copy/AWSLogs/", s3Flags,
				"nothing could be read: access denied", "s3:ListBucket and s3:GetObject"},
			{"no such bucket", nil, "s3://no-such-bucket/AWSLogs/", s3Flags, "nothing could be read: no such bucket", "check the bucket's name"},
			{"dead endpoint", nil, "s3://flowlogs/", deadEndpoint, "nothing could be read: the S3 endpoint cannot be reached", "--endpoint-url"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.rule != nil {
					srv.Faults.Set(0, *tt.rule)
					defer srv.Faults.Set(0)
				}
				start := time.Now()
				r := runFlowq(ctx, t, "", append([]string{"-c", "true", tt.src}, tt.flags...)...)
				assert.Equal(t, exitError, r.code)
				assert.Empty(t, r.stdout, "no count: nothing was counted")
				assert.Contains(t, r.stderr, "flowq: "+tt.say+"\nhint: ")
				assert.Contains(t, r.stderr, tt.hint)
				assert.NotContains(t, r.stderr, "incomplete result")
				assert.Less(t, time.Since(start), 10*time.Second, "no half minute of silent retries")
			})
		}
	})
}

// TestS3WithoutCredentials checks the message when no credentials can be
// found at all: one line that says so, a hint, no count.
func TestS3WithoutCredentials(t *testing.T) {
	s3test.IsolateEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	srv := s3test.New(t)
	srv.CreateBucket(t, "flowlogs")
	r := runFlowq(context.Background(), t, "", "-c", "true", "s3://flowlogs/", "--endpoint-url", srv.URL, "--path-style")
	assert.Equal(t, exitError, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "flowq: nothing could be read: no AWS credentials could be found\nhint: give a profile")
	t.Log(r.stderr)
}

// putSample copies the sample's objects below root into bucket, under
// "copy/" and their path in the sample, as a copied bucket holds them.
func putSample(t *testing.T, srv *s3test.Server, bucket, root string) {
	t.Helper()
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(sample, p)
		require.NoError(t, err)
		files["copy/"+filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	}))
	srv.PutTree(t, bucket, files)
}
