package scan

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinksReadEachFileOnce checks that symbolic links neither read a file
// twice nor loop, and that what cannot be read (a dangling link, a named
// pipe) is named as skipped rather than passed over.
func TestLinksReadEachFileOnce(t *testing.T) {
	outside := t.TempDir() // a folder the root links to
	root := filepath.Join(t.TempDir(), "root")
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 0, 20), 10)
	tr.writeDir(t, root)
	var key string
	for k := range tr.files {
		key = k
		break
	}
	extra := fileText(defaultHeader, genRecords(newRand(), acct2, utc(2026, 1, 15, 0, 0), 3))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "extra.log"), []byte(extra), 0o644))
	links := map[string]string{
		"up":                           "..",                                  // a loop above the root
		"self":                         ".",                                   // a loop at the root
		"AWSLogs/again":                "../AWSLogs",                          // a loop inside it
		"copy.log.gz":                  filepath.Join(root, key),              // a file beside its target
		"ext":                          outside,                               // a folder outside: read
		"ext2":                         outside,                               // the same folder again: not
		"gone.log.gz":                  filepath.Join(root, "no-such.log.gz"), // dangling
		filepath.Join(outside, "loop"): outside,                               // a loop outside
	}
	for name, target := range links {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, name)
		}
		require.NoError(t, os.Symlink(target, p))
	}
	require.NoError(t, syscall.Mkfifo(filepath.Join(root, "pipe.log"), 0o644))

	done := make(chan struct{})
	var got []string
	var st Stats
	var err error
	go func() {
		defer close(done)
		got, st, err = collect(t, t.Context(), Options{Sources: []string{root}})
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the walk did not end: a loop, or a FIFO opened")
	}
	require.NoError(t, err)
	want := append(tr.want(time.Time{}, time.Time{}), genRecords(newRand(), acct2, utc(2026, 1, 15, 0, 0), 3)...)
	slices.Sort(want)
	assert.Equal(t, want, sorted(got), "every record once: the tree, and the outside folder once")
	var skipped []string
	for _, e := range st.Skips {
		skipped = append(skipped, filepath.Base(e.Source)+": "+e.Err.Error())
	}
	slices.Sort(skipped)
	require.Len(t, skipped, 2, "%v", skipped)
	assert.Contains(t, skipped[0], "gone.log.gz: a symbolic link to nothing readable")
	assert.Equal(t, "pipe.log: not a regular file: a named pipe", skipped[1])
	assert.False(t, st.Incomplete())
}
