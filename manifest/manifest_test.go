package manifest_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/manifest"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuild: reports added from many goroutines come out sorted, local
// files hashed, S3 objects and folders not, a vanished file said.
func TestBuild(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.log")
	require.NoError(t, os.WriteFile(file, []byte("hello\n"), 0o644))
	reports := []scan.ObjectReport{
		{Source: file, Size: 6, Outcome: scan.OutcomeRead, Records: 1, Matched: 1},
		{Source: "s3://bucket/a.log.gz", Size: 10, ETag: `"abc"`, Outcome: scan.OutcomeRead},
		{Source: filepath.Join(dir, "gone.log"), Size: 1, Outcome: scan.OutcomeFailed, Reason: "cut"},
		{Source: "s3://bucket/2026/01/", Dir: true, Size: -1, Outcome: scan.OutcomePruned, Reason: "outside the window"},
	}
	c := manifest.NewCollector(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var wg sync.WaitGroup
	for _, r := range reports {
		wg.Go(func() { c.Add(r) })
	}
	wg.Wait()
	m, err := c.Build(context.Background(), "flowq test", manifest.Query{Filter: "true"}, nil, scan.Stats{ObjectsRead: 2}, time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC))
	require.NoError(t, err)
	var got []string
	for _, o := range m.Objects {
		got = append(got, o.Source)
	}
	assert.Equal(t, []string{file, filepath.Join(dir, "gone.log"), "s3://bucket/2026/01/", "s3://bucket/a.log.gz"}, got)
	assert.Equal(t, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", m.Objects[0].SHA256, "sha256 of hello\\n")
	assert.Contains(t, m.Objects[1].HashError, "no such file")
	assert.Empty(t, m.Objects[2].SHA256)
	assert.Empty(t, m.Objects[3].SHA256)
	assert.Equal(t, `"abc"`, m.Objects[3].ETag)
	assert.Equal(t, int64(2), m.Totals.ObjectsRead)

	path := filepath.Join(dir, "m.json")
	require.NoError(t, m.WriteFile(path))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var back manifest.Manifest
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, *m, back)
}
