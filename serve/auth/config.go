package auth

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"strings"
)

// ParsePrefixes parses a comma-separated list of CIDR prefixes or single
// addresses ("10.0.0.0/16, 192.0.2.7, fd00::/64"), as a flag gives the
// trusted proxy or ALB addresses. A single address becomes a prefix of
// just that address. An empty list is an error: trusting nobody would
// refuse every request.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := parsePrefix(item)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("auth: no addresses in %q", list)
	}
	return out, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("auth: trusted address %q: %w", s, err)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("auth: trusted address %q: %w", s, err)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// ReadSessionKey reads a session key from the file at path: its content
// with surrounding white space removed, which must be at least
// MinSessionKeyLen bytes (e.g. made with `openssl rand -base64 48`).
// Every replica behind one name must use the same key, and a key that
// survives restarts keeps users signed in across them.
func ReadSessionKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: session key: %w", err)
	}
	key := bytes.TrimSpace(data)
	if len(key) < MinSessionKeyLen {
		return nil, fmt.Errorf("auth: session key %s has %d bytes, want at least %d", path, len(key), MinSessionKeyLen)
	}
	return key, nil
}
