package gen

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSituationsTree checks that testdata/situations is what Situations
// writes (go test ./internal/gen -run TestSituationsTree -update rewrites it).
func TestSituationsTree(t *testing.T) {
	dir := "../../testdata/situations"
	if *update {
		require.NoError(t, os.RemoveAll(filepath.Join(dir, "AWSLogs")))
		require.NoError(t, Situations(dir))
	}
	fresh := t.TempDir()
	require.NoError(t, Situations(fresh))
	files := func(root string) map[string][]byte {
		out := map[string][]byte{}
		require.NoError(t, filepath.WalkDir(filepath.Join(root, "AWSLogs"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[rel] = b
			return err
		}))
		return out
	}
	want, got := files(fresh), files(dir)
	assert.Len(t, want, 22, "12 windows of fl-…b, 10 of fl-…a (two missing)")
	assert.Equal(t, want, got, "run go test ./internal/gen -run TestSituationsTree -update")
}
