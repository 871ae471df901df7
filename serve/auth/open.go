package auth

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Anonymous is the identity Open gives every request.
var Anonymous = Identity{Subject: "anonymous", Name: "anonymous"}

type open struct{}

// Open returns an Authenticator that lets everyone in as Anonymous. The
// page must use it only on a loopback address (see IsLoopback). It is
// safe for concurrent use.
func Open() Authenticator { return open{} }

func (open) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), Anonymous)))
	})
}

// Mount registers nothing: there is no login.
func (open) Mount(*http.ServeMux) {}

// IsLoopback reports whether the listen address addr ("host:port") can be
// reached only from this machine: its host is "localhost" or a loopback
// IP. An empty host (":8080", all interfaces), a host name or an
// unparsable address is not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
