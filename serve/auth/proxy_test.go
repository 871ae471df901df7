package auth

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProxy(t *testing.T) {
	a, err := NewProxy(ProxyConfig{Trusted: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/24"),
		netip.MustParsePrefix("fd00::/64"),
	}})
	require.NoError(t, err)
	h := a.Wrap(whoami)

	tests := []struct {
		name     string
		peer     string
		headers  map[string]string
		wantCode int
		want     Identity
	}{
		{
			name: "trusted proxy with all headers",
			peer: "10.0.0.7:40000",
			headers: map[string]string{
				"X-Forwarded-User": "alice", "X-Forwarded-Email": "alice@example.com",
				"X-Forwarded-Groups": "helpdesk, network-admins,,", "X-Forwarded-Preferred-Username": "Alice A.",
			},
			wantCode: http.StatusOK,
			want: Identity{Subject: "alice", Name: "Alice A.", Email: "alice@example.com",
				Groups: []string{"helpdesk", "network-admins"}},
		},
		{
			name:     "name falls back to e-mail",
			peer:     "[fd00::5]:40000",
			headers:  map[string]string{"X-Forwarded-User": "bob", "X-Forwarded-Email": "bob@example.com"},
			wantCode: http.StatusOK,
			want:     Identity{Subject: "bob", Name: "bob@example.com", Email: "bob@example.com"},
		},
		{
			name:     "IPv4-mapped peer of a trusted proxy",
			peer:     "[::ffff:10.0.0.7]:40000",
			headers:  map[string]string{"X-Forwarded-User": "carol"},
			wantCode: http.StatusOK,
			want:     Identity{Subject: "carol", Name: "carol"},
		},
		{
			name:     "forged header from an untrusted address",
			peer:     "192.0.2.66:40000",
			headers:  map[string]string{"X-Forwarded-User": "admin", "X-Forwarded-Groups": "network-admins"},
			wantCode: http.StatusForbidden,
		},
		{
			name:     "forged header with X-Forwarded-For naming the proxy",
			peer:     "192.0.2.66:40000",
			headers:  map[string]string{"X-Forwarded-User": "admin", "X-Forwarded-For": "10.0.0.7", "X-Real-Ip": "10.0.0.7"},
			wantCode: http.StatusForbidden,
		},
		{
			name:     "untrusted address without header",
			peer:     "192.0.2.66:40000",
			wantCode: http.StatusForbidden,
		},
		{
			name:     "trusted proxy without user header",
			peer:     "10.0.0.7:40000",
			headers:  map[string]string{"X-Forwarded-Email": "alice@example.com"},
			wantCode: http.StatusUnauthorized,
		},
		{
			name:     "trusted proxy with blank user header",
			peer:     "10.0.0.7:40000",
			headers:  map[string]string{"X-Forwarded-User": "  "},
			wantCode: http.StatusUnauthorized,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/search", nil)
			r.RemoteAddr = tt.peer
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			require.Equal(t, tt.wantCode, rec.Code)
			if tt.wantCode == http.StatusOK {
				assert.Equal(t, tt.want, decodeWhoami(t, rec.Result()).Identity)
			}
		})
	}
}

func TestProxyCustomHeaders(t *testing.T) {
	a, err := NewProxy(ProxyConfig{
		Trusted:    []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		UserHeader: "Remote-User", GroupsHeader: "Remote-Groups",
	})
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "127.0.0.1:1234"
	r.Header.Set("Remote-User", "dave")
	r.Header.Set("Remote-Groups", "a,b")
	r.Header.Set("X-Forwarded-User", "not-dave")
	rec := httptest.NewRecorder()
	a.Wrap(whoami).ServeHTTP(rec, r)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, Identity{Subject: "dave", Name: "dave", Groups: []string{"a", "b"}}, decodeWhoami(t, rec.Result()).Identity)
}

func TestNewProxyNeedsTrustedAddresses(t *testing.T) {
	_, err := NewProxy(ProxyConfig{})
	assert.Error(t, err)
	_, err = NewProxy(ProxyConfig{Trusted: []netip.Prefix{{}}})
	assert.Error(t, err)
}
