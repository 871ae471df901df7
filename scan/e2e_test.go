package scan

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/flowq/flowq/internal/s3test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestS3EndToEnd scans a tree on a real S3-compatible server that checks
// SigV4 signatures (versitygw in .ci/run). It runs when FLOWQ_S3_ENDPOINT
// is set, with FLOWQ_S3_ACCESS and FLOWQ_S3_SECRET as credentials. The
// tree is uploaded through the SDK (test setup only; flowq never writes).
func TestS3EndToEnd(t *testing.T) {
	endpoint := os.Getenv("FLOWQ_S3_ENDPOINT")
	if endpoint == "" {
		t.Skip("FLOWQ_S3_ENDPOINT not set")
	}
	access, secret := os.Getenv("FLOWQ_S3_ACCESS"), os.Getenv("FLOWQ_S3_SECRET")
	s3test.IsolateEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", access)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	bkt := fmt.Sprintf("flowq-e2e-%d", time.Now().UnixNano())
	c := s3test.NewClient(endpoint, access, secret)
	_, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: &bkt})
	require.NoError(t, err)
	tr := genTree(t, "prod/", []layoutKind{plain, hourly, hive, hiveHourly}, utc(2026, 1, 31, 22, 0), utc(2026, 2, 1, 2, 0), 20)
	require.NoError(t, s3test.Upload(t.Context(), c, bkt, tr.files))

	s3o := S3Options{EndpointURL: endpoint, PathStyle: true}
	src := "s3://" + bkt + "/prod/"
	for _, w := range testWindows(t) {
		got, st, err := collect(t, t.Context(), Options{Sources: []string{src}, Since: w.since, Until: w.until, S3: s3o})
		require.NoError(t, err, w.name)
		assert.Equal(t, tr.want(w.since, w.until), sorted(got), w.name)
		assert.False(t, st.Incomplete(), "%s: %v", w.name, st.Errors)
	}

	// The server checks signatures: a wrong secret fails every request.
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret+"x")
	_, st, err := collect(t, t.Context(), Options{Sources: []string{src}, S3: s3o})
	require.NoError(t, err)
	assert.Equal(t, int64(1), st.PrefixesFailed)
	require.Len(t, st.Errors, 1)
	assert.Contains(t, st.Errors[0].Error(), "SignatureDoesNotMatch")
}
