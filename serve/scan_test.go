package serve

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScanRunsEverySearch: with Config.Scan, every route's scan goes
// through it, with the filter's text (true for a record's re-read), and
// the page answers as it does with scan.Run.
func TestScanRunsEverySearch(t *testing.T) {
	var mu sync.Mutex
	var queries []string
	through := func(ctx context.Context, query string, opts scan.Options, emit func(scan.Match) error) (scan.Stats, error) {
		mu.Lock()
		queries = append(queries, query)
		mu.Unlock()
		return scan.Run(ctx, opts, emit)
	}
	local := newTestServer(t, Config{})
	hooked := newTestServer(t, Config{Scan: through})
	for _, target := range []string{"/search?" + storyQuery + "&format=csv", "/search?" + storyQuery + "&format=ndjson"} {
		_, want := get(t, local, target)
		res, got := get(t, hooked, target)
		require.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, want, got, target)
	}
	res, page := get(t, hooked, "/search?"+storyQuery)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, 8, strings.Count(page, `<tr class="reject">`))
	link := regexp.MustCompile(`href="(/record\?[^"]+)"`).FindStringSubmatch(page)
	require.NotNil(t, link)
	res, _ = get(t, hooked, strings.ReplaceAll(link[1], "&amp;", "&"))
	assert.Equal(t, http.StatusOK, res.StatusCode)
	story := "srcaddr = 10.1.2.3 and dstaddr = 10.0.1.25 and dstport = 5432 and action = REJECT"
	assert.Equal(t, []string{story, story, story, "true"}, queries)
}

// TestNoListFiles: the advanced box cannot read the server's files.
func TestNoListFiles(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	require.NoError(t, os.WriteFile(secret, []byte("root:x:0:0\n"), 0o600))
	srv := newTestServer(t, Config{})
	for _, target := range []string{"/search?q=" + url.QueryEscape("srcaddr in @"+secret), "/search?format=csv&q=" + url.QueryEscape("srcaddr in @"+secret)} {
		_, body := get(t, srv, target)
		assert.NotContains(t, body, "root:x")
		assert.Contains(t, body, "cannot be used on the page")
	}
}
