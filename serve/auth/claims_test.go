package auth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdentityFromClaims(t *testing.T) {
	tests := []struct {
		name   string
		claims map[string]any
		want   Identity
	}{
		{"everything", map[string]any{"sub": "s1", "email": "a@example.com", "name": "A", "email_verified": true,
			"groups": []any{"g1", "", 7, "g2"}},
			Identity{Subject: "s1", Name: "A", Email: "a@example.com", Groups: []string{"g1", "g2"}}},
		{"preferred_username", map[string]any{"sub": "s1", "preferred_username": "a.user"}, Identity{Subject: "s1", Name: "a.user"}},
		{"name from e-mail", map[string]any{"sub": "s1", "email": "a@example.com"}, Identity{Subject: "s1", Name: "a@example.com", Email: "a@example.com"}},
		{"name from sub", map[string]any{"sub": "s1"}, Identity{Subject: "s1", Name: "s1"}},
		{"unverified e-mail dropped", map[string]any{"sub": "s1", "email": "boss@example.com", "email_verified": false},
			Identity{Subject: "s1", Name: "s1"}},
		{"unverified e-mail as Cognito's string", map[string]any{"sub": "s1", "email": "boss@example.com", "email_verified": "false"},
			Identity{Subject: "s1", Name: "s1"}},
		{"verified as a string", map[string]any{"sub": "s1", "email": "a@example.com", "email_verified": "true"},
			Identity{Subject: "s1", Name: "a@example.com", Email: "a@example.com"}},
		{"groups as one string", map[string]any{"sub": "s1", "groups": "g1, g2"}, Identity{Subject: "s1", Name: "s1", Groups: []string{"g1", "g2"}}},
		{"groups of the wrong type", map[string]any{"sub": "s1", "groups": 3.0}, Identity{Subject: "s1", Name: "s1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := identityFromClaims(tt.claims, "groups")
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := identityFromClaims(map[string]any{"email": "a@example.com"}, "groups")
	assert.Error(t, err)
}
