package main

import (
	"io"
	"net/http"
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
