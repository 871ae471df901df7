package auth

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePrefixes(t *testing.T) {
	got, err := ParsePrefixes(" 10.0.0.0/16, 192.0.2.7 ,fd00::/64,::ffff:10.9.9.9,10.1.2.3/8")
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/16"),
		netip.MustParsePrefix("192.0.2.7/32"),
		netip.MustParsePrefix("fd00::/64"),
		netip.MustParsePrefix("10.9.9.9/32"),
		netip.MustParsePrefix("10.0.0.0/8"),
	}, got)
	for _, bad := range []string{"", " , ", "10.0.0.0/33", "example.com", "10.0.0.1/"} {
		_, err := ParsePrefixes(bad)
		assert.Error(t, err, bad)
	}
}

func TestReadSessionKey(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	require.NoError(t, os.WriteFile(good, []byte(strings.Repeat("k", 40)+"\n"), 0o600))
	short := filepath.Join(dir, "short")
	require.NoError(t, os.WriteFile(short, []byte(strings.Repeat("k", 31)+"\n\n"), 0o600))

	key, err := ReadSessionKey(good)
	require.NoError(t, err)
	assert.Equal(t, []byte(strings.Repeat("k", 40)), key)
	_, err = ReadSessionKey(short)
	assert.ErrorContains(t, err, "31 bytes")
	_, err = ReadSessionKey(filepath.Join(dir, "missing"))
	assert.Error(t, err)
}
