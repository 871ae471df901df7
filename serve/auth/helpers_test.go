package auth

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"
)

// testClock is a settable clock, safe for concurrent use.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// whoami answers with the identity Wrap put into the request and the
// request URI, as JSON.
var whoami = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	id, ok := IdentityFrom(r.Context())
	if !ok {
		http.Error(w, "no identity in context", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(whoamiReply{Identity: id, URI: r.URL.RequestURI()})
})

type whoamiReply struct {
	Identity Identity
	URI      string
}

func decodeWhoami(t *testing.T, resp *http.Response) whoamiReply {
	t.Helper()
	var got whoamiReply
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decode whoami reply: %v", err)
	}
	return got
}

// noFollow makes a client stop at the first redirect.
func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
