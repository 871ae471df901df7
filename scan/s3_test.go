package scan

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/s3test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bucket = "flowlogs"

// newS3 starts a server holding the tree in the test bucket.
func newS3(t *testing.T, tr *tree) (*s3test.Server, S3Options) {
	s3test.IsolateEnv(t)
	srv := s3test.New(t)
	srv.CreateBucket(t, bucket)
	srv.PutTree(t, bucket, tr.files)
	return srv, S3Options{EndpointURL: srv.URL, PathStyle: true, MaxBackoff: 20 * time.Millisecond}
}

func TestS3Layouts(t *testing.T) {
	layouts := []layoutKind{plain, hourly, hive, hiveHourly, hiveOld}
	tr := genTree(t, "prod/", layouts, utc(2026, 1, 31, 20, 0), utc(2026, 2, 1, 4, 0), 5)
	srv, s3o := newS3(t, tr)
	for _, w := range testWindows(t) {
		t.Run(w.name, func(t *testing.T) {
			got, st, err := collect(t, t.Context(), Options{Sources: []string{"s3://" + bucket + "/prod/"}, Since: w.since, Until: w.until, S3: s3o, Workers: 8})
			require.NoError(t, err)
			assert.Equal(t, tr.want(w.since, w.until), sorted(got))
			assert.False(t, st.Incomplete(), "%v", st.Errors)
			assert.Equal(t, st.ObjectsRead, st.GetRequests, "one GET per object")
			if !w.since.IsZero() && !w.until.IsZero() {
				assert.Less(t, st.ObjectsListed, int64(len(tr.files)), "a bounded window lists only its folders")
				assert.Positive(t, st.ObjectsPruned+st.PrefixesPruned)
			}
			if w.name == "empty" {
				assert.Zero(t, st.ObjectsListed, "no folder of the window exists")
				assert.Less(t, st.ListRequests, int64(40))
			}
		})
	}
	_ = srv
}

func TestS3Faults(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain, hive}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 2, 0), 1500)
	srv, s3o := newS3(t, tr)
	var keys []string
	for k := range tr.files {
		keys = append(keys, k)
	}
	want := tr.want(time.Time{}, time.Time{})
	tests := []struct {
		name  string
		rules []s3test.Rule
		kind  s3test.Kind
	}{
		{"503 SlowDown", []s3test.Rule{{Kind: s3test.SlowDown, First: 2}}, s3test.SlowDown},
		{"500 InternalError", []s3test.Rule{{Kind: s3test.Internal, First: 2}}, s3test.Internal},
		{"reset before response", []s3test.Rule{{Kind: s3test.Reset, First: 1}}, s3test.Reset},
		{"body truncated", []s3test.Rule{{Kind: s3test.Truncate, Op: s3test.Get, First: 2}}, s3test.Truncate},
		{"reset mid-body", []s3test.Rule{{Kind: s3test.ResetMidBody, Op: s3test.Get, First: 1}}, s3test.ResetMidBody},
		{"list truncated", []s3test.Rule{{Kind: s3test.Truncate, Op: s3test.List, First: 1}}, s3test.Truncate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv.Faults.Set(0, tc.rules...)
			defer srv.Faults.Set(0)
			before := srv.Faults.Injected(tc.kind)
			var lines []string
			st, err := Run(t.Context(), Options{Sources: []string{"s3://" + bucket}, S3: s3o, Workers: 8}, func(m Match) error {
				lines = append(lines, string(m.Record.Line()))
				return nil
			})
			require.NoError(t, err)
			assert.False(t, st.Incomplete(), "%v", st.Errors)
			assert.Greater(t, srv.Faults.Injected(tc.kind), before, "faults were injected")
			require.Len(t, lines, len(want), "no record lost or duplicated")
			assert.Equal(t, want, sorted(lines))
			assert.Equal(t, int64(len(keys)), st.ObjectsRead)
		})
	}
}

func TestS3AccessDeniedAndJunk(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain, plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 0, 30), 3)
	tr.files["AWSLogs/"+acct1+"/CloudTrail/us-east-1/2026/01/15/x.json.gz"] = gz(t, `{"Records":[]}`)
	tr.files["AWSLogs/"+acct1+"/vpcflowlogs/us-east-1/2026/01/15/README.txt"] = []byte("copied from prod\n")
	srv, s3o := newS3(t, tr)
	deniedKey := ""
	for k := range tr.records {
		if strings.Contains(k, acct1) && strings.Contains(k, "T0010Z") {
			deniedKey = k
		}
	}
	require.NotEmpty(t, deniedKey)
	srv.Faults.Set(0,
		s3test.Rule{Kind: s3test.AccessDenied, Op: s3test.List, Prefix: "AWSLogs/" + acct2 + "/", First: 1000},
		s3test.Rule{Kind: s3test.AccessDenied, Op: s3test.Get, Prefix: deniedKey, First: 1000})
	var reported []string
	got, st, err := collect(t, t.Context(), Options{Sources: []string{"s3://" + bucket + "/AWSLogs/"}, S3: s3o,
		OnError: func(err error) { reported = append(reported, err.Error()) }})
	require.NoError(t, err)
	var want []string
	for k, lines := range tr.records {
		if strings.Contains(k, acct1) && k != deniedKey {
			want = append(want, lines...)
		}
	}
	assert.Equal(t, sorted(want), sorted(got))
	assert.True(t, st.Incomplete())
	assert.Equal(t, int64(1), st.PrefixesFailed)
	assert.Equal(t, int64(1), st.ObjectsFailed)
	assert.Equal(t, int64(1), st.ObjectsSkipped, "README.txt: %v", st.Skips)
	skips := slices.DeleteFunc(slices.Clone(reported), func(r string) bool { return !strings.HasPrefix(r, "skipped ") })
	assert.Len(t, skips, 1, "README.txt reaches OnError as skipped")
	reported = slices.DeleteFunc(reported, func(r string) bool { return strings.HasPrefix(r, "skipped ") })
	require.Len(t, reported, 2)
	assert.Contains(t, reported[0], "s3://"+bucket+"/AWSLogs/"+acct2+"/: list: ")
	assert.Contains(t, reported[0], "AccessDenied")
	assert.Contains(t, reported[1], "s3://"+bucket+"/"+deniedKey+": get: ")

	_, _, err = collect(t, t.Context(), Options{Sources: []string{"s3://" + bucket + "/AWSLogs/"}, S3: s3o, Strict: true})
	var oe *ObjectError
	require.ErrorAs(t, err, &oe, "strict mode stops at the first error")
}

func TestS3CancelAndPlan(t *testing.T) {
	tr := genTree(t, "", []layoutKind{hourly}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 6, 0), 20)
	srv, s3o := newS3(t, tr)
	srv.Faults.Set(25 * time.Millisecond)
	base := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(t.Context(), 700*time.Millisecond)
	defer cancel()
	start := time.Now()
	got, _, err := collect(t, ctx, Options{Sources: []string{"s3://" + bucket}, S3: s3o, Workers: 4})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 1700*time.Millisecond, "cancellation is prompt")
	assert.NotEmpty(t, got, "matches found before the cancellation are delivered")
	assert.Less(t, len(got), len(tr.want(time.Time{}, time.Time{})))
	assertNoLeak(t, base)

	srv.Faults.Set(0)
	gets := srv.Faults.Requests(s3test.Get)
	p, err := Plan(t.Context(), Options{Sources: []string{"s3://" + bucket}, S3: s3o,
		Since: utc(2026, 1, 15, 2, 0), Until: utc(2026, 1, 15, 3, 0)})
	require.NoError(t, err)
	assert.Zero(t, p.Stats.GetRequests)
	assert.Equal(t, gets, srv.Faults.Requests(s3test.Get))
	assert.Len(t, p.Selected, 21)
	assert.Contains(t, p.Listed, "s3://"+bucket+"/AWSLogs/"+acct1+"/vpcflowlogs/us-east-1/2026/01/15/02/")
	assert.NotContains(t, p.Listed, "s3://"+bucket+"/AWSLogs/"+acct1+"/vpcflowlogs/us-east-1/2026/01/15/05/")
	// With a window, the day folders below a region are computed, not listed.
	assert.NotContains(t, p.Listed, "s3://"+bucket+"/AWSLogs/"+acct1+"/vpcflowlogs/us-east-1/")
	assert.NotContains(t, p.Listed, "s3://"+bucket+"/AWSLogs/"+acct1+"/vpcflowlogs/us-east-1/2026/")
	assert.Contains(t, p.Listed, "s3://"+bucket+"/AWSLogs/"+acct1+"/vpcflowlogs/us-east-1/2026/01/15/")
}

// TestS3WithCABundle checks that AWS_CA_BUNDLE, which needs the SDK's own
// buildable HTTP client, still works with the client flowq builds.
func TestS3WithCABundle(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 0, 10), 3)
	_, s3o := newS3(t, tr)
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(bundle, selfSignedPEM(t), 0o644))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	got, st, err := collect(t, t.Context(), Options{Sources: []string{"s3://" + bucket}, S3: s3o})
	require.NoError(t, err)
	assert.Equal(t, tr.want(time.Time{}, time.Time{}), sorted(got))
	assert.Equal(t, st.ObjectsRead, st.GetRequests)
	assert.Positive(t, st.ListRequests)
}

// selfSignedPEM returns a CA certificate in PEM, made for the test.
func selfSignedPEM(t *testing.T) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "flowq test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
