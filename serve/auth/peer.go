package auth

import (
	"net/http"
	"net/netip"
)

// peerAddr returns the TCP peer of r, from r.RemoteAddr (never from a
// header), with IPv4-mapped IPv6 addresses unmapped.
func peerAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		a, err := netip.ParseAddr(r.RemoteAddr)
		if err != nil {
			return netip.Addr{}, false
		}
		return a.Unmap(), true
	}
	return ap.Addr().Unmap(), true
}

// peerIn reports whether r's TCP peer lies in one of prefixes.
func peerIn(r *http.Request, prefixes []netip.Prefix) bool {
	a, ok := peerAddr(r)
	if !ok {
		return false
	}
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
