// Package browsertest runs tests in a real headless Chromium through the
// DevTools protocol (github.com/chromedp/chromedp), and saves screenshots
// as test artifacts.
//
// New starts one browser per test with a fresh profile and stops it at the
// test's end. When no Chromium is installed the test is skipped with a
// message, unless CI=true, where it fails: CI must install it (Debian:
// apt-get install chromium).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// candidates are the Chromium binaries looked for, in order.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// Find returns the path of a Chromium binary: $FLOWQ_CHROMIUM if set, else
// the first candidate on $PATH, else "".
func Find() string {
	if p := os.Getenv("FLOWQ_CHROMIUM"); p != "" {
		return p
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium for t and returns a chromedp context
// bound to it, with a timeout for the whole test. The browser and its
// profile are removed when t ends. The context is used from the test's
// goroutine (chromedp.Run calls are sequential).
func New(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	bin := Find()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("browsertest: no Chromium found (CI must install it: apt-get install -y chromium)")
		}
		t.Skip("browsertest: no Chromium found; install chromium (Debian) to run the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancelTimeout() })
	if err := chromedp.Do(bctx); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browsertest: starting %s: %v", bin, err)
		}
		t.Skipf("browsertest: %s does not start: %v", bin, err)
	}
	return bctx
}

// ArtifactsDir is where screenshots go: $FLOWQ_ARTIFACTS/<test name> if
// set (kept after the run), else a temporary directory of the test.
func ArtifactsDir(t *testing.T) string {
	t.Helper()
	base := os.Getenv("FLOWQ_ARTIFACTS")
	if base == "" {
		return t.TempDir()
	}
	dir := filepath.Join(base, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return dir
}

// Screenshot returns an action that saves the full page as name.png in
// dir, and logs where.
func Screenshot(t *testing.T, dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name+".png")
		t.Logf("screenshot: %s", path)
		return os.WriteFile(path, png, 0o644)
	})
}
