package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"
)

func zstdOf(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf)
	require.NoError(t, err)
	_, err = w.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func xzOf(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xz.NewWriter(&buf)
	require.NoError(t, err)
	_, err = w.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// TestRecompressedCopiesAreRead checks that copies of objects recompressed
// with zstd, bzip2 or xz are read like gzip, by their bytes, not names.
func TestRecompressedCopiesAreRead(t *testing.T) {
	plain, err := os.ReadFile("testdata/compressed/flows.log")
	require.NoError(t, err)
	bz, err := os.ReadFile("testdata/compressed/flows.log.bz2")
	require.NoError(t, err)
	want := strings.Split(strings.TrimSpace(string(plain)), "\n")[1:]
	for name, data := range map[string][]byte{
		"a.zst": zstdOf(t, string(plain)), "b.bz2": bz, "c.xz": xzOf(t, string(plain)), "d.gz": gz(t, string(plain)),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			require.NoError(t, os.WriteFile(path, data, 0o644))
			got, st, err := collect(t, t.Context(), Options{Sources: []string{path}})
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.False(t, st.Incomplete())
			assert.Equal(t, int64(len(data)), st.BytesCompressed)
			assert.Equal(t, int64(len(plain)), st.BytesUncompressed)
		})
	}
}

// TestRecompressedDamageNeverInventsRecords is the integrity contract for
// zstd and xz: whatever byte is flipped or wherever the copy is cut, only
// lines of the original come out, and the damage is said.
func TestRecompressedDamageNeverInventsRecords(t *testing.T) {
	lines := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 300)
	text := fileText(defaultHeader, lines)
	original := map[string]bool{}
	for _, l := range lines {
		original[l] = true
	}
	for codec, whole := range map[string][]byte{"zstd": zstdOf(t, text), "xz": xzOf(t, text)} {
		t.Run(codec, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x")
			step := max(1, len(whole)/60)
			check := func(what string, data []byte) {
				require.NoError(t, os.WriteFile(path, data, 0o644))
				got, st, err := collect(t, t.Context(), Options{Sources: []string{path}})
				require.NoError(t, err)
				for _, l := range got {
					require.True(t, original[l], "%s: invented %q", what, l)
				}
				if len(got) != len(lines) && !st.Incomplete() && st.ObjectsSkipped == 0 {
					t.Fatalf("%s: %d of %d records and nothing said", what, len(got), len(lines))
				}
			}
			for n := 1; n < len(whole); n += step {
				check("cut at "+itoa(int64(n)), whole[:n])
			}
			for i := 0; i < len(whole); i += step {
				data := bytes.Clone(whole)
				data[i] ^= 0x40
				check("byte "+itoa(int64(i)), data)
			}
		})
	}
}
