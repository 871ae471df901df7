package scan

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// awsStub stands in for AWS's S3 endpoints: HeadBucket answers with the
// bucket's region, and every other request goes, path-style, to the test
// server. It records the hosts the SDK addressed.
type awsStub struct {
	target *url.URL
	region string
	mu     sync.Mutex
	hosts  []string
}

func (a *awsStub) RoundTrip(req *http.Request) (*http.Response, error) {
	a.mu.Lock()
	a.hosts = append(a.hosts, req.URL.Host)
	a.mu.Unlock()
	bkt, _, _ := strings.Cut(req.URL.Host, ".")
	if req.Method == http.MethodHead && (req.URL.Path == "" || req.URL.Path == "/") {
		h := http.Header{"X-Amz-Bucket-Region": {a.region}}
		return &http.Response{StatusCode: http.StatusOK, Header: h, Body: http.NoBody, Request: req}, nil
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = a.target.Scheme, a.target.Host
	out.URL.Path = "/" + bkt + req.URL.Path
	out.URL.RawPath = ""
	out.Host = a.target.Host
	return http.DefaultTransport.RoundTrip(out)
}

// TestS3RegionDetection checks that without a region or endpoint, the
// bucket's region comes from HeadBucket and the requests go there.
func TestS3RegionDetection(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 0, 30), 2)
	srv, _ := newS3(t, tr)
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	stub := &awsStub{target: target, region: "ap-northeast-1"}
	got, st, err := collect(t, t.Context(), Options{Sources: []string{"s3://" + bucket + "/AWSLogs/"},
		S3: S3Options{HTTPClient: &http.Client{Transport: stub}, MaxBackoff: 20 * time.Millisecond}})
	require.NoError(t, err)
	assert.False(t, st.Incomplete(), "%v", st.Errors)
	assert.Equal(t, tr.want(time.Time{}, time.Time{}), sorted(got))
	require.NotEmpty(t, stub.hosts)
	assert.Equal(t, bucket+".s3.us-east-1.amazonaws.com", stub.hosts[0], "HeadBucket, in the configured region")
	for _, h := range stub.hosts[1:] {
		assert.Equal(t, bucket+".s3.ap-northeast-1.amazonaws.com", h)
	}
}
