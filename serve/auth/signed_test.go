package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSignerRoundTripAndRefusals(t *testing.T) {
	key := []byte(strings.Repeat("k", MinSessionKeyLen))
	now := time.Unix(1_800_000_000, 0)
	sess := newSigner(key, "session")
	want := sessionValue{Subject: "alice", Groups: []string{"helpdesk"}}
	good, err := sess.seal(want, now.Add(time.Hour))
	require.NoError(t, err)

	var got sessionValue
	require.NoError(t, sess.open(good, now, &got))
	assert.Equal(t, want, got)

	payload, mac, _ := strings.Cut(good, ".")
	flipped := []byte(payload)
	flipped[3] ^= 1
	expired, err := sess.seal(want, now.Add(-time.Second))
	require.NoError(t, err)
	otherPurpose, err := newSigner(key, "login").seal(want, now.Add(time.Hour))
	require.NoError(t, err)
	otherKey, err := newSigner([]byte(strings.Repeat("x", MinSessionKeyLen)), "session").seal(want, now.Add(time.Hour))
	require.NoError(t, err)

	bad := map[string]string{
		"payload changed":     string(flipped) + "." + mac,
		"mac missing":         payload,
		"mac empty":           payload + ".",
		"mac not base64":      payload + ".!!",
		"expired":             expired,
		"expires now":         mustSeal(t, sess, want, now),
		"made for login":      otherPurpose,
		"made with other key": otherKey,
		"empty":               "",
	}
	for name, token := range bad {
		t.Run(name, func(t *testing.T) {
			var v sessionValue
			assert.ErrorIs(t, sess.open(token, now, &v), errBadToken)
		})
	}
}

func mustSeal(t *testing.T, s signer, v any, exp time.Time) string {
	t.Helper()
	tok, err := s.seal(v, exp)
	require.NoError(t, err)
	return tok
}
