package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oidcEnv is flowq's auth in front of whoami, signing in through a real
// OIDC provider running in the test process.
type oidcEnv struct {
	op    *mockoidc.MockOIDC
	app   *httptest.Server
	auth  Authenticator
	key   []byte
	clock *testClock

	mu       sync.Mutex
	authz    url.Values // the last authorization request's parameters
	tokenReq url.Values // the last token request's form
}

func newOIDCEnv(t *testing.T, edit func(*OIDCConfig)) *oidcEnv {
	t.Helper()
	op, err := mockoidc.NewServer(nil)
	require.NoError(t, err)
	op.CodeChallengeMethodsSupported = []string{"S256"} // refuse "plain"
	e := &oidcEnv{op: op, key: []byte(strings.Repeat("s", MinSessionKeyLen)), clock: newTestClock(time.Now())}
	require.NoError(t, op.AddMiddleware(e.record))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, op.Start(ln, nil))
	t.Cleanup(func() { _ = op.Shutdown() })

	cfg := OIDCConfig{
		IssuerURL: op.Issuer(), ClientID: op.ClientID, ClientSecret: op.ClientSecret,
		SessionKey: e.key, SessionTTL: time.Hour, Now: e.clock.Now,
	}
	if edit != nil {
		edit(&cfg)
	}
	e.auth, err = NewOIDC(context.Background(), cfg)
	require.NoError(t, err)
	mux := http.NewServeMux()
	e.auth.Mount(mux)
	mux.Handle("/", e.auth.Wrap(whoami))
	e.app = httptest.NewServer(mux)
	t.Cleanup(e.app.Close)
	return e
}

// record keeps the parameters of the provider's authorization and token
// requests, so tests can check what flowq sent.
func (e *oidcEnv) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err == nil {
			e.mu.Lock()
			switch r.URL.Path {
			case mockoidc.AuthorizationEndpoint:
				e.authz = r.Form
			case mockoidc.TokenEndpoint:
				e.tokenReq = r.PostForm
			}
			e.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// browser returns a client with a cookie jar that follows redirects,
// sending Accept: text/html as a browser does.
func (e *oidcEnv) browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, rawURL string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := c.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestOIDCLoginEndToEnd(t *testing.T) {
	e := newOIDCEnv(t, func(cfg *OIDCConfig) { cfg.Scopes = []string{"email", "profile", "groups"} })
	e.op.QueueUser(&mockoidc.MockUser{Subject: "1234567890", Email: "jane.doe@example.com",
		PreferredUsername: "jane.doe", Groups: []string{"engineering", "design"}})
	c := e.browser(t)

	resp := get(t, c, e.app.URL+"/search?src=10.1.2.3&port=5432")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	got := decodeWhoami(t, resp)
	assert.Equal(t, "/search?src=10.1.2.3&port=5432", got.URI, "login returns to the page asked for")
	assert.Equal(t, Identity{Subject: "1234567890", Name: "jane.doe", Email: "jane.doe@example.com",
		Groups: []string{"engineering", "design"}}, got.Identity)

	// PKCE: S256 challenge sent at authorization, its verifier at the token exchange.
	e.mu.Lock()
	authz, tokenReq := e.authz, e.tokenReq
	e.mu.Unlock()
	assert.Equal(t, "S256", authz.Get("code_challenge_method"))
	verifier := tokenReq.Get("code_verifier")
	require.NotEmpty(t, verifier)
	sum := sha256.Sum256([]byte(verifier))
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum[:]), authz.Get("code_challenge"))
	assert.NotEmpty(t, authz.Get("nonce"))
	assert.NotEmpty(t, authz.Get("state"))
	assert.Equal(t, e.app.URL+CallbackPath, authz.Get("redirect_uri"))
	assert.ElementsMatch(t, []string{"openid", "email", "profile", "groups"}, strings.Fields(authz.Get("scope")))

	// The session now works for a request of any kind, until it expires.
	resp = get(t, c, e.app.URL+"/events")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "1234567890", decodeWhoami(t, resp).Identity.Subject)

	e.clock.Advance(time.Hour + time.Second)
	c.CheckRedirect = noFollow
	resp = get(t, c, e.app.URL+"/search")
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "expired session is no session")
}

func TestOIDCNoSession(t *testing.T) {
	e := newOIDCEnv(t, nil)
	c := &http.Client{CheckRedirect: noFollow}
	tests := []struct {
		name, method, accept string
		wantCode             int
	}{
		{"browser page", http.MethodGet, "text/html,*/*;q=0.8", http.StatusSeeOther},
		{"progress stream", http.MethodGet, "text/event-stream", http.StatusUnauthorized},
		{"script fetch", http.MethodGet, "*/*", http.StatusUnauthorized},
		{"download by curl", http.MethodGet, "", http.StatusUnauthorized},
		{"POST from a page", http.MethodPost, "text/html", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, e.app.URL+"/search?src=10.1.2.3&format=csv", nil)
			require.NoError(t, err)
			req.Header.Set("Accept", tt.accept)
			resp, err := c.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			require.Equal(t, tt.wantCode, resp.StatusCode)
			assert.NotContains(t, string(body), "1234567890")
			if tt.wantCode == http.StatusSeeOther {
				assert.Equal(t, LoginPath+"?return="+url.QueryEscape("/search?src=10.1.2.3&format=csv"), resp.Header.Get("Location"))
			}
		})
	}
}

func TestOIDCForgedOrExpiredCookie(t *testing.T) {
	e := newOIDCEnv(t, nil)
	now := e.clock.Now()
	sess := newSigner(e.key, "session")
	alice := sessionValue{Subject: "alice", Name: "Alice"}
	valid := mustSeal(t, sess, alice, now.Add(time.Minute))
	payload, mac, _ := strings.Cut(valid, ".")
	admin := mustSeal(t, sess, sessionValue{Subject: "admin"}, now.Add(time.Minute))
	adminPayload, _, _ := strings.Cut(admin, ".")

	tests := []struct {
		name   string
		cookie string
		wantOK bool
	}{
		{"valid (the control)", valid, true},
		{"bad MAC", payload + "." + mac[:len(mac)-2] + "AA", false},
		{"payload of another user under this MAC", adminPayload + "." + mac, false},
		{"signed with another key", mustSeal(t, newSigner([]byte(strings.Repeat("x", 32)), "session"), alice, now.Add(time.Minute)), false},
		{"login cookie offered as session", mustSeal(t, newSigner(e.key, "login"), alice, now.Add(time.Minute)), false},
		{"expired", mustSeal(t, sess, alice, now.Add(-time.Second)), false},
		{"garbage", "not-a-cookie", false},
	}
	c := &http.Client{CheckRedirect: noFollow}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, e.app.URL+"/search", nil)
			require.NoError(t, err)
			req.Header.Set("Accept", "text/html")
			req.AddCookie(&http.Cookie{Name: SessionCookie, Value: tt.cookie})
			resp, err := c.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			if tt.wantOK {
				require.Equal(t, http.StatusOK, resp.StatusCode)
				assert.Equal(t, "alice", decodeWhoami(t, resp).Identity.Subject)
				return
			}
			assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
			assert.True(t, strings.HasPrefix(resp.Header.Get("Location"), LoginPath+"?"), resp.Header.Get("Location"))
		})
	}
}
