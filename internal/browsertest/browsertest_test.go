package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBrowserRendersAPage(t *testing.T) {
	ctx := New(t, time.Minute)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<!doctype html><title>t</title><p id="p">hello</p>`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL), Screenshot(t, dir, "hello")))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#p")))
	require.NoError(t, err)
	assert.Equal(t, "hello", text)
	var fi os.FileInfo
	fi, err = os.Stat(filepath.Join(dir, "hello.png"))
	require.NoError(t, err)
	assert.Greater(t, fi.Size(), int64(100))
}
