package bench

import (
	"bytes"
	"testing"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
)

// benchFilters are the end-to-end benchmark's queries.
var benchFilters = []struct{ name, src string }{
	{"selective", "dstport = 443 and action = REJECT"},
	{"addr", "addr = 198.51.100.77"},
	{"cidr", "srcaddr in 10.0.0.0/8"},
}

// parsed returns clones of every record of text, fully decoded.
func parsed(b *testing.B, text []byte) []*flowlog.Record {
	rd := flowlog.NewReader(bytes.NewReader(text), flowlog.ReaderOptions{})
	var out []*flowlog.Record
	for rd.Scan() {
		out = append(out, rd.Record().Clone())
	}
	if err := rd.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkFilter is filter evaluation alone on records already parsed.
func BenchmarkFilter(b *testing.B) {
	fx := fixtures[0]
	recs := parsed(b, fx.text)
	for _, bf := range benchFilters {
		f := filter.MustCompile(bf.src)
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(fx.text)))
			var n int
			for b.Loop() {
				n = 0
				for _, r := range recs {
					if f.Match(r) {
						n++
					}
				}
			}
			if n > len(recs) {
				b.Fatal("impossible count")
			}
		})
	}
}

// BenchmarkGunzipParseFilter is a scan's whole per-object work:
// decompress (klauspost), parse only the filter's fields, evaluate.
func BenchmarkGunzipParseFilter(b *testing.B) {
	for _, fx := range fixtures {
		for _, bf := range benchFilters {
			f := filter.MustCompile(bf.src)
			fields := f.Fields().Union(flowlog.SetOf(flowlog.Start, flowlog.End))
			want := 0
			for _, r := range parsed(b, fx.text) {
				if f.Match(r) {
					want++
				}
			}
			gz := gunzippers()[0]
			b.Run(fx.name+"/"+bf.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(fx.text)))
				var n int
				for b.Loop() {
					zr, err := gz.reset(bytes.NewReader(fx.gz))
					if err != nil {
						b.Fatal(err)
					}
					rd := flowlog.NewReader(zr, flowlog.ReaderOptions{Fields: &fields})
					n = 0
					for rd.Scan() {
						if r := rd.Record(); r != nil && f.Match(r) {
							n++
						}
					}
				}
				if n != want {
					b.Fatalf("%d matches, want %d (fully decoded)", n, want)
				}
			})
		}
	}
}
