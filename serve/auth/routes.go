package auth

import (
	"net/http"
	"strings"
)

// The routes an authenticator mounts. Only OIDC serves them; the page may
// link to LogoutPath when the mode has a logout (see CanLogout).
const (
	LoginPath    = "/auth/login"
	CallbackPath = "/auth/callback"
	LogoutPath   = "/auth/logout"
)

// Logouter is implemented by authenticators whose sessions the page can
// end with a POST to LogoutPath.
type Logouter interface {
	// CanLogout reports whether LogoutPath ends the caller's session.
	CanLogout() bool
}

// CanLogout reports whether a offers a logout route, so the page knows
// whether to show a "sign out" button.
func CanLogout(a Authenticator) bool {
	l, ok := a.(Logouter)
	return ok && l.CanLogout()
}

// wantsPage reports whether r is a browser navigating to a page: a GET or
// HEAD whose Accept header names text/html. Progress streams
// (text/event-stream), fetches and downloads by scripts do not.
func wantsPage(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// refuse writes a short plain-text refusal with code. The body never
// echoes request data.
func refuse(w http.ResponseWriter, code int) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, http.StatusText(code), code)
}
