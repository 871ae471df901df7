package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGzipDamageNeverInventsRecords is the integrity contract, checked at
// every byte of a gzip object: truncated anywhere, or with any byte
// flipped, a scan returns only lines of the original text, and says that
// the result is incomplete, unless the damage is in bytes gzip does not
// check (the header's time, flags and OS bytes), where the answer is whole.
func TestGzipDamageNeverInventsRecords(t *testing.T) {
	lines := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 400)
	whole := gz(t, fileText(defaultHeader, lines))
	original := make(map[string]bool, len(lines))
	for _, l := range lines {
		original[l] = true
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log.gz")
	step := max(1, len(whole)/150)
	check := func(t *testing.T, what string, data []byte) {
		require.NoError(t, os.WriteFile(path, data, 0o644))
		got, st, err := collect(t, t.Context(), Options{Sources: []string{path}})
		require.NoError(t, err, what)
		for _, l := range got {
			if !original[l] {
				t.Fatalf("%s: invented record %q", what, l)
			}
		}
		whole := slices.Equal(lines, got)
		if !st.Incomplete() && st.ObjectsSkipped == 0 && !whole {
			t.Fatalf("%s: %d of %d records and nothing said: %+v", what, len(got), len(lines), st)
		}
	}
	for n := 1; n < len(whole); n += step {
		check(t, "truncated to "+itoa(int64(n)), whole[:n])
	}
	for i := 0; i < len(whole); i += step {
		for _, flip := range []byte{0x01, 0x80} {
			data := bytes.Clone(whole)
			data[i] ^= flip
			check(t, "byte "+itoa(int64(i))+" flipped", data)
		}
	}
}

// TestCorruptGzipSaysWhatWasDropped checks the message for a corrupt
// object, and that the scan goes on with the next one.
func TestCorruptGzipSaysWhatWasDropped(t *testing.T) {
	lines := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 2000)
	bad := gz(t, fileText(defaultHeader, lines))
	bad[len(bad)-6] ^= 0xff // the CRC: every byte inflates, the check fails
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.log.gz"), bad, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.log.gz"), gz(t, fileText(defaultHeader, lines[:5])), 0o644))
	var msgs []string
	got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, OnError: func(e error) { msgs = append(msgs, e.Error()) }})
	require.NoError(t, err)
	require.Equal(t, lines[:5], got, "only the intact object's records")
	require.Len(t, msgs, 1)
	require.Contains(t, msgs[0], "a.log.gz: corrupt gzip data: ")
	require.True(t, strings.HasSuffix(msgs[0], "nothing of the object was kept (2000 matching records and 0 malformed lines inflated before the damage was found)"), msgs[0])
	require.Equal(t, int64(1), st.ObjectsFailed)
	require.Equal(t, int64(5), st.Records, "records of the corrupt object are not counted")
}

// FuzzDamagedObject damages a gzip object as the fuzzer likes — a byte
// flipped, or the end cut, not both: an object that is cut has no
// checksum left to catch a flip before the cut, so its complete lines are
// taken as genuine — and checks the integrity contract: only lines of the
// original come out, and a partial answer is said to be incomplete,
// skipped, or is whole.
func FuzzDamagedObject(f *testing.F) {
	lines := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 120)
	whole := gz(f, fileText(defaultHeader, lines))
	original := make(map[string]bool, len(lines))
	for _, l := range lines {
		original[l] = true
	}
	f.Add(uint16(0), byte(0), uint16(0))
	f.Add(uint16(40), byte(0x55), uint16(0))
	f.Add(uint16(len(whole)-5), byte(1), uint16(0))
	f.Add(uint16(0), byte(0), uint16(len(whole)/2))
	f.Fuzz(func(t *testing.T, at uint16, flip byte, cut uint16) {
		data := bytes.Clone(whole)
		if int(at) < len(data) {
			data[at] ^= flip
		}
		if c := int(cut); c > 0 && c < len(data) {
			data = bytes.Clone(whole[:c]) // cut, or flipped: one damage at a time
		}
		path := filepath.Join(t.TempDir(), "x.log.gz")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		got, st, err := collect(t, t.Context(), Options{Sources: []string{path}})
		require.NoError(t, err)
		for _, l := range got {
			if !original[l] {
				t.Fatalf("invented record %q", l)
			}
		}
		if !slices.Equal(lines, got) && !st.Incomplete() && st.ObjectsSkipped == 0 {
			t.Fatalf("%d of %d records and nothing said", len(got), len(lines))
		}
	})
}
