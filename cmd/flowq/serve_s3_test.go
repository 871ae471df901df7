package main

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/flowq/flowq/internal/s3test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeOnS3 serves the sample copied to an S3-protocol server and
// checks that the page answers as the CLI does on the disk copy: the
// story's rows, the accounts offered from the bucket's layout, a record's
// details re-read from its object, and the downloads.
func TestServeOnS3(t *testing.T) {
	s3test.IsolateEnv(t)
	srv := s3test.New(t)
	srv.CreateBucket(t, "flowlogs")
	putSample(t, srv, "flowlogs", sample)
	page := servePage(t, "--endpoint-url", srv.URL, "--path-style", "--s3-region", "us-east-1", "s3://flowlogs/copy/AWSLogs/")

	story := "src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia/Tokyo"
	code, body := fetch(t, page, "/search?"+story)
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, 8, strings.Count(body, `<tr class="reject">`))
	assert.Contains(t, body, `<option value="111122223333">`, "accounts offered from the bucket's folders")
	assert.Contains(t, body, `<option value="ap-northeast-1">`)

	m := regexp.MustCompile(`<a class="details" href="([^"]+)"`).FindStringSubmatch(body)
	require.NotNil(t, m)
	code, body = fetch(t, page, html.UnescapeString(m[1]))
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "s3://flowlogs/copy/AWSLogs/111122223333/vpcflowlogs/ap-northeast-1/2026/01/14/")
	assert.Contains(t, body, "TCP (6)")

	want := runFlowq(context.Background(), t, "", "-o", "json",
		"srcaddr = 10.1.2.3 and dstaddr = 10.0.1.25 and dstport = 5432 and action = REJECT", sample, "--since", "2026-01-15", "--tz", "Asia/Tokyo")
	require.Equal(t, exitMatch, want.code)
	code, got := fetch(t, page, "/search?"+story+"&format=ndjson")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, want.stdout, got)
}
