package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFewObjectsOpen: with at most two objects open, records of three
// windows in turn finish objects early, and later records of a window go
// into a second object beside the first; reading the export gives every
// record once.
func TestFewObjectsOpen(t *testing.T) {
	_, err := New(Options{Dir: "s3://logs/out"})
	assert.ErrorContains(t, err, "never writes to a bucket")

	dir := filepath.Join(t.TempDir(), "out")
	ex, err := New(Options{Dir: dir, MaxOpen: 2})
	require.NoError(t, err)
	var text strings.Builder
	base := int64(1768467600) // 2026-01-15 09:00 UTC
	for i := range 30 {
		end := base + int64(i%3)*300 + int64(i)
		fmt.Fprintf(&text, "2 111122223333 eni-0a1b2c3d 10.0.0.%d 10.0.1.1 443 %d 6 1 60 %d %d ACCEPT OK\n", i, 40000+i, end-5, end)
	}
	origin := flowlog.NewOrigin("mem", flowlog.FieldValue{Field: flowlog.Region, Text: []byte("eu-west-1")})
	rd := flowlog.NewReader(strings.NewReader(text.String()), flowlog.ReaderOptions{})
	var want []string
	for rd.Scan() {
		rec := rd.Record()
		rec.SetOrigin(origin)
		want = append(want, rec.String())
		require.NoError(t, ex.Write(scan.Match{Record: rec, Source: "mem", Line: rec.LineNumber()}))
	}
	require.NoError(t, rd.Err())
	require.NoError(t, ex.Close())
	keys, records := ex.Objects()
	var total int64
	again := 0
	for i, k := range keys {
		total += records[i]
		if strings.HasSuffix(k, "-1.log.parquet") {
			again++
		}
		_, err := os.Stat(filepath.Join(dir, k))
		require.NoError(t, err)
		assert.Contains(t, k, "aws-region=eu-west-1/year=2026/month=01/day=15/hour=09/111122223333_vpcflowlogs_eu-west-1_fl-flowqexport_20260115T09")
	}
	assert.Equal(t, int64(len(want)), total)
	assert.Positive(t, again, "a window's later records went into a second object")
	var got []string
	_, err = scan.Run(context.Background(), scan.Options{Sources: []string{dir}}, func(m scan.Match) error {
		got = append(got, m.Record.String())
		return nil
	})
	require.NoError(t, err)
	assert.ElementsMatch(t, want, got)

	r := rd.Record()
	r.Reset(flowlog.DefaultFormat())
	err = ex.Write(scan.Match{Record: r, Source: "mem", Line: 1}) // no account, region or time
	assert.ErrorIs(t, err, ErrNoPartition)
}
