package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// loginState is what the login cookie carries between LoginPath and
// CallbackPath.
type loginState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Return   string `json:"r"`
}

// sessionValue is what the session cookie carries.
type sessionValue struct {
	Subject string   `json:"sub"`
	Name    string   `json:"name,omitempty"`
	Email   string   `json:"email,omitempty"`
	Groups  []string `json:"groups,omitempty"`
}

// maxCookieLen keeps the session cookie under browsers' 4096-byte limit.
const maxCookieLen = 3900

// CanLogout reports true: POST LogoutPath ends the session.
func (a *oidcAuth) CanLogout() bool { return true }

// Mount registers LoginPath, CallbackPath and LogoutPath on mux.
func (a *oidcAuth) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET "+LoginPath, a.handleLogin)
	mux.HandleFunc("GET "+CallbackPath, a.handleCallback)
	mux.HandleFunc("GET "+LogoutPath, a.handleLogoutPage)
	mux.Handle("POST "+LogoutPath, http.NewCrossOriginProtection().Handler(http.HandlerFunc(a.handleLogout)))
}

// Wrap lets requests with a valid session cookie through; see
// Authenticator.
func (a *oidcAuth) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, ok := a.sessionIdentity(r); ok {
			next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
			return
		}
		if wantsPage(r) {
			w.Header().Set("Cache-Control", "no-store")
			http.Redirect(w, r, LoginPath+"?return="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		refuse(w, http.StatusUnauthorized)
	})
}

func (a *oidcAuth) sessionIdentity(r *http.Request) (Identity, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return Identity{}, false
	}
	var s sessionValue
	if a.session.open(c.Value, a.cfg.Now(), &s) != nil || s.Subject == "" {
		return Identity{}, false
	}
	return Identity(s), true
}

func (a *oidcAuth) handleLogin(w http.ResponseWriter, r *http.Request) {
	st := loginState{
		State:    rand.Text(),
		Nonce:    rand.Text(),
		Verifier: oauth2.GenerateVerifier(),
		Return:   SafeReturn(r.URL.Query().Get("return")),
	}
	v, err := a.login.seal(st, a.cfg.Now().Add(loginTTL))
	if err != nil {
		a.fail(w, http.StatusInternalServerError, "Could not start the sign-in.")
		return
	}
	a.setCookie(w, loginCookie, CallbackPath, v, int(loginTTL.Seconds()))
	conf := a.oauthFor(r)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, conf.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), http.StatusFound)
}

func (a *oidcAuth) handleCallback(w http.ResponseWriter, r *http.Request) {
	st, problem := a.checkState(r)
	if problem != "" {
		a.fail(w, http.StatusBadRequest, problem)
		return
	}
	a.setCookie(w, loginCookie, CallbackPath, "", -1)
	s, err := a.exchange(r, st)
	if err != nil {
		a.fail(w, http.StatusForbidden, "Sign-in was refused: "+err.Error())
		return
	}
	v, err := a.session.seal(s, a.cfg.Now().Add(a.cfg.SessionTTL))
	if err == nil && len(v) > maxCookieLen {
		err = fmt.Errorf("the identity (%d groups) is too large for a cookie; set a narrower groups claim", len(s.Groups))
	}
	if err != nil {
		a.fail(w, http.StatusInternalServerError, "Could not keep the session: "+err.Error())
		return
	}
	a.setCookie(w, SessionCookie, "/", v, int(a.cfg.SessionTTL.Seconds()))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, st.Return, http.StatusSeeOther)
}

// checkState reads the login cookie and compares its state with the
// callback's. problem, when not empty, says for the user why the
// callback is refused, including a provider's error reply.
func (a *oidcAuth) checkState(r *http.Request) (st loginState, problem string) {
	c, err := r.Cookie(loginCookie)
	if err != nil || a.login.open(c.Value, a.cfg.Now(), &st) != nil {
		return st, "The sign-in expired or was started elsewhere. Please sign in again."
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		return st, "The sign-in reply does not match this browser's sign-in. Please sign in again."
	}
	if e := q.Get("error"); e != "" {
		return st, "The identity provider refused the sign-in: " + e + " " + q.Get("error_description")
	}
	return st, ""
}

// exchange redeems the code (sending the PKCE verifier), verifies the ID
// token and its nonce, and extracts the identity.
func (a *oidcAuth) exchange(r *http.Request, st loginState) (sessionValue, error) {
	ctx := a.cfg.clientContext(r.Context())
	tok, err := a.oauthFor(r).Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return sessionValue{}, fmt.Errorf("code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return sessionValue{}, errors.New("the provider returned no ID token")
	}
	idt, err := a.verifier.Verify(ctx, raw)
	if err != nil {
		return sessionValue{}, fmt.Errorf("ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return sessionValue{}, errors.New("ID token nonce does not match")
	}
	return a.claimsIdentity(idt)
}

func (a *oidcAuth) claimsIdentity(idt *oidc.IDToken) (sessionValue, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return sessionValue{}, fmt.Errorf("ID token claims: %w", err)
	}
	id, err := identityFromClaims(claims, a.cfg.GroupsClaim)
	return sessionValue(id), err
}

func (a *oidcAuth) handleLogoutPage(w http.ResponseWriter, r *http.Request) {
	a.page(w, http.StatusOK, "Sign out of flowq?", true)
}

func (a *oidcAuth) handleLogout(w http.ResponseWriter, r *http.Request) {
	a.setCookie(w, SessionCookie, "/", "", -1)
	a.page(w, http.StatusOK, "You are signed out.", false)
}

// oauthFor returns the OAuth2 config with the redirect URL for r.
func (a *oidcAuth) oauthFor(r *http.Request) *oauth2.Config {
	conf := a.oauth
	if conf.RedirectURL == "" {
		scheme := "http"
		if r.TLS != nil || a.cfg.SecureCookie {
			scheme = "https"
		}
		conf.RedirectURL = (&url.URL{Scheme: scheme, Host: r.Host, Path: CallbackPath}).String()
	}
	return &conf
}

func (a *oidcAuth) setCookie(w http.ResponseWriter, name, path, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: a.cfg.SecureCookie, SameSite: http.SameSiteLaxMode,
	})
}

func (a *oidcAuth) fail(w http.ResponseWriter, code int, msg string) {
	a.page(w, code, msg, false)
}

var authPage = template.Must(template.New("auth").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>flowq sign-in</title></head>
<body><main><p>{{.Msg}}</p>
{{if .Confirm}}<form method="post" action="` + LogoutPath + `"><button type="submit">Sign out</button></form>
{{else}}<p><a href="` + LoginPath + `">Sign in</a></p>{{end}}
</main></body></html>
`))

// page writes a minimal HTML page; msg is escaped.
func (a *oidcAuth) page(w http.ResponseWriter, code int, msg string, confirm bool) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; form-action 'self'")
	w.WriteHeader(code)
	_ = authPage.Execute(w, struct {
		Msg     string
		Confirm bool
	}{msg, confirm})
}

// SafeReturn returns target if it is a path on this site ("/search?…"),
// and "/" otherwise, so a return address can never send the user to
// another site: absolute URLs, scheme-relative "//host" and "/\host",
// and anything with control characters are refused.
func SafeReturn(target string) string {
	if target == "" || target[0] != '/' || strings.HasPrefix(target, "//") ||
		strings.ContainsAny(target, "\\") || strings.IndexFunc(target, isControl) >= 0 {
		return "/"
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return target
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
