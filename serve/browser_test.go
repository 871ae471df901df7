package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/flowq/flowq/internal/browsertest"
	"github.com/flowq/flowq/internal/oidctest"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve/auth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// css is a CSS selector for chromedp.
type css = chromedp.CSS

// run is chromedp.Run for a test: it fails the test on error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

// do is chromedp.Do for a test.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, steps...))
}

// waitFor waits until the JavaScript expression is true, across page
// loads (which interrupt a Poll).
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	require.Eventually(t, func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		return err == nil && ok
	}, 20*time.Second, 50*time.Millisecond, expr)
}

// rowCount counts the result rows on the page.
func rowCount(t *testing.T, ctx context.Context) int {
	return run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#rows tr').length`))
}

// fillStory fills the form for the sample's story, as a user would, and
// submits it.
func fillStory(base string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/?lang=en"),
		chromedp.SendKeys(css("#src"), "10.1.2.3"),
		chromedp.SendKeys(css("#dst"), "10.0.1.25"),
		chromedp.SendKeys(css("#port"), "5432"),
		chromedp.Click(css("#action-blocked")),
		chromedp.SendKeys(css("#since"), "2026-01-15"),
		chromedp.SetValue(css("#tz"), "Asia/Tokyo"),
		chromedp.Click(css("#go")),
	)
}

func TestBrowserStory(t *testing.T) {
	ctx := browsertest.New(t, 2*time.Minute)
	shots := browsertest.ArtifactsDir(t)
	page := httptest.NewServer(newTestServer(t, withEnrichment(t, Config{}, enrichFiles...))) // flowq serve --enrich …
	defer page.Close()

	do(t, ctx, fillStory(page.URL), chromedp.WaitVisible(css("#notes .note")), browsertest.Screenshot(t, shots, "1-story"))
	assert.Equal(t, cliStoryTimes(t), run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#rows tr td:first-child')].map(td => td.textContent)`)),
		"the CLI's 8 rows")
	assert.Equal(t, "srcaddr = 10.1.2.3 and dstaddr = 10.0.1.25 and dstport = 5432 and action = REJECT",
		run(t, ctx, chromedp.Text(css("#query"))))
	assert.Equal(t, "Time (Asia/Tokyo)", run(t, ctx, chromedp.Text(css("#time-h"))))
	assert.Equal(t, "8 records matched.", run(t, ctx, chromedp.Text(css("#notes .note"))))
	assert.Contains(t, run(t, ctx, chromedp.Text(css("#rows tr:first-child"))), "2026-01-15 00:28:14")
	assert.Contains(t, run(t, ctx, chromedp.Text(css("#rows tr:first-child .result"))), "✗ Blocked", "a word and a sign, not colour alone")
	unlabelled := `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter(e => e.labels.length === 0).length`
	assert.Equal(t, 0, run(t, ctx, chromedp.Evaluate[int](unlabelled)), "every input has a label")
	shared := run(t, ctx, chromedp.Location())
	assert.Contains(t, shared, "/search?")

	t.Run("details", func(t *testing.T) {
		do(t, ctx, chromedp.Click(css("#rows tr:first-child a.details")), chromedp.WaitVisible(css("#fields")),
			browsertest.Screenshot(t, shots, "2-details"))
		text := run(t, ctx, chromedp.Text(css("#fields")))
		assert.Contains(t, text, "TCP (6)")
		assert.Contains(t, text, "2026-01-15 00:28:14 Asia/Tokyo (2026-01-14 15:28:14 UTC")
		assert.Contains(t, run(t, ctx, chromedp.Text(css("#hint"))), "No flow in the opposite direction")
	})
	t.Run("enriched details", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(page.URL+"/search?src=10.1.3.7&dst=203.0.113.50&port=443&lang=en"),
			chromedp.WaitVisible(css("#notes .note")))
		assert.Equal(t, "203.0.113.50 Example Net · JP", run(t, ctx, chromedp.Text(css("#rows tr:first-child td:nth-child(4)"))),
			"the destination's network under its address")
		do(t, ctx, chromedp.Click(css("#rows tr:first-child a.details")), chromedp.WaitVisible(css("#enriched")),
			chromedp.ScrollIntoView(css("#enriched-h")), browsertest.Screenshot(t, shots, "2b-enriched-details"))
		values := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll('#enriched tbody tr')].map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]))`))
		assert.Equal(t, "web-1", values["src_eni_name"])
		assert.Equal(t, "Example Net", values["dst_as_org"])
		assert.Equal(t, "JP", values["dst_country"])
		assert.NotContains(t, values, "dst_aws_service", "not an AWS address: no value to show")
		assert.Contains(t, run(t, ctx, chromedp.Text(css("#unenriched"))), "dst_aws_service")
		assert.Contains(t, run(t, ctx, chromedp.Text(css("#enriched"))), "From country.mmdb (MaxMind database), dated 2026-01-20 00:00 UTC.")
		assert.Contains(t, run(t, ctx, chromedp.Text(css("main"))), "⚠ country.mmdb was made 2026-01-20 00:00 UTC, after this flow")
	})
	t.Run("shared link", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(shared), chromedp.WaitVisible(css("#notes .note")))
		assert.Equal(t, 8, rowCount(t, ctx))
	})
	t.Run("download CSV", func(t *testing.T) {
		got := download(t, ctx, "#csv")
		res, err := http.Get(page.URL + run(t, ctx, chromedp.Evaluate[string](`document.getElementById('csv').getAttribute('href')`)))
		require.NoError(t, err)
		want, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, string(want), got)
		assert.Equal(t, 9, strings.Count(got, "\n"), "a header and 8 rows")
	})
	t.Run("Japanese", func(t *testing.T) {
		do(t, ctx, chromedp.Click(css("#lang-switch")), chromedp.WaitVisible(css(`html[lang="ja"] #notes .note`)),
			browsertest.Screenshot(t, shots, "3-japanese"))
		assert.Equal(t, "送信元アドレス", run(t, ctx, chromedp.Text(css(`label[for="src"]`))))
		assert.Contains(t, run(t, ctx, chromedp.Text(css("#rows tr:first-child .result"))), "✗ 拒否")
		assert.Equal(t, 8, rowCount(t, ctx))
	})
	t.Run("phone", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(shared),
			chromedp.WaitVisible(css("#notes .note")))
		width := run(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		assert.LessOrEqual(t, width, 390, "the page does not scroll sideways; the table scrolls in its box")
		do(t, ctx, browsertest.Screenshot(t, shots, "4-phone"))
		do(t, ctx, chromedp.EmulateReset())
	})
}

// cliStoryTimes are the start times of the story's rows as the CLI prints
// them (flowq -o table ... --tz Asia/Tokyo, its golden file).
func cliStoryTimes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../cmd/flowq/testdata/golden/story-table.txt")
	require.NoError(t, err)
	var times []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "2026-") {
			times = append(times, line[:len("2026-01-15 00:28:14")])
		}
	}
	require.Len(t, times, 8)
	return times
}

// download clicks the link sel and returns the file the browser saved.
func download(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
	require.NoError(t, err)
	do(t, ctx, chromedp.Click(css(sel)))
	for ev, err := range progress {
		require.NoError(t, err)
		if ev.State == browser.DownloadProgressStateCompleted {
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			require.NoError(t, err)
			return string(b)
		}
		require.NotEqual(t, browser.DownloadProgressStateCanceled, ev.State)
	}
	t.Fatal("no download")
	return ""
}

func ptr[T any](v T) *T { return &v }

func TestBrowserKeyboardOnly(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	page := httptest.NewServer(newTestServer(t, Config{}))
	defer page.Close()
	do(t, ctx, chromedp.Navigate(page.URL+"/?lang=en"), chromedp.Focus(css("#src")),
		chromedp.SendKeys(css("#src"), "10.1.2.3"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("10.0.1.25"),
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("5432"+kb.Enter), chromedp.WaitVisible(css("#notes .note")))
	assert.Equal(t, "srcaddr = 10.1.2.3 and dstaddr = 10.0.1.25 and dstport = 5432", run(t, ctx, chromedp.Text(css("#query"))),
		"Tab moves from field to field in order, Enter searches")
	assert.Equal(t, 8, rowCount(t, ctx))
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	page := httptest.NewServer(newTestServer(t, Config{}))
	defer page.Close()
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	do(t, ctx, fillStory(page.URL), chromedp.WaitVisible(css("#notes .note")),
		browsertest.Screenshot(t, browsertest.ArtifactsDir(t), "no-js"))
	assert.Equal(t, 8, rowCount(t, ctx), "the form submits and the page answers in full")
	assert.False(t, run(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('cancel')).display !== 'none'`)),
		"no Cancel button that would do nothing")
}

// slowSource is a bucket whose objects never finish reading: a search of
// it runs until it is cancelled.
type slowSource struct{}

func (slowSource) List(_ context.Context, prefix string, _ scan.Scope) (scan.Listing, error) {
	var l scan.Listing
	if prefix == "" {
		for i := range 40 {
			l.Objects = append(l.Objects, scan.Object{Key: fmt.Sprintf("obj-%02d.log", i), Size: 1000})
		}
	}
	return l, nil
}
func (slowSource) Open(ctx context.Context, _ scan.Object, _ scan.Scope) (io.ReadCloser, error) {
	return io.NopCloser(blockingReader{ctx}), nil
}
func (slowSource) Name(key string) string { return "slow://" + key }

type blockingReader struct{ ctx context.Context }

func (b blockingReader) Read([]byte) (int, error) { <-b.ctx.Done(); return 0, b.ctx.Err() }

func TestBrowserCancelStopsTheScan(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	audit := &syncBuffer{}
	srv := newTestServer(t, Config{Locations: []scan.Location{{Source: slowSource{}}}, Audit: audit,
		ProgressInterval: 50 * time.Millisecond})
	page := httptest.NewServer(srv)
	defer page.Close()
	do(t, ctx, chromedp.Navigate(page.URL+"/?lang=en"), chromedp.SendKeys(css("#port"), "22"), chromedp.Click(css("#go")),
		chromedp.WaitVisible(css("#cancel")))
	run(t, ctx, chromedp.Poll[bool](`document.getElementById('progress').textContent !== ''`))
	do(t, ctx, browsertest.Screenshot(t, browsertest.ArtifactsDir(t), "cancel-running"))
	assert.Contains(t, run(t, ctx, chromedp.Text(css("#progress"))), "Objects read: 0 of ")
	assert.NotContains(t, audit.String(), `"route":"events"`, "still running")
	do(t, ctx, chromedp.Click(css("#cancel")), chromedp.WaitNotVisible(css("#cancel")))
	assert.Contains(t, run(t, ctx, chromedp.Text(css("#progress"))), "Cancelled")
	assert.Eventually(t, func() bool { return strings.Contains(audit.String(), `"route":"events"`) }, 10*time.Second, 20*time.Millisecond,
		"the scan on the server stopped")
	assert.Contains(t, audit.String(), `"cancelled":true`)
}

// hostile is a log whose interface and tag hold markup.
const hostile = "version srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status interface-id instance-tag\n" +
	"11 10.0.0.1 10.0.0.2 40000 22 6 1 40 1768404600 1768404660 REJECT OK <img/src=x/onerror=document.title='pwned'> %3Cscript%3Edocument.title%3D%27pwned%27%3C%2Fscript%3E%20%3Cb%3Ebold%3C%2Fb%3E\n"

func TestBrowserHostileValuesShowAsText(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	path := filepath.Join(t.TempDir(), "hostile.log")
	require.NoError(t, os.WriteFile(path, []byte(hostile), 0o644))
	page := httptest.NewServer(newTestServer(t, Config{Sources: []string{path}}))
	defer page.Close()
	do(t, ctx, chromedp.Navigate(page.URL+"/search?port=22&lang=en"), chromedp.WaitVisible(css("#notes .note")))
	assert.Contains(t, run(t, ctx, chromedp.Text(css("#rows"))), "<img/src=x/onerror=document.title='pwned'>")
	do(t, ctx, chromedp.Click(css("#go")), chromedp.WaitVisible(css("#notes .note")), // the live rows, too
		chromedp.Click(css("#rows a.details")), chromedp.WaitVisible(css("#fields")),
		browsertest.Screenshot(t, browsertest.ArtifactsDir(t), "hostile"))
	assert.Contains(t, run(t, ctx, chromedp.Text(css("#fields"))), "<script>document.title='pwned'</script> <b>bold</b>")
	assert.Equal(t, 0, run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('main img, main script, main b').length`)))
	assert.NotEqual(t, "pwned", run(t, ctx, chromedp.Title()))
}

func TestBrowserSignsInThroughOIDC(t *testing.T) {
	ctx := browsertest.New(t, time.Minute)
	op, err := oidctest.Start(oidctest.User{Username: "alice", Password: "s3cret", Name: "Alice Example", Email: "alice@example.com"})
	require.NoError(t, err)
	defer op.Close()
	a, err := auth.NewOIDC(t.Context(), auth.OIDCConfig{IssuerURL: op.Issuer, ClientID: op.ClientID, ClientSecret: op.ClientSecret})
	require.NoError(t, err)
	page := httptest.NewServer(newTestServer(t, Config{Auth: a}))
	defer page.Close()
	do(t, ctx, chromedp.Navigate(page.URL+"/search?"+storyQuery+"&lang=en"), chromedp.WaitVisible(css("#u")),
		chromedp.SendKeys(css("#u"), "alice"), chromedp.SendKeys(css("#p"), "s3cret"),
		chromedp.Click(css("#"+oidctest.SubmitID)), chromedp.WaitVisible(css("#notes .note")),
		browsertest.Screenshot(t, browsertest.ArtifactsDir(t), "signed-in"))
	assert.Equal(t, 8, rowCount(t, ctx))
	assert.Contains(t, run(t, ctx, chromedp.Text(css(".who"))), "Alice Example")
	do(t, ctx, chromedp.Click(css("#logout")))
	waitFor(t, ctx, `document.body.textContent.includes('You are signed out.')`)
	do(t, ctx, chromedp.Navigate(page.URL+"/?lang=en"), chromedp.WaitVisible(css("#u")))
	assert.Contains(t, run(t, ctx, chromedp.Location()), op.Issuer, "signed out: the page asks for a login again")
}
