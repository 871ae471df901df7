package parquetlog_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/parquetlog"
	"github.com/klauspost/compress/gzip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedTree writes one generated flow log as text and as Parquet
// (Hive layout) and checks that every object holds the same records, and
// that filters select the same ones from both.
func TestGeneratedTree(t *testing.T) {
	base := gen.Config{Seed: 11, Start: time.Date(2026, 1, 14, 23, 50, 0, 0, time.UTC),
		Duration: 15 * time.Minute, Accounts: []string{"111111111111"}, Regions: []string{"us-east-1"},
		Layout: gen.Hive, RecordsPerObject: 400, NoDataFraction: 0.03, MalformedFraction: 0.01}
	v5 := base
	v5.Layout, v5.Format, v5.IPv6Fraction = gen.Hourly, gen.MustFormat(gen.FormatV5), 0.1
	for _, cfg := range []gen.Config{base, v5} {
		t.Run(cfg.Layout.String(), func(t *testing.T) { checkGeneratedTree(t, cfg) })
	}
}

func checkGeneratedTree(t *testing.T, cfg gen.Config) {
	g, err := gen.New(cfg)
	require.NoError(t, err)
	dir := t.TempDir()
	mt, err := g.WriteTree(context.Background(), dir)
	require.NoError(t, err)
	mp, err := g.WriteParquetTree(context.Background(), dir, parquetlog.WriterOptions{RowGroupRows: 100})
	require.NoError(t, err)
	require.Len(t, mp.Objects, len(mt.Objects))
	assert.Equal(t, mt.Records, mp.Records)

	filters := []string{"true", "action = REJECT", "dstport = 443 and protocol = 6", "log_status != OK",
		"srcport IS NULL", "bytes > 10000"}
	for i, to := range mt.Objects {
		po := mp.Objects[i]
		assert.True(t, strings.HasPrefix(po.Key, "AWSLogs/"), po.Key)
		assert.Equal(t, strings.TrimSuffix(to.Key, ".gz")+".parquet", po.Key)
		text := textRecords(t, filepath.Join(dir, to.Key))
		obj, err := os.ReadFile(filepath.Join(dir, po.Key))
		require.NoError(t, err)
		for _, src := range filters {
			f := filter.MustCompile(src)
			var want, got []string
			for _, r := range text {
				if f.Match(r) {
					want = append(want, r.String())
				}
			}
			_, err := parquetlog.Read(context.Background(), bytes.NewReader(obj), int64(len(obj)),
				parquetlog.Options{Range: f.Range, Source: po.Key}, func(r *flowlog.Record) error {
					if f.Match(r) {
						got = append(got, r.String())
					}
					return nil
				})
			require.NoError(t, err)
			assert.Equal(t, want, got, "%s: %s", po.Key, src)
			if src == "true" {
				assert.Len(t, got, int(to.Records))
			}
		}
	}
}

// textRecords parses a generated .log.gz object, dropping malformed lines.
func textRecords(t *testing.T, path string) []*flowlog.Record {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	rd := flowlog.NewReader(zr, flowlog.ReaderOptions{Source: path})
	var out []*flowlog.Record
	for rd.Scan() {
		if r := rd.Record(); r != nil {
			out = append(out, r.Clone())
		}
	}
	require.NoError(t, rd.Err())
	return out
}
