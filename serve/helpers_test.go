package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/serve/auth"
	"github.com/stretchr/testify/require"
)

// sample is the bundled copied bucket, seen from this package.
const sample = "../testdata/sample"

// storyQuery is the sample's story as the form sends it: 10.1.2.3 to
// 10.0.1.25:5432, blocked, just after midnight Tokyo time.
const storyQuery = "src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia%2FTokyo"

// testNow is the clock of the tests, as cmd/flowq's tests have it.
var testNow = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// syncBuffer is a bytes.Buffer safe for the audit log's writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTestServer serves the sample with cfg's other settings.
func newTestServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	if len(cfg.Sources)+len(cfg.Locations) == 0 {
		cfg.Sources = []string{sample}
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return testNow }
	}
	srv, err := New(cfg)
	require.NoError(t, err)
	return srv
}

// get requests target from h and returns the response and its body.
func get(t *testing.T, h http.Handler, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(body)
}

// grantOnly grants every signed-in identity the given accounts.
func grantOnly(t *testing.T, accounts ...string) *auth.Grants {
	t.Helper()
	b, err := json.Marshal(map[string][]string{"default": accounts})
	require.NoError(t, err)
	g, err := auth.ParseGrants(b)
	require.NoError(t, err)
	return g
}
