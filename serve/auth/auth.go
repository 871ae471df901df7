package auth

import (
	"context"
	"net/http"
)

// Identity is who made a request, as the authenticator established it.
// It is a plain value, safe to copy and to share between goroutines.
type Identity struct {
	// Subject is the stable identifier: the OIDC "sub" claim, the proxy's
	// user header, or the ALB token's "sub".
	Subject string
	// Name is what the page and the audit log show: a display name or an
	// e-mail address, falling back to Subject.
	Name string
	// Email is the user's e-mail address, where the provider gives one.
	Email string
	// Groups are the user's groups, from a claim or a header.
	Groups []string
}

// Authenticator guards every route of the page. Implementations are safe
// for concurrent use once constructed.
type Authenticator interface {
	// Wrap returns next behind authentication. A request without a valid
	// identity never reaches next: a browser's GET is redirected to the
	// login route, anything else gets 401 or 403. With one, next runs with
	// the identity in the request's context (see IdentityFrom).
	Wrap(next http.Handler) http.Handler
	// Mount registers the authenticator's own routes (login, callback,
	// logout), all under /auth/, on mux. They are the only routes not
	// behind Wrap.
	Mount(mux *http.ServeMux)
}

type identityKey struct{}

// WithIdentity returns a copy of ctx that carries id.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the identity Wrap put into ctx, if any.
func IdentityFrom(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok
}
