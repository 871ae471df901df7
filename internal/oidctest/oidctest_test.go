package oidctest_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/flowq/flowq/internal/oidctest"
	"github.com/flowq/flowq/serve/auth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// TestLoginThroughTheForm signs in to a page behind auth.NewOIDC by
// filling the provider's login form, as a browser would.
func TestLoginThroughTheForm(t *testing.T) {
	op, err := oidctest.Start(oidctest.User{Username: "alice", Password: "s3cret", Email: "alice@example.com",
		Name: "Alice Example", Groups: []string{"helpdesk"}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = op.Close() })

	a, err := auth.NewOIDC(t.Context(), auth.OIDCConfig{IssuerURL: op.Issuer, ClientID: op.ClientID, ClientSecret: op.ClientSecret})
	require.NoError(t, err)
	mux := http.NewServeMux()
	a.Mount(mux)
	mux.Handle("/", a.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := auth.IdentityFrom(r.Context())
		_ = json.NewEncoder(w).Encode(id)
	})))
	app := httptest.NewServer(mux)
	t.Cleanup(app.Close)

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	req, err := http.NewRequest(http.MethodGet, app.URL+"/search?src=10.1.2.3", nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	require.NoError(t, err)
	form := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, form, `<label for="u">Username</label>`)
	assert.Contains(t, form, `<label for="p">Password</label>`)
	formURL := resp.Request.URL.String()
	require.True(t, strings.HasPrefix(formURL, op.Issuer), formURL)

	post := func(password string) *http.Response {
		fields := url.Values{}
		for _, m := range hiddenInput.FindAllStringSubmatch(form, -1) {
			fields.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
		}
		require.NotEmpty(t, fields.Get("state"))
		require.Equal(t, "S256", fields.Get("code_challenge_method"))
		fields.Set(oidctest.UsernameField, "alice")
		fields.Set(oidctest.PasswordField, password)
		resp, err := c.PostForm(formURL, fields)
		require.NoError(t, err)
		return resp
	}

	wrong := post("guess")
	assert.Equal(t, http.StatusUnauthorized, wrong.StatusCode)
	assert.Contains(t, readBody(t, wrong), "Wrong user name or password.")

	right := post("s3cret")
	body := readBody(t, right)
	require.Equal(t, http.StatusOK, right.StatusCode, body)
	assert.Equal(t, app.URL+"/search?src=10.1.2.3", right.Request.URL.String())
	var id auth.Identity
	require.NoError(t, json.Unmarshal([]byte(body), &id))
	assert.Equal(t, auth.Identity{Subject: "alice", Name: "Alice Example", Email: "alice@example.com",
		Groups: []string{"helpdesk"}}, id)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}
