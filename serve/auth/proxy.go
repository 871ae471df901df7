package auth

import (
	"errors"
	"net/http"
	"net/netip"
	"strings"
)

// ProxyConfig configures NewProxy. The zero value of each header name
// takes the oauth2-proxy default.
type ProxyConfig struct {
	// Trusted are the addresses of the forward-auth proxy. Identity
	// headers are believed only on connections whose TCP peer
	// (r.RemoteAddr) lies in one of them. Required.
	Trusted []netip.Prefix
	// UserHeader carries the subject; default "X-Forwarded-User".
	UserHeader string
	// EmailHeader carries the e-mail address; default "X-Forwarded-Email".
	EmailHeader string
	// NameHeader carries a display name; default
	// "X-Forwarded-Preferred-Username".
	NameHeader string
	// GroupsHeader carries comma-separated groups; default
	// "X-Forwarded-Groups".
	GroupsHeader string
}

type proxy struct {
	cfg ProxyConfig
}

// NewProxy returns an Authenticator that believes the identity headers
// set by a forward-auth proxy such as oauth2-proxy, but only from the
// proxy's own addresses. A request from any other peer is refused with
// 403 (it went around the proxy, or forges the headers); a request from
// the proxy without a user header gets 401. The result is safe for
// concurrent use.
func NewProxy(cfg ProxyConfig) (Authenticator, error) {
	if len(cfg.Trusted) == 0 {
		return nil, errors.New("auth proxy: no trusted proxy addresses configured")
	}
	for _, p := range cfg.Trusted {
		if !p.IsValid() {
			return nil, errors.New("auth proxy: invalid trusted prefix")
		}
	}
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	cfg.Trusted = append([]netip.Prefix(nil), cfg.Trusted...)
	def(&cfg.UserHeader, "X-Forwarded-User")
	def(&cfg.EmailHeader, "X-Forwarded-Email")
	def(&cfg.NameHeader, "X-Forwarded-Preferred-Username")
	def(&cfg.GroupsHeader, "X-Forwarded-Groups")
	return &proxy{cfg: cfg}, nil
}

func (p *proxy) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !peerIn(r, p.cfg.Trusted) {
			refuse(w, http.StatusForbidden)
			return
		}
		id, ok := p.identity(r.Header)
		if !ok {
			refuse(w, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	})
}

// Mount registers nothing: the proxy owns login and logout.
func (p *proxy) Mount(*http.ServeMux) {}

func (p *proxy) identity(h http.Header) (Identity, bool) {
	sub := strings.TrimSpace(h.Get(p.cfg.UserHeader))
	if sub == "" {
		return Identity{}, false
	}
	id := Identity{
		Subject: sub,
		Email:   strings.TrimSpace(h.Get(p.cfg.EmailHeader)),
		Groups:  splitGroups(h.Values(p.cfg.GroupsHeader)),
	}
	id.Name = firstNonEmpty(strings.TrimSpace(h.Get(p.cfg.NameHeader)), id.Email, sub)
	return id, true
}

// splitGroups splits comma-separated header values into trimmed,
// non-empty group names.
func splitGroups(values []string) []string {
	var groups []string
	for _, v := range values {
		for g := range strings.SplitSeq(v, ",") {
			if g = strings.TrimSpace(g); g != "" {
				groups = append(groups, g)
			}
		}
	}
	return groups
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
