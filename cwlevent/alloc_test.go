package cwlevent_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/flowq/flowq/cwlevent"
	"github.com/stretchr/testify/assert"
)

// drain reads d to its end as flowlog.Reader would, asking for each
// line's event.
func drain(d *cwlevent.Decoder, buf []byte) int64 {
	var line int64
	for {
		n, err := d.Read(buf)
		for _, c := range buf[:n] {
			if c == '\n' {
				line++
				d.Event(line)
			}
		}
		if err != nil {
			return line
		}
	}
}

// TestExportAllocs: an export allocates no more than one slab of events
// per 1,024 lines.
func TestExportAllocs(t *testing.T) {
	data := []byte(strings.Repeat("2026-01-15T09:00:00.000Z "+rec1+"\n", 10_000))
	d := cwlevent.NewDecoder(bytes.NewReader(data), cwlevent.Export)
	buf := make([]byte, 64<<10)
	drain(d, buf)
	allocs := testing.AllocsPerRun(5, func() {
		d.Reset(bytes.NewReader(data), cwlevent.Export)
		if n := drain(d, buf); n != 10_000 {
			t.Fatalf("%d lines", n)
		}
	})
	assert.LessOrEqual(t, allocs, 10_000.0/1024+3)
}

func BenchmarkPayload(b *testing.B) {
	var in strings.Builder
	for range 100 {
		msgs := make([]string, 100)
		for i := range msgs {
			msgs[i] = rec1
		}
		in.WriteString(dataPayload("eni-1-all", msgs...))
	}
	data := []byte(in.String())
	d := cwlevent.NewDecoder(bytes.NewReader(data), cwlevent.Payload)
	buf := make([]byte, 64<<10)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d.Reset(bytes.NewReader(data), cwlevent.Payload)
		drain(d, buf)
	}
	b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
		d.Reset(bytes.NewReader(data), cwlevent.Payload)
		drain(d, buf)
	}))/10_000, "allocs/event")
}
