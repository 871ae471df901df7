package cwlogs_test

import (
	"testing"
	"time"

	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/scan"
)

// benchFixture is 2 hours of records (about 24,000), on disk and in the
// fake log group.
func benchFixture(b *testing.B) *fixture { return newFixture(b, 2*time.Hour, 1000) }

// benchmarkScan counts every record of opts and reports events per second.
func benchmarkScan(b *testing.B, f *fixture, opts scan.Options) {
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		st, err := scan.Run(b.Context(), opts, nil)
		if err != nil || st.Matched != int64(f.events) {
			b.Fatalf("matched %d of %d: %v %v", st.Matched, f.events, err, st.Errors)
		}
		bytes = st.BytesUncompressed
	}
	b.SetBytes(bytes)
	b.ReportMetric(float64(f.events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkLogGroup reads the group through the SDK from the loopback
// server (which runs in this process: its JSON encoding is counted too).
func BenchmarkLogGroup(b *testing.B) {
	f := benchFixture(b)
	benchmarkScan(b, f, group(cwlogs.Options{}))
}

// BenchmarkDirectory reads the same records as gzip objects on disk.
func BenchmarkDirectory(b *testing.B) {
	f := benchFixture(b)
	benchmarkScan(b, f, scan.Options{Sources: []string{f.dir}})
}

// BenchmarkLogGroupSlices reads the group in time slices (a search with
// a lower bound), each across all streams.
func BenchmarkLogGroupSlices(b *testing.B) {
	f := benchFixture(b)
	opts := group(cwlogs.Options{})
	opts.Since = fixtureStart.Add(-time.Hour)
	benchmarkScan(b, f, opts)
}
