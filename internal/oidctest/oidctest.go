package oidctest

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// User is an account on the Provider.
type User struct {
	Username string // typed into the form's "Username" field
	Password string
	Subject  string // the "sub" claim; default Username
	Email    string
	Name     string // the "name" claim
	Groups   []string
}

// Provider is a running OpenID Connect provider. Its methods are safe for
// concurrent use.
type Provider struct {
	// Issuer is the issuer URL to configure the client with
	// (http://127.0.0.1:PORT/oidc).
	Issuer string
	// ClientID and ClientSecret are the one client the provider knows.
	ClientID     string
	ClientSecret string

	op    *mockoidc.MockOIDC
	users map[string]User

	mu sync.Mutex // pairs each QueueUser with its Authorize
}

// Field names of the login form, for browser tests.
const (
	UsernameField = "username"
	PasswordField = "password"
	SubmitID      = "oidctest-submit"
)

// Start runs a provider on 127.0.0.1 with the given users, until Close.
func Start(users ...User) (*Provider, error) {
	op, err := mockoidc.NewServer(nil)
	if err != nil {
		return nil, fmt.Errorf("oidctest: %w", err)
	}
	op.CodeChallengeMethodsSupported = []string{"S256"}
	p := &Provider{op: op, users: map[string]User{}, ClientID: op.ClientID, ClientSecret: op.ClientSecret}
	for _, u := range users {
		if u.Subject == "" {
			u.Subject = u.Username
		}
		p.users[u.Username] = u
	}
	if err := op.AddMiddleware(p.loginForm); err != nil {
		return nil, fmt.Errorf("oidctest: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("oidctest: %w", err)
	}
	if err := op.Start(ln, nil); err != nil {
		ln.Close()
		return nil, fmt.Errorf("oidctest: %w", err)
	}
	p.Issuer = op.Issuer()
	return p, nil
}

// Close stops the provider.
func (p *Provider) Close() error { return p.op.Shutdown() }

// loginForm stands in front of the authorization endpoint: a GET shows the
// form (carrying the authorization request in hidden fields), a POST with
// a known user name and its password lets mockoidc issue the code for
// that user, and a wrong one shows the form again with a message.
func (p *Provider) loginForm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != mockoidc.AuthorizationEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodPost {
			p.showForm(w, http.StatusOK, r.URL.Query(), "")
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		u, ok := p.users[r.PostForm.Get(UsernameField)]
		if !ok || subtle.ConstantTimeCompare([]byte(u.Password), []byte(r.PostForm.Get(PasswordField))) != 1 {
			p.showForm(w, http.StatusUnauthorized, authParams(r.PostForm), "Wrong user name or password.")
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		p.op.QueueUser(&user{u})
		next.ServeHTTP(w, r)
	})
}

// authParams drops the credentials from the posted form.
func authParams(form url.Values) url.Values {
	q := url.Values{}
	for k, v := range form {
		if k != UsernameField && k != PasswordField {
			q[k] = v
		}
	}
	return q
}

var formPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body><main><h1>Sign in</h1>
{{if .Message}}<p role="alert">{{.Message}}</p>{{end}}
<form method="post">
{{range $k, $vs := .Params}}{{range $vs}}<input type="hidden" name="{{$k}}" value="{{.}}">
{{end}}{{end}}<p><label for="u">Username</label> <input id="u" name="` + UsernameField + `" autocomplete="username" required></p>
<p><label for="p">Password</label> <input id="p" type="password" name="` + PasswordField + `" autocomplete="current-password" required></p>
<p><button id="` + SubmitID + `" type="submit">Sign in</button></p>
</form></main></body></html>
`))

func (p *Provider) showForm(w http.ResponseWriter, code int, params url.Values, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = formPage.Execute(w, struct {
		Params  url.Values
		Message string
	}{params, msg})
}

// user adapts User to mockoidc.User. Groups and name are given whatever
// the scope, as Entra ID and Okta can be configured to do.
type user struct{ User }

func (u *user) ID() string { return u.Subject }

func (u *user) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": u.Subject, "email": u.Email, "name": u.Name, "groups": u.Groups})
}

type claims struct {
	*mockoidc.IDTokenClaims
	Email  string   `json:"email,omitempty"`
	Name   string   `json:"name,omitempty"`
	Groups []string `json:"groups,omitempty"`
}

func (u *user) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &claims{IDTokenClaims: base, Email: u.Email, Name: u.Name, Groups: u.Groups}, nil
}
