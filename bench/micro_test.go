package bench

import (
	"bufio"
	"bytes"
	stdgzip "compress/gzip"
	"io"
	"testing"
	"time"

	kgzip "github.com/klauspost/compress/gzip"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/gen"
)

// fixture is one generated object: its text and its gzip form.
type fixture struct {
	name  string
	text  []byte
	gz    []byte
	lines int
}

var fixtures = func() []fixture {
	var out []fixture
	for _, fx := range []struct {
		name    string
		records int
	}{{"small", 2_000}, {"large", 40_000}} {
		g, err := gen.New(gen.Config{Seed: 42, Start: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC),
			Duration: 5 * time.Minute, NoDataFraction: 0.01, IPv6Fraction: 0.02})
		if err != nil {
			panic(err)
		}
		text := g.Text(fx.records)
		var buf bytes.Buffer
		zw, _ := kgzip.NewWriterLevel(&buf, 6)
		zw.Write(text)
		zw.Close()
		out = append(out, fixture{fx.name, text, buf.Bytes(), fx.records})
	}
	return out
}()

// gunzipper opens a gzip stream; reset reuses its state for the next one.
type gunzipper struct {
	name  string
	reset func(r io.Reader) (io.Reader, error)
}

func gunzippers() []gunzipper {
	var k kgzip.Reader
	var s stdgzip.Reader
	return []gunzipper{
		{"klauspost", func(r io.Reader) (io.Reader, error) { return &k, k.Reset(r) }},
		{"stdlib", func(r io.Reader) (io.Reader, error) { return &s, s.Reset(r) }},
	}
}

// BenchmarkGunzip is the physical limit: decompression and nothing else.
func BenchmarkGunzip(b *testing.B) {
	for _, fx := range fixtures {
		for _, gz := range gunzippers() {
			b.Run(fx.name+"/"+gz.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(fx.text)))
				var n int64
				for b.Loop() {
					zr, err := gz.reset(bytes.NewReader(fx.gz))
					if err != nil {
						b.Fatal(err)
					}
					n, err = io.Copy(io.Discard, zr)
					if err != nil {
						b.Fatal(err)
					}
				}
				if n != int64(len(fx.text)) {
					b.Fatalf("decompressed %d bytes, want %d", n, len(fx.text))
				}
			})
		}
	}
}

// BenchmarkLineSplit compares splitting text into lines with IndexByte
// and with bufio.Scanner.
func BenchmarkLineSplit(b *testing.B) {
	for _, fx := range fixtures {
		b.Run(fx.name+"/indexbyte", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(fx.text)))
			var n int
			for b.Loop() {
				n = 0
				for rest := fx.text; len(rest) > 0; n++ {
					i := bytes.IndexByte(rest, '\n')
					if i < 0 {
						break
					}
					rest = rest[i+1:]
				}
			}
			if n != fx.lines+1 {
				b.Fatalf("%d lines, want %d", n, fx.lines+1)
			}
		})
		b.Run(fx.name+"/scanner", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(fx.text)))
			var n int
			for b.Loop() {
				sc := bufio.NewScanner(bytes.NewReader(fx.text))
				for n = 0; sc.Scan(); n++ {
				}
			}
			if n != fx.lines+1 {
				b.Fatalf("%d lines, want %d", n, fx.lines+1)
			}
		})
	}
}

// parseModes are the field sets the parse benchmarks decode: every field,
// or only the two a selective filter reads (lazy).
var parseModes = []struct {
	name   string
	fields *flowlog.FieldSet
}{
	{"full", nil},
	{"lazy", func() *flowlog.FieldSet { s := flowlog.SetOf(flowlog.DstPort, flowlog.Action); return &s }()},
}

// countRejected443 reads every record and counts dstport = 443 and
// action = REJECT, the selective query of the end-to-end benchmark.
func countRejected443(b *testing.B, r io.Reader, fields *flowlog.FieldSet) int {
	rd := flowlog.NewReader(r, flowlog.ReaderOptions{Fields: fields})
	n := 0
	for rd.Scan() {
		rec := rd.Record()
		if p, _ := rec.Int(flowlog.DstPort); p == 443 && rec.Action() == flowlog.ActionReject {
			n++
		}
	}
	if err := rd.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkParse is parsing text already in memory.
func BenchmarkParse(b *testing.B) {
	for _, fx := range fixtures {
		want := countRejected443(b, bytes.NewReader(fx.text), nil)
		for _, m := range parseModes {
			b.Run(fx.name+"/"+m.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(fx.text)))
				var n int
				for b.Loop() {
					n = countRejected443(b, bytes.NewReader(fx.text), m.fields)
				}
				if n != want || n == 0 {
					b.Fatalf("%d matches, want %d", n, want)
				}
			})
		}
	}
}

// BenchmarkGunzipParse is the per-object work of a scan: decompress,
// parse and test every record.
func BenchmarkGunzipParse(b *testing.B) {
	for _, fx := range fixtures {
		want := countRejected443(b, bytes.NewReader(fx.text), nil)
		for _, gz := range gunzippers() {
			for _, m := range parseModes {
				b.Run(fx.name+"/"+gz.name+"/"+m.name, func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(fx.text)))
					var n int
					for b.Loop() {
						zr, err := gz.reset(bytes.NewReader(fx.gz))
						if err != nil {
							b.Fatal(err)
						}
						n = countRejected443(b, zr, m.fields)
					}
					if n != want {
						b.Fatalf("%d matches, want %d", n, want)
					}
				})
			}
		}
	}
}
