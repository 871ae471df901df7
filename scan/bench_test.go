package scan

import (
	"bytes"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/s3test"
	"github.com/klauspost/compress/gzip"
)

// benchTree writes files gzip files of about mb MB of text each and
// returns the directory and the total uncompressed size.
func benchTree(b *testing.B, files, mb int) (string, int64) {
	b.Helper()
	dir := b.TempDir()
	var total int64
	rng := newRand()
	for i := range files {
		stamp := utc(2026, 1, 15, 0, 5*i)
		var text bytes.Buffer
		text.WriteString(defaultHeader + "\n")
		for text.Len() < mb<<20 {
			for _, l := range genRecords(rng, acct1, stamp, 1000) {
				text.WriteString(l)
				text.WriteByte('\n')
			}
		}
		total += int64(text.Len())
		key := objectKey("", plain, acct1, "us-east-1", stamp, i)
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, gz(b, text.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir, total
}

// addrFilter matches one source address: a selective query.
type addrFilter netip.Addr

func (a addrFilter) Match(r *flowlog.Record) bool {
	v, ok := r.Addr(flowlog.SrcAddr)
	return ok && v == netip.Addr(a)
}
func (a addrFilter) Fields() flowlog.FieldSet { return flowlog.SetOf(flowlog.SrcAddr) }

// gunzipAll is the physical limit: inflate every file with n goroutines.
func gunzipAll(b *testing.B, paths []string, n int) {
	var wg sync.WaitGroup
	next := make(chan string)
	for range n {
		wg.Go(func() {
			buf := make([]byte, 256<<10)
			var zr gzip.Reader
			for p := range next {
				f, err := os.Open(p)
				if err != nil {
					b.Error(err)
					continue
				}
				if err := zr.Reset(f); err != nil {
					b.Error(err)
				}
				io.CopyBuffer(io.Discard, &zr, buf)
				f.Close()
			}
		})
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
}

// BenchmarkLocal compares scanning with inflating the same files, at 1 and
// 2 workers. MB/s is of uncompressed text.
//
//	go test -run - -bench Local -benchtime 10x ./scan
func BenchmarkLocal(b *testing.B) {
	dir, total := benchTree(b, 16, 4)
	var paths []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	filters := []struct {
		name string
		m    Matcher
	}{
		{"selective", addrFilter(netip.MustParseAddr("10.0.1.7"))},
		{"port22-25pct", portFilter(22)},
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("gunzip/workers=%d", workers), func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				gunzipAll(b, paths, workers)
			}
		})
		for _, f := range filters {
			b.Run(fmt.Sprintf("scan-%s/workers=%d", f.name, workers), func(b *testing.B) {
				b.SetBytes(total)
				b.ReportAllocs()
				for b.Loop() {
					st, err := Run(b.Context(), Options{Sources: []string{dir}, Filter: f.m, Workers: workers}, func(Match) error { return nil })
					if err != nil || st.BytesUncompressed != total {
						b.Fatalf("scan: %v, %d bytes of %d", err, st.BytesUncompressed, total)
					}
				}
			})
		}
	}
}

// BenchmarkS3Latency scans objects on the in-process S3 server with 25 ms
// added to every request, at several worker counts.
//
//	go test -run - -bench S3Latency -benchtime 3x ./scan
func BenchmarkS3Latency(b *testing.B) {
	s3test.IsolateEnv(b)
	srv := s3test.New(b)
	srv.CreateBucket(b, bucket)
	rng := newRand()
	var total int64
	const objects = 256
	for i := range objects {
		stamp := utc(2026, 1, 15, 0, 0).Add(time.Duration(i) * fileWindow)
		text := fileText(defaultHeader, genRecords(rng, acct1, stamp, 500))
		total += int64(len(text))
		srv.Put(b, bucket, objectKey("", hourly, acct1, "us-east-1", stamp, i), gz(b, text))
	}
	srv.Faults.Set(25 * time.Millisecond)
	s3o := S3Options{EndpointURL: srv.URL, PathStyle: true}
	for _, workers := range []int{1, 8, 32, 64} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				st, err := Run(b.Context(), Options{Sources: []string{"s3://" + bucket}, S3: s3o, Workers: workers,
					Filter: portFilter(22)}, func(Match) error { return nil })
				if err != nil || st.ObjectsRead != objects {
					b.Fatalf("scan: %v, %d objects", err, st.ObjectsRead)
				}
				b.ReportMetric(float64(objects)/st.Elapsed.Seconds(), "obj/s")
			}
		})
	}
}
