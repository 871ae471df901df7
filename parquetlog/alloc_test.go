package parquetlog

import (
	"bytes"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocsPerRecord checks, for Read, the Reader and its iterator, that
// allocations grow with pages and row groups, not with records: reading
// 10x the rows costs (almost) no more allocations per record.
func TestAllocsPerRecord(t *testing.T) {
	fm := mustFormat(t, v5Format)
	lines := genLines(fm, 20000, t0, 8)
	recs := parseLines(t, fm, lines)
	small := writeParquet(t, fm, recs[:2000], WriterOptions{})
	large := writeParquet(t, fm, recs, WriterOptions{})
	ways := []struct {
		name string
		read func(obj []byte) (int, error)
	}{
		{"Read", func(obj []byte) (int, error) {
			n := 0
			_, err := readFunc(obj, Options{}, func(*flowlog.Record) error { n++; return nil })
			return n, err
		}},
		{"Reader", func(obj []byte) (int, error) {
			rd := NewReader(t.Context(), bytes.NewReader(obj), int64(len(obj)), Options{})
			n := 0
			for rd.Scan() {
				n++
			}
			return n, rd.Err()
		}},
		{"All", func(obj []byte) (int, error) {
			rd := NewReader(t.Context(), bytes.NewReader(obj), int64(len(obj)), Options{})
			n := 0
			for _, err := range rd.All() {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
	}
	for _, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			count := func(obj []byte, want int) float64 {
				return testing.AllocsPerRun(3, func() {
					n, err := w.read(obj)
					require.NoError(t, err)
					require.Equal(t, want, n)
				})
			}
			a, b := count(small, 2000), count(large, 20000)
			perRecord := (b - a) / 18000
			t.Logf("allocs: %.0f for 2000 records, %.0f for 20000: %.4f per extra record", a, b, perRecord)
			assert.Less(t, perRecord, 0.05)
		})
	}
}

// TestScanNoAllocs checks that a Scan within a batch of decoded rows, and
// the Record it gives, allocate nothing at all.
func TestScanNoAllocs(t *testing.T) {
	fm := mustFormat(t, v5Format)
	obj := writeParquet(t, fm, parseLines(t, fm, genLines(fm, 2*batchRows, t0, 8)), WriterOptions{})
	rd := NewReader(t.Context(), bytes.NewReader(obj), int64(len(obj)), Options{})
	defer rd.Close()
	require.True(t, rd.Scan(), "opens the object and decodes the first batch")
	allocs := testing.AllocsPerRun(batchRows/2, func() {
		if !rd.Scan() || rd.Record() == nil {
			t.Fatalf("Scan: %v", rd.Err())
		}
	})
	assert.Zero(t, allocs)
	require.NoError(t, rd.Err())
}
