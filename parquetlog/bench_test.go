package parquetlog

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/klauspost/compress/gzip"
	"github.com/stretchr/testify/require"
)

// benchRecords is the size of the benchmark object: about what one busy
// interface logs in a few hours, time-sorted as AWS's 5-minute files are.
const benchRecords = 200_000

var benchData = sync.OnceValues(func() ([]byte, []*flowlog.Record) {
	fm := flowlog.DefaultFormat()
	lines := genLines(fm, benchRecords, t0, 9)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(fm.Header() + "\n" + strings.Join(lines, "\n") + "\n"))
	zw.Close()
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{Format: fm})
	var recs []*flowlog.Record
	for rd.Scan() {
		recs = append(recs, rd.Record().Clone())
	}
	return gz.Bytes(), recs
})

// benchQueries: a selective time window (1 % of the data) and a selective
// non-time query (no pruning, projection only).
func benchQueries() []string {
	span := int64(50 * 600) // seconds covered by the data (see genLines)
	lo := t0 + span/2
	return []string{
		fmt.Sprintf("start >= %d and start < %d and dstport = 443", lo, lo+span/100),
		"dstport = 5432 and action = REJECT",
	}
}

// BenchmarkQuery compares one query over the same records as gzip text
// and as Parquet (one row group, page index; and 10k-row row groups).
func BenchmarkQuery(b *testing.B) {
	gz, recs := benchData()
	fm := flowlog.DefaultFormat()
	objs := map[string][]byte{
		"parquet-1rg":   writeParquet(b, fm, recs, WriterOptions{}),
		"parquet-rg10k": writeParquet(b, fm, recs, WriterOptions{RowGroupRows: 10_000}),
	}
	for qi, src := range benchQueries() {
		f := filter.MustCompile(src)
		b.Run(fmt.Sprintf("q%d/text-gzip", qi), func(b *testing.B) {
			benchText(b, gz, f)
		})
		for _, name := range []string{"parquet-1rg", "parquet-rg10k"} {
			b.Run(fmt.Sprintf("q%d/%s", qi, name), func(b *testing.B) {
				benchParquet(b, objs[name], f)
			})
		}
	}
}

func benchText(b *testing.B, gz []byte, f *filter.Filter) {
	fields := f.Fields()
	matches := 0
	b.SetBytes(int64(len(gz)))
	b.ReportAllocs()
	for b.Loop() {
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		require.NoError(b, err)
		rd := flowlog.NewReader(zr, flowlog.ReaderOptions{Fields: &fields})
		matches = 0
		for rd.Scan() {
			if r := rd.Record(); r != nil && f.Match(r) {
				matches++
			}
		}
		require.NoError(b, rd.Err())
	}
	report(b, matches, int64(len(gz)), 0, 0)
}

func benchParquet(b *testing.B, obj []byte, f *filter.Filter) {
	opts := Options{Fields: f.Fields(), Range: f.Range, Source: "bench"}
	var st Stats
	matches := 0
	b.SetBytes(int64(len(obj)))
	b.ReportAllocs()
	for b.Loop() {
		matches = 0
		var err error
		st, err = readFunc(obj, opts, func(r *flowlog.Record) error {
			if f.Match(r) {
				matches++
			}
			return nil
		})
		require.NoError(b, err)
	}
	report(b, matches, st.BytesRead, st.RowGroupsSkipped, st.PagesSkipped)
	b.ReportMetric(float64(st.RowGroups), "rowgroups")
}

// report adds the metrics the issue asks for: records scanned per second
// (records in the object, pruned ones included), bytes read from storage
// and what was skipped.
func report(b *testing.B, matches int, bytesRead, rgSkipped, pagesSkipped int64) {
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(bytesRead), "bytes-read")
	b.ReportMetric(float64(matches), "matches")
	b.ReportMetric(float64(rgSkipped), "rg-skipped")
	b.ReportMetric(float64(pagesSkipped), "pages-skipped")
}
