package flowlog_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/gen"
)

// BenchmarkReadInPlace reads a generated object of 45,000 varied v2
// records in place, as a scan reads what libdeflate inflated: the lazy
// case decodes the selective query's fields, the full case all of them.
// One op is one line.
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
		b.Run(c.name, func(b *testing.B) {
			var rd flowlog.Reader
			opts := flowlog.ReaderOptions{Fields: c.fields}
			rd.ResetBytes(text, opts)
			b.SetBytes(perLine)
			b.ReportAllocs()
			for b.Loop() {
				if !rd.Scan() {
					if rd.Err() != nil || rd.Malformed() != 0 {
						b.Fatal(rd.Err(), rd.Malformed())
					}
					rd.ResetBytes(text, opts)
				}
			}
		})
	}
}
