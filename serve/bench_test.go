package serve

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/require"
)

// benchConfig is the generated bucket of the page's benchmark: two
// accounts, one region, two hours of 5-minute objects (48 objects, about
// 98,000 records), with one rare story near the end of the window.
func benchConfig() gen.Config {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return gen.Config{Seed: 13, Start: start, Duration: 2 * time.Hour,
		Accounts: []string{"111122223333", "444455556666"}, Regions: []string{"ap-northeast-1"}, RecordsPerObject: 2000,
		Events: []gen.Event{{Account: "444455556666", At: start.Add(110 * time.Minute), Count: 3, Every: time.Minute,
			SrcAddr: netip.MustParseAddr("10.9.9.9"), DstAddr: netip.MustParseAddr("10.0.1.25"), SrcPort: 50000, DstPort: 5432,
			Action: "REJECT"}}}
}

// firstRowRecorder is a ResponseWriter that notes when the first row
// event is written.
type firstRowRecorder struct {
	*httptest.ResponseRecorder
	start time.Time
	first time.Duration
}

func (f *firstRowRecorder) Write(p []byte) (int, error) {
	if f.first == 0 && bytes.Contains(p, []byte("event: row")) {
		f.first = time.Since(f.start)
	}
	return f.ResponseRecorder.Write(p)
}

// BenchmarkSearchPage measures what a user waits for on the page: the
// time to the first row and to the whole answer of a search over the
// progress stream (/events), for a rare match near the end of the window
// and for a common one (capped at the default 1,000 rows).
//
//	go test ./serve -run - -bench SearchPage -count 10
func BenchmarkSearchPage(b *testing.B) {
	dir := b.TempDir()
	m, err := gen.WriteTree(b.Context(), dir, benchConfig())
	require.NoError(b, err)
	b.Logf("%d objects, %d records, %d bytes stored", len(m.Objects), m.Records, m.StoredBytes)
	srv, err := New(Config{Sources: []string{dir}})
	require.NoError(b, err)
	for _, bc := range []struct{ name, query string }{
		{"rare", "src=10.9.9.9&port=5432&action=blocked"},
		{"common", "port=443"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(m.StoredBytes)
			var first, full time.Duration
			for b.Loop() {
				w := &firstRowRecorder{ResponseRecorder: httptest.NewRecorder(), start: time.Now()}
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/events?"+bc.query, nil))
				full += time.Since(w.start)
				first += w.first
				if w.first == 0 {
					b.Fatal("no row")
				}
			}
			b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms-first-row")
			b.ReportMetric(float64(full.Milliseconds())/float64(b.N), "ms-answer")
		})
	}
}

// BenchmarkCoverageWatch measures what the coverage note costs a search:
// the rare search's scan of the whole generated bucket, plain and with
// the coverage watch (its matcher also testing log-status on every record
// the filter refuses, and one OnObject call per object).
//
//	go test ./serve -run - -bench CoverageWatch -count 10 | benchstat -col /scan -
func BenchmarkCoverageWatch(b *testing.B) {
	dir := b.TempDir()
	m, err := gen.WriteTree(b.Context(), dir, benchConfig())
	require.NoError(b, err)
	srv, err := New(Config{Sources: []string{dir}, Workers: 1})
	require.NoError(b, err)
	r := httptest.NewRequest(http.MethodGet, "/search?src=10.9.9.9&port=5432&action=blocked", nil)
	s := srv.parseSearch(r, "en", nil)
	require.True(b, s.ok())
	for _, watched := range []bool{false, true} {
		name := "scan=plain"
		if watched {
			name = "scan=watched"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(m.StoredBytes)
			for b.Loop() {
				var cov *coverageWatch
				if watched {
					cov = &coverageWatch{}
				}
				o := srv.run(b.Context(), s.query, srv.rowOptions(s), func(scan.Match) error { return nil }, nil, cov)
				if o.rows != 3 || o.err != nil {
					b.Fatalf("%d rows, %v", o.rows, o.err)
				}
			}
		})
	}
}
