package enrichtest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/enrich")

// Dates of the committed files: ip-ranges.json made before the sample's
// flows (2026-01-14), the databases after them, so that the README shows
// the warning.
var (
	sampleCreated = time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	sampleBuilt   = time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
)

// TestSampleFiles checks that testdata/enrich is what Standard writes
// (go test ./internal/enrichtest -update rewrites it).
func TestSampleFiles(t *testing.T) {
	dir := "../../testdata/enrich"
	if *update {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		_, err := Standard(dir, sampleCreated, sampleBuilt)
		require.NoError(t, err)
	}
	fresh := t.TempDir()
	_, err := Standard(fresh, sampleCreated, sampleBuilt)
	require.NoError(t, err)
	for _, name := range []string{"ip-ranges.json", "enis.json", "country.mmdb", "asn.mmdb"} {
		want, err := os.ReadFile(filepath.Join(fresh, name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, "run go test ./internal/enrichtest -update")
		assert.Equal(t, want, got, name)
	}
}
