package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true},
		{"127.8.9.10:80", true},
		{"[::1]:8080", true},
		{"localhost:8080", true},
		{"LocalHost:8080", true},
		{"[::ffff:127.0.0.1]:8080", true},
		{":8080", false},
		{"0.0.0.0:8080", false},
		{"[::]:8080", false},
		{"10.0.0.5:8080", false},
		{"example.com:8080", false},
		{"127.0.0.1", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			assert.Equal(t, tt.want, IsLoopback(tt.addr))
		})
	}
}

func TestOpenGivesAnonymous(t *testing.T) {
	rec := httptest.NewRecorder()
	Open().Wrap(whoami).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?src=10.0.0.1", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	got := decodeWhoami(t, rec.Result())
	assert.Equal(t, Anonymous, got.Identity)
	assert.Equal(t, "/search?src=10.0.0.1", got.URI)
	assert.False(t, CanLogout(Open()))
}
