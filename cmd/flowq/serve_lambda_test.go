package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/fanout"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeLambdaGivesTheLocalPage serves the same searches locally and
// with --lambda (the SDK, a loopback Invoke endpoint and the worker): the
// CSV and ndjson downloads, the page's rows and a record's details are
// the same.
func TestServeLambdaGivesTheLocalPage(t *testing.T) {
	srv := lambdaEnv(t, &fanout.Worker{LocalFiles: true, Build: "serve-test", Budget: 8 << 10})
	local := servePage(t, "--max-rows", "100000", sample)
	fanned := servePage(t, "--max-rows", "100000", "--lambda", "flowq-worker", "--lambda-shards", "3", sample)
	for _, params := range []string{
		"src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia/Tokyo",
		"port=22&action=blocked",
		"q=protocol+%3D+udp+and+bytes+>+100&since=2026-01-14+15:00&until=2026-01-14+15:20",
		"account=444455556666&region=us-east-1&port=443",
		"port=1",
	} {
		t.Run(params, func(t *testing.T) {
			for _, format := range []string{"csv", "ndjson"} {
				wantCode, want := fetch(t, local, "/search?"+params+"&format="+format)
				require.Equal(t, http.StatusOK, wantCode)
				code, got := fetch(t, fanned, "/search?"+params+"&format="+format)
				require.Equal(t, http.StatusOK, code)
				assert.Equal(t, want, got, format)
			}
			_, want := fetch(t, local, "/search?"+params)
			_, got := fetch(t, fanned, "/search?"+params)
			assert.Equal(t, rowsOf(want), rowsOf(got))
		})
	}
	_, body := fetch(t, fanned, "/search?src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia/Tokyo")
	assert.Len(t, rowsOf(body), 8, "the story's 8 rows")
	link := regexp.MustCompile(`href="(/record\?[^"]+)"`).FindStringSubmatch(body)
	require.NotNil(t, link)
	target := strings.ReplaceAll(link[1], "&amp;", "&")
	wantCode, want := fetch(t, local, target)
	code, got := fetch(t, fanned, target)
	require.Equal(t, http.StatusOK, wantCode)
	assert.Equal(t, wantCode, code)
	assert.Equal(t, detailsOf(want), detailsOf(got))
	assert.NotEmpty(t, detailsOf(got))
	require.Positive(t, srv.Invocations())
}

func TestServeLambdaRefuses(t *testing.T) {
	lambdaEnv(t, &fanout.Worker{LocalFiles: true, Build: "serve-test"})
	for want, args := range map[string][]string{
		"Function not found":          {"--lambda", "no-such-function", sample},
		"differs between machines":    {"--lambda", "flowq-worker", "--tz", "Local", sample},
		"log groups cannot be fanned": {"--lambda", "flowq-worker", "cwlogs:/aws/vpc/flowlogs"},
	} {
		t.Run(want, func(t *testing.T) {
			so, _, err := parseServeArgs(args)
			require.NoError(t, err)
			a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, now: time.Now}
			_, _, err = a.serveConfig(t.Context(), so)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}

// rowsOf are the result rows of a page.
func rowsOf(page string) []string {
	return regexp.MustCompile(`(?s)<tr class="(?:accept|reject|other)">.*?</tr>`).FindAllString(page, -1)
}

// detailsOf is the field table of a record's page.
func detailsOf(page string) string {
	return regexp.MustCompile(`(?s)<table.*?</table>`).FindString(page)
}

// TestServeLambdaKeepsTheGrant: behind sign-in with a grant, the fanned
// out page shows what the local page shows: the granted account only.
func TestServeLambdaKeepsTheGrant(t *testing.T) {
	lambdaEnv(t, &fanout.Worker{LocalFiles: true, Build: "serve-test"})
	grants := filepath.Join(t.TempDir(), "grants.json")
	require.NoError(t, os.WriteFile(grants, []byte(`{"users": {"alice": ["444455556666"]}}`), 0o600))
	signIn := []string{"--max-rows", "100000", "--auth", "proxy", "--trusted-proxy", "192.0.2.0/24", "--grants", grants}
	local := servePage(t, append(signIn, sample)...)
	fanned := servePage(t, append(signIn, "--lambda", "flowq-worker", "--lambda-shards", "3", sample)...)
	open := servePage(t, "--max-rows", "100000", sample)
	get := func(h http.Handler, target string) string {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("X-Forwarded-User", "alice")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.String()
	}
	for _, format := range []string{"csv", "ndjson"} {
		target := "/search?port=443&format=" + format
		want := get(local, target)
		assert.Equal(t, want, get(fanned, target), format)
		_, all := fetch(t, open, target)
		assert.Less(t, strings.Count(want, "\n"), strings.Count(all, "\n"), "the grant leaves out the other account's rows")
		assert.Positive(t, strings.Count(want, "\n"), format)
	}

	// An object outside AWS's layout has no account: never shown under a
	// grant, though the workers read it (the page checks their matches).
	flat := filepath.Join(t.TempDir(), "flat.log.gz")
	objects, err := filepath.Glob(filepath.Join(sample, "AWSLogs", "444455556666", "vpcflowlogs", "*", "*", "*", "*", "*.log.gz"))
	require.NoError(t, err)
	require.NotEmpty(t, objects)
	b, err := os.ReadFile(objects[0])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(flat, b, 0o600))
	_, all := fetch(t, servePage(t, flat), "/search?q=true&format=csv")
	require.Greater(t, strings.Count(all, "\n"), 1, "the object has rows")
	for _, h := range []http.Handler{servePage(t, append(signIn, flat)...),
		servePage(t, append(signIn, "--lambda", "flowq-worker", flat)...)} {
		assert.Equal(t, 1, strings.Count(get(h, "/search?q=true&format=csv"), "\n"), "the header only")
	}
}
