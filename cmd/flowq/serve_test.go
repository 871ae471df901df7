package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/cwltest"
	"github.com/flowq/flowq/internal/s3test"
	"github.com/flowq/flowq/serve"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// servePage builds the page flowq serve would serve for args, without
// listening.
func servePage(t *testing.T, args ...string) http.Handler {
	t.Helper()
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		now: func() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) }}
	so, _, err := parseServeArgs(args)
	require.NoError(t, err)
	cfg, closeAudit, err := a.serveConfig(context.Background(), so)
	require.NoError(t, err)
	t.Cleanup(closeAudit)
	cfg.Audit = io.Discard
	srv, err := serve.New(cfg)
	require.NoError(t, err)
	return srv
}

func fetch(t *testing.T, h http.Handler, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Code, rec.Body.String()
}

// TestServeDownloadsEqualTheCLI checks that the page's downloads are what
// flowq -o csv and -o json print for the same search: the query the page
// says it ran, with the same window and zone.
func TestServeDownloadsEqualTheCLI(t *testing.T) {
	page := servePage(t, "--max-rows", "100000", sample)
	tests := []struct {
		name, params string
		cli          []string
	}{
		{"story", "src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia/Tokyo",
			[]string{"--since", "2026-01-15", "--tz", "Asia/Tokyo"}},
		{"ssh-rejects", "port=22&action=blocked", nil},
		{"advanced-window", "q=protocol+%3D+udp+and+bytes+>+100&since=2026-01-14+15:00&until=2026-01-14+15:20",
			[]string{"--since", "2026-01-14 15:00", "--until", "2026-01-14 15:20"}},
		{"account-region", "account=444455556666&region=us-east-1&port=443", []string{"--account", "444455556666", "--region", "us-east-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := fetch(t, page, "/search?"+tt.params)
			require.Equal(t, http.StatusOK, code)
			m := regexp.MustCompile(`<code id="query">([^<]+)</code>`).FindStringSubmatch(body)
			require.NotNil(t, m)
			query := strings.NewReplacer("&gt;", ">", "&lt;", "<", "&#39;", "'", "&amp;", "&").Replace(m[1])
			for format, mode := range map[string]string{"csv": "csv", "ndjson": "json"} {
				want := runFlowq(context.Background(), t, "", append([]string{"-o", mode, query, sample}, tt.cli...)...)
				require.Equal(t, exitMatch, want.code, want.stderr)
				code, got := fetch(t, page, "/search?"+tt.params+"&format="+format)
				require.Equal(t, http.StatusOK, code)
				assert.Equal(t, want.stdout, got, format)
				assert.Greater(t, strings.Count(got, "\n"), 1, format)
			}
		})
	}
	code, body := fetch(t, page, "/search?src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia/Tokyo")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 8, strings.Count(body, `<tr class="reject">`), "the story's 8 rows")
}

func TestServeRefusesAnOpenPageOffLoopback(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:0", ":8080", "192.0.2.1:80", "example.com:80"} {
		got := runFlowq(context.Background(), t, "", "serve", "--listen", listen, sample)
		assert.Equal(t, exitError, got.code, listen)
		assert.Contains(t, got.stderr, "without authentication", listen)
	}
	got := runFlowq(context.Background(), t, "", "serve", "--auth", "proxy", sample)
	assert.Equal(t, exitError, got.code)
	assert.Contains(t, got.stderr, "--trusted-proxy")
	got = runFlowq(context.Background(), t, "", "serve", "--auth", "kerberos", sample)
	assert.Contains(t, got.stderr, `--auth "kerberos"`)
	got = runFlowq(context.Background(), t, "", "serve")
	assert.Contains(t, got.stderr, "no SOURCE given")
	got = runFlowq(context.Background(), t, "", "serve", "-")
	assert.Contains(t, got.stderr, "cannot search standard input")
	got = runFlowq(context.Background(), t, "", "serve", "--help")
	assert.Equal(t, exitMatch, got.code)
	assert.Contains(t, got.stdout, "--s3-region")
	assert.Contains(t, got.stdout, "--max-rows")
}

// lockedBuffer is a bytes.Buffer for a goroutine's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeListensAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lockedBuffer{}
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, now: time.Now}
	done := make(chan int, 1)
	go func() { done <- a.run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--tz", "Asia/Tokyo", sample}) }()
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var base string
	require.Eventually(t, func() bool {
		m := addr.FindStringSubmatch(stderr.String())
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil
	}, 10*time.Second, 10*time.Millisecond, stderr.String())
	res, err := http.Get(base + "/search?" + url.Values{"src": {"10.1.2.3"}, "port": {"5432"}, "action": {"blocked"}, "since": {"2026-01-15"}}.Encode())
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, 8, strings.Count(string(body), `<tr class="reject">`))
	assert.Contains(t, string(body), "Time (Asia/Tokyo)", "--tz is the page's default zone")
	cancel()
	assert.Equal(t, exitMatch, <-done)
	assert.Contains(t, stderr.String(), `"route":"search"`, "the audit log goes to stderr")
}

// TestServeEnrich: flowq serve --enrich loads the files a search's
// --enrich does, with the same errors, and the page uses their fields in
// the advanced box, the table and the details view, as the CLI counts.
func TestServeEnrich(t *testing.T) {
	page := servePage(t, append(enrichFiles, sample)...)
	query := "src_aws_service = 'S3' and dstport = 22"
	want := runFlowq(context.Background(), t, "", append([]string{"-c", query, sample}, enrichFiles...)...)
	require.Equal(t, exitMatch, want.code, want.stderr)
	code, body := fetch(t, page, "/search?lang=en&q="+url.QueryEscape(query))
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, strings.TrimSpace(want.stdout)+" records matched.", regexp.MustCompile(`\d+ records matched\.`).FindString(body))

	_, body = fetch(t, page, "/search?lang=en&src=10.1.3.7&dst=203.0.113.50&port=443")
	assert.Contains(t, body, `<small class="enr">Example Net · JP</small>`)
	link := regexp.MustCompile(`<a class="details" href="([^"]+)"`).FindStringSubmatch(body)
	require.NotNil(t, link)
	_, body = fetch(t, page, strings.ReplaceAll(link[1], "&amp;", "&"))
	assert.Contains(t, body, `<code>src_eni_name</code></th><td class="value">web-1</td>`)
	assert.Contains(t, body, "From enis.json (ENI inventory).")

	for _, bad := range [][]string{{"--enrich", "../../README.md", sample}, {"--enrich", "../../testdata/enrich/none.json", sample}} {
		cli := runFlowq(context.Background(), t, "", append([]string{"-c", ""}, bad...)...)
		got := runFlowq(context.Background(), t, "", append([]string{"serve", "--listen", "127.0.0.1:0"}, bad...)...)
		assert.Equal(t, exitError, got.code)
		assert.Equal(t, strings.Replace(cli.stderr, "flowq: ", "flowq serve: ", 1), got.stderr, "the CLI's message")
	}
}

// TestServeLogGroup searches a CloudWatch Logs log group from the page,
// named as on the command line: its download equals the CLI's.
func TestServeLogGroup(t *testing.T) {
	s3test.IsolateEnv(t)
	srv := cwltest.New()
	defer srv.Close()
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", srv.URL)
	format := loadGroup(t, srv, "/aws/vpc/flowlogs", hive)
	page := servePage(t, "--format", format, "--max-rows", "100000", "cwlogs:/aws/vpc/flowlogs")
	want := runFlowq(context.Background(), t, "", "-o", "json", "dstport = 22 and action = REJECT", "cwlogs:/aws/vpc/flowlogs", "--format", format)
	require.Equal(t, exitMatch, want.code, want.stderr)
	code, got := fetch(t, page, "/search?port=22&action=blocked&format=ndjson")
	require.Equal(t, http.StatusOK, code, got)
	assert.Equal(t, want.stdout, got)
	code, body := fetch(t, page, "/search?port=22&action=blocked")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, strings.Count(want.stdout, "\n"), strings.Count(body, `<tr class="reject">`))
}
