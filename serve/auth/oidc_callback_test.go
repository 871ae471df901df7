package auth

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stepper drives the login one redirect at a time, with a cookie jar.
type stepper struct {
	t *testing.T
	c *http.Client
	e *oidcEnv
}

func newStepper(t *testing.T, e *oidcEnv) *stepper {
	c := e.browser(t)
	c.CheckRedirect = noFollow
	return &stepper{t: t, c: c, e: e}
}

// location GETs rawURL and returns the redirect it answers with.
func (s *stepper) location(rawURL string) *url.URL {
	s.t.Helper()
	resp := get(s.t, s.c, rawURL)
	require.Contains(s.t, []int{http.StatusFound, http.StatusSeeOther}, resp.StatusCode, rawURL)
	u, err := resp.Location()
	require.NoError(s.t, err)
	return u
}

// callback runs LoginPath with return ret and the provider's authorization
// (after editAuthz changes its parameters), and returns the callback URL
// the provider redirects to.
func (s *stepper) callback(ret string, editAuthz func(url.Values)) *url.URL {
	s.t.Helper()
	authz := s.location(s.e.app.URL + LoginPath + "?return=" + url.QueryEscape(ret))
	require.True(s.t, strings.HasPrefix(authz.String(), s.e.op.AuthorizationEndpoint()), authz.String())
	if editAuthz != nil {
		q := authz.Query()
		editAuthz(q)
		authz.RawQuery = q.Encode()
	}
	cb := s.location(authz.String())
	require.Equal(s.t, CallbackPath, cb.Path)
	return cb
}

func (s *stepper) body(resp *http.Response) string {
	b, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	return string(b)
}

func TestOIDCCallbackRefusals(t *testing.T) {
	e := newOIDCEnv(t, nil)
	tests := []struct {
		name     string
		edit     func(authz url.Values) // the authorization request
		editCB   func(cb url.Values)    // the callback
		noCookie bool
		wantCode int
		wantText string
	}{
		{name: "state changed on the way back", editCB: func(q url.Values) { q.Set("state", "forged") }, wantCode: http.StatusBadRequest, wantText: "does not match"},
		{name: "state missing", editCB: func(q url.Values) { q.Del("state") }, wantCode: http.StatusBadRequest, wantText: "does not match"},
		{name: "state changed on the way out", edit: func(q url.Values) { q.Set("state", "forged") }, wantCode: http.StatusBadRequest, wantText: "does not match"},
		{name: "nonce changed", edit: func(q url.Values) { q.Set("nonce", "forged") }, wantCode: http.StatusForbidden, wantText: "nonce"},
		{name: "nonce removed", edit: func(q url.Values) { q.Del("nonce") }, wantCode: http.StatusForbidden, wantText: "nonce"},
		{name: "PKCE challenge replaced", edit: func(q url.Values) { q.Set("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") }, wantCode: http.StatusForbidden, wantText: "code verifier"},
		{name: "code replaced", editCB: func(q url.Values) { q.Set("code", "forged") }, wantCode: http.StatusForbidden, wantText: "code exchange"},
		{name: "provider error", editCB: func(q url.Values) { q.Set("error", "access_denied"); q.Set("error_description", "<b>no</b>") }, wantCode: http.StatusBadRequest, wantText: "access_denied &lt;b&gt;no&lt;/b&gt;"},
		{name: "callback in another browser", noCookie: true, wantCode: http.StatusBadRequest, wantText: "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStepper(t, e)
			cb := s.callback("/search", tt.edit)
			if tt.editCB != nil {
				q := cb.Query()
				tt.editCB(q)
				cb.RawQuery = q.Encode()
			}
			if tt.noCookie {
				s = newStepper(t, e)
			}
			resp := get(t, s.c, cb.String())
			body := s.body(resp)
			assert.Equal(t, tt.wantCode, resp.StatusCode, body)
			assert.Contains(t, body, tt.wantText)
			for _, c := range resp.Cookies() {
				assert.False(t, c.Name == SessionCookie && c.MaxAge > 0, "no session cookie may be set")
			}
			// And no session was made.
			after := get(t, s.c, e.app.URL+"/search")
			assert.Equal(t, http.StatusSeeOther, after.StatusCode)
		})
	}
}

func TestOIDCCallbackOnce(t *testing.T) {
	e := newOIDCEnv(t, nil)
	s := newStepper(t, e)
	cb := s.callback("/", nil)
	first := get(t, s.c, cb.String())
	require.Equal(t, http.StatusSeeOther, first.StatusCode)
	// The login cookie is gone, so replaying the callback is refused.
	s.c.Jar.SetCookies(mustURL(t, e.app.URL), []*http.Cookie{{Name: SessionCookie, Value: "", MaxAge: -1}})
	replay := get(t, s.c, cb.String())
	assert.Equal(t, http.StatusBadRequest, replay.StatusCode)
}

func TestOIDCReturnIsLocalOnly(t *testing.T) {
	e := newOIDCEnv(t, nil)
	tests := []struct{ ret, want string }{
		{"/search?src=10.1.2.3&tz=Asia%2FTokyo", "/search?src=10.1.2.3&tz=Asia%2FTokyo"},
		{"https://evil.example/phish", "/"},
		{"//evil.example/phish", "/"},
		{"/\\evil.example/phish", "/"},
		{"\\\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.ret, func(t *testing.T) {
			assert.Equal(t, tt.want, SafeReturn(tt.ret))
			s := newStepper(t, e)
			cb := s.callback(tt.ret, nil)
			resp := get(t, s.c, cb.String())
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			assert.Equal(t, tt.want, resp.Header.Get("Location"), "the redirect after login")
		})
	}
}

func TestOIDCCookies(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := newOIDCEnv(t, func(c *OIDCConfig) { c.SecureCookie = secure })
		rec := httptest.NewRecorder()
		mux := http.NewServeMux()
		e.auth.Mount(mux)
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, LoginPath+"?return=/x", nil))
		require.Equal(t, http.StatusFound, rec.Code)
		cookies := rec.Result().Cookies()
		require.Len(t, cookies, 1)
		login := cookies[0]
		assert.True(t, login.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, login.SameSite)
		assert.Equal(t, secure, login.Secure)
		assert.Equal(t, CallbackPath, login.Path)
		redirect, err := url.Parse(rec.Header().Get("Location"))
		require.NoError(t, err)
		if secure {
			assert.True(t, strings.HasPrefix(redirect.Query().Get("redirect_uri"), "https://"), "a secure deployment derives an https callback")
		}
	}

	e := newOIDCEnv(t, nil)
	s := newStepper(t, e)
	resp := get(t, s.c, s.callback("/", nil).String())
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			session = c
		}
	}
	require.NotNil(t, session)
	assert.True(t, session.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, session.SameSite)
	assert.Equal(t, "/", session.Path)
	assert.Equal(t, 3600, session.MaxAge)
}

func TestOIDCLogout(t *testing.T) {
	e := newOIDCEnv(t, nil)
	s := newStepper(t, e)
	require.Equal(t, http.StatusSeeOther, get(t, s.c, s.callback("/", nil).String()).StatusCode)
	require.Equal(t, http.StatusOK, get(t, s.c, e.app.URL+"/").StatusCode, "signed in")
	assert.True(t, CanLogout(e.auth))

	page := get(t, s.c, e.app.URL+LogoutPath)
	require.Equal(t, http.StatusOK, page.StatusCode)
	assert.Contains(t, s.body(page), `method="post"`)
	require.Equal(t, http.StatusOK, get(t, s.c, e.app.URL+"/").StatusCode, "GET does not sign out")

	cross, err := http.NewRequest(http.MethodPost, e.app.URL+LogoutPath, nil)
	require.NoError(t, err)
	cross.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := s.c.Do(cross)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "cross-site POST")
	require.Equal(t, http.StatusOK, get(t, s.c, e.app.URL+"/").StatusCode, "still signed in")

	resp, err = s.c.Post(e.app.URL+LogoutPath, "", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, http.StatusSeeOther, get(t, s.c, e.app.URL+"/").StatusCode, "signed out")
}

func TestNewOIDCConfig(t *testing.T) {
	e := newOIDCEnv(t, nil)
	base := OIDCConfig{IssuerURL: e.op.Issuer(), ClientID: e.op.ClientID}
	for name, edit := range map[string]func(*OIDCConfig){
		"no issuer":         func(c *OIDCConfig) { c.IssuerURL = "" },
		"no client":         func(c *OIDCConfig) { c.ClientID = "" },
		"short session key": func(c *OIDCConfig) { c.SessionKey = make([]byte, 31) },
		"unreachable":       func(c *OIDCConfig) { c.IssuerURL = "http://127.0.0.1:1" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := base
			edit(&cfg)
			_, err := NewOIDC(t.Context(), cfg)
			assert.Error(t, err)
		})
	}
	_, err := NewOIDC(t.Context(), base)
	assert.NoError(t, err, "a random session key when none is given")
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}
