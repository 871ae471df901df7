package flowlog_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/gen"
)

// BenchmarkReadInPlace reads a generated object of 45,000 varied v2
// records in place, as a scan reads what libdeflate inflated, and, as its
// baseline, through an io.Reader, which copies the text into the Reader's
// buffer: the lazy case decodes the selective query's fields, the full
// case all of them. One op is one line.
func BenchmarkReadInPlace(b *testing.B) {
	g, err := gen.New(gen.Config{Seed: 1, Start: time.Date(2026, 1, 14, 22, 0, 0, 0, time.UTC),
		Duration: 5 * time.Minute, RecordsPerObject: 45_000, NoDataFraction: 0.01, IPv6Fraction: 0.02})
	if err != nil {
		b.Fatal(err)
	}
	text, _ := g.AppendObject(nil, g.Objects()[0])
	perLine := int64(len(text) / bytes.Count(text, []byte("\n")))
	lazy := flowlog.SetOf(flowlog.DstPort, flowlog.Action)
	for _, c := range []struct {
		name   string
		fields *flowlog.FieldSet
	}{{"lazy", &lazy}, {"full", nil}} {
		for _, inPlace := range []bool{true, false} {
			name := c.name + "/in-place"
			if !inPlace {
				name = c.name + "/streamed" // the baseline: through an io.Reader, as klauspost's text comes
			}
			b.Run(name, func(b *testing.B) {
				var rd flowlog.Reader
				src := bytes.NewReader(text)
				opts := flowlog.ReaderOptions{Fields: c.fields}
				reset := func() {
					if inPlace {
						rd.ResetBytes(text, opts)
					} else {
						src.Reset(text)
						rd.Reset(src, opts)
					}
				}
				reset()
				b.SetBytes(perLine)
				b.ReportAllocs()
				for b.Loop() {
					if !rd.Scan() {
						if rd.Err() != nil || rd.Malformed() != 0 {
							b.Fatal(rd.Err(), rd.Malformed())
						}
						reset()
					}
				}
			})
		}
	}
}

// BenchmarkReadLiteral reads a generated object (45,000 varied v2
// records, Mix) in place for the selective query's fields, with the
// literal that `dstport = 443 and action = REJECT` gives (REJECT, in 14%
// of the lines), with 443's (in about half), and, as the baseline, with
// none: every line split. One op is the whole object; ns/line is per line
// read, passed over or not.
func BenchmarkReadLiteral(b *testing.B) {
	text := mixedObject(b)
	lazy := flowlog.SetOf(flowlog.DstPort, flowlog.Action)
	for _, c := range []struct {
		name string
		lit  flowlog.Literal
	}{
		{"none", flowlog.Literal{}},
		{"REJECT", flowlog.Literal{Text: "REJECT", Fold: true, Fields: flowlog.SetOf(flowlog.Action)}},
		{"443", flowlog.Literal{Text: "443", Fields: flowlog.SetOf(flowlog.DstPort)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var rd flowlog.Reader
			opts := flowlog.ReaderOptions{Fields: &lazy, Literal: c.lit}
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var lines int64
			for b.Loop() {
				rd.ResetBytes(text, opts)
				for rd.Scan() {
				}
				if rd.Err() != nil || rd.Malformed() != 0 {
					b.Fatal(rd.Err(), rd.Malformed())
				}
				lines += rd.Lines()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(lines), "ns/line")
		})
	}
}

// BenchmarkReadLiteralAVX2 is BenchmarkReadLiteral/REJECT as a CPU with
// AVX2 but not AVX-512 runs it: the AVX2 splitter, with the AVX2 skipper
// and, as the baseline, without.
func BenchmarkReadLiteralAVX2(b *testing.B) {
	if !flowlog.HasSkipAVX2 {
		b.Skip("no AVX2 here")
	}
	text := mixedObject(b)
	lazy := flowlog.SetOf(flowlog.DstPort, flowlog.Action)
	opts := flowlog.ReaderOptions{Fields: &lazy,
		Literal: flowlog.Literal{Text: "REJECT", Fold: true, Fields: flowlog.SetOf(flowlog.Action)}}
	for _, skip := range []bool{false, true} {
		name := "none"
		if skip {
			name = "REJECT"
		}
		b.Run(name, func(b *testing.B) {
			var rd flowlog.Reader
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var lines int64
			for b.Loop() {
				rd.ResetBytes(text, opts)
				flowlog.ReadAsAVX2(&rd, skip)
				for rd.Scan() {
				}
				if rd.Err() != nil || rd.Malformed() != 0 {
					b.Fatal(rd.Err(), rd.Malformed())
				}
				lines += rd.Lines()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(lines), "ns/line")
		})
	}
}

// mixedObject is a generated object of 45,000 varied v2 records with
// their conversations mixed (gen.Config.Mix), as the e2e data has them.
func mixedObject(b *testing.B) []byte {
	g, err := gen.New(gen.Config{Seed: 1, Start: time.Date(2026, 1, 14, 22, 0, 0, 0, time.UTC),
		Duration: 5 * time.Minute, RecordsPerObject: 45_000, NoDataFraction: 0.01, IPv6Fraction: 0.02, Mix: true})
	if err != nil {
		b.Fatal(err)
	}
	text, _ := g.AppendObject(nil, g.Objects()[0])
	return text
}
