package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/internal/s3test"
	"github.com/flowq/flowq/parquetlog"
)

// pqBench is the data set of BenchmarkS3ParquetVsText: one flow log,
// generated once and stored twice in the test bucket, as gzip text under
// text/ and as Parquet under parquet/.
type pqBench struct {
	textDir      string // the text tree on disk, for the reference scan
	records      int64  // records in the flow log (each format holds all)
	textBytes    int64  // stored bytes of each format
	pqBytes      int64
	objects      int
	s3           S3Options
	start        time.Time
	rowGroupRows int64 // rows per Parquet row group
}

// newPQBench generates a flow log of 5-minute objects of about perObject
// records each over span, writes it as text and as Parquet (2,000-row row
// groups, records in the generator's time order), and stores both trees
// on an in-process S3 server.
func newPQBench(b *testing.B, perObject int, span time.Duration) *pqBench {
	b.Helper()
	s3test.IsolateEnv(b)
	pb := &pqBench{start: utc(2026, 1, 15, 0, 0), rowGroupRows: 2000}
	g, err := gen.New(gen.Config{Seed: 7, Start: pb.start, Duration: span, RecordsPerObject: perObject})
	if err != nil {
		b.Fatal(err)
	}
	pb.textDir = b.TempDir()
	pqDir := b.TempDir()
	tm, err := g.WriteTree(b.Context(), pb.textDir)
	if err != nil {
		b.Fatal(err)
	}
	pm, err := g.WriteParquetTree(b.Context(), pqDir, parquetlog.WriterOptions{RowGroupRows: pb.rowGroupRows})
	if err != nil {
		b.Fatal(err)
	}
	if tm.Records != pm.Records || len(tm.Objects) != len(pm.Objects) {
		b.Fatalf("text holds %d records in %d objects, Parquet %d in %d", tm.Records, len(tm.Objects), pm.Records, len(pm.Objects))
	}
	pb.records, pb.objects = tm.Records, len(tm.Objects)
	pb.textBytes, pb.pqBytes = tm.StoredBytes, pm.StoredBytes

	srv := s3test.New(b)
	srv.CreateBucket(b, bucket)
	putManifest(b, srv, "text/", pb.textDir, tm)
	putManifest(b, srv, "parquet/", pqDir, pm)
	srv.Faults.Set(25 * time.Millisecond)
	pb.s3 = S3Options{EndpointURL: srv.URL, PathStyle: true}
	return pb
}

// putManifest stores the objects a gen tree wrote under dir in the bucket,
// each key behind prefix.
func putManifest(b *testing.B, srv *s3test.Server, prefix, dir string, m gen.Manifest) {
	b.Helper()
	for _, o := range m.Objects {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(o.Key)))
		if err != nil {
			b.Fatal(err)
		}
		srv.Put(b, bucket, prefix+o.Key, data)
	}
}

// at formats the time off minutes after the start of the data as a
// filter literal.
func (pb *pqBench) at(off int) string {
	return pb.start.Add(time.Duration(off) * time.Minute).Format(time.RFC3339)
}

// BenchmarkS3ParquetVsText runs the same query over the same flow log
// stored as gzip text and as Parquet on the in-process S3 server with 25
// ms added to every request, through Run with 32 workers and projection:
// a selective 10-minute window (objects pruned by name, row groups by
// statistics) and the same port test over all time (projection only). Two
// object sizes: about 4,000 records (Parquet objects of ~70 KB, which the
// 64 KiB footer read nearly covers) and about 40,000 (~700 KB, 20 row
// groups, where projection pays in bytes and row groups cost requests).
//
// Metrics per op: records/s is the flow log's records per second of wall
// time (pruned ones included, so formats compare directly); scanned/op the
// records actually decoded; MB-read/op the bytes fetched from storage;
// GETs/op and objs-pruned/op. Scan statistics do not count skipped row
// groups; the drop in scanned/op and MB-read/op shows them.
//
//	go test -run - -bench S3ParquetVsText -benchtime 3x ./scan
func BenchmarkS3ParquetVsText(b *testing.B) {
	sizes := []struct {
		name      string
		perObject int
		span      time.Duration
	}{
		{"obj=4k", 4000, 4 * time.Hour},
		{"obj=40k", 40_000, 2 * time.Hour},
	}
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) { benchParquetVsText(b, newPQBench(b, sz.perObject, sz.span)) })
	}
}

func benchParquetVsText(b *testing.B, pb *pqBench) {
	b.Logf("%d objects, %d records; stored: text %.2f MB, Parquet %.2f MB (%d-row row groups)",
		pb.objects, pb.records, float64(pb.textBytes)/1e6, float64(pb.pqBytes)/1e6, pb.rowGroupRows)
	queries := []struct{ name, src string }{
		{"window", fmt.Sprintf("dstport = 443 and start >= '%s' and start < '%s'", pb.at(60), pb.at(70))},
		{"all-time", "dstport = 443"},
	}
	for _, q := range queries {
		f, err := filter.Compile(q.src, filter.Options{})
		if err != nil {
			b.Fatal(err)
		}
		want := pb.reference(b, f)
		for _, format := range []string{"text", "parquet"} {
			b.Run(q.name+"/"+format, func(b *testing.B) {
				pb.run(b, "s3://"+bucket+"/"+format+"/", f, want)
			})
		}
	}
}

// reference counts the matches of f in the local text tree: what both
// formats on S3 must deliver.
func (pb *pqBench) reference(b *testing.B, f *filter.Filter) int64 {
	b.Helper()
	st, err := Run(b.Context(), Options{Sources: []string{pb.textDir}, Filter: f, Unordered: true}, func(Match) error { return nil })
	if err != nil || st.Incomplete() {
		b.Fatalf("reference scan: %v %v", err, st.Errors)
	}
	if st.Matched == 0 || st.Matched == pb.records {
		b.Fatalf("reference scan: %d matches of %d records: not a selective query", st.Matched, pb.records)
	}
	return st.Matched
}

// run measures one query over one format and checks its matches.
func (pb *pqBench) run(b *testing.B, src string, f *filter.Filter, want int64) {
	opts := Options{Sources: []string{src}, Filter: f, S3: pb.s3, Workers: 32, Project: true}
	var st Stats
	b.ReportAllocs()
	for b.Loop() {
		var err error
		st, err = Run(b.Context(), opts, func(Match) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		if st.Incomplete() || st.ObjectsSkipped > 0 {
			b.Fatalf("%s: incomplete scan: %d failed, %d skipped: %v %v", src, st.ObjectsFailed, st.ObjectsSkipped, st.Errors, st.Skips)
		}
		if st.Matched != want {
			b.Fatalf("%s: %d matches, the text tree has %d", src, st.Matched, want)
		}
	}
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(pb.records)/perOp, "records/s")
	b.ReportMetric(float64(st.Records), "scanned/op")
	b.ReportMetric(float64(st.Matched), "matches/op")
	b.ReportMetric(float64(st.BytesCompressed)/1e6, "MB-read/op")
	b.ReportMetric(float64(st.GetRequests), "GETs/op")
	b.ReportMetric(float64(st.ObjectsPruned), "objs-pruned/op")
}
