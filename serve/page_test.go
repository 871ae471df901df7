package serve

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoryPage(t *testing.T) {
	audit := &syncBuffer{}
	srv := newTestServer(t, Config{Audit: audit})
	res, body := get(t, srv, "/search?"+storyQuery)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Equal(t, 8, strings.Count(body, `<tr class="reject">`))
	assert.Contains(t, body, "2026-01-15 00:28:14")
	assert.Contains(t, body, "srcaddr = 10.1.2.3 and dstaddr = 10.0.1.25 and dstport = 5432 and action = REJECT")
	assert.Contains(t, body, "✗ Blocked")
	assert.Contains(t, body, "Time (Asia/Tokyo)")
	assert.Contains(t, body, "8 records matched.")
	assert.Contains(t, audit.String(), `"rows":8`)
	assert.Contains(t, audit.String(), `"who":"anonymous"`)
	t.Log(audit.String())
}
