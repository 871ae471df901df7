package parquetlog

import (
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocsPerRecord checks that allocations grow with pages and row
// groups, not with records: reading 10x the rows costs (almost) no more
// allocations per record.
func TestAllocsPerRecord(t *testing.T) {
	fm := mustFormat(t, v5Format)
	lines := genLines(fm, 20000, t0, 8)
	recs := parseLines(t, fm, lines)
	small := writeParquet(t, fm, recs[:2000], WriterOptions{})
	large := writeParquet(t, fm, recs, WriterOptions{})
	count := func(obj []byte) float64 {
		return testing.AllocsPerRun(3, func() {
			_, err := readFunc(obj, Options{}, func(r *flowlog.Record) error { return nil })
			require.NoError(t, err)
		})
	}
	a, b := count(small), count(large)
	perRecord := (b - a) / 18000
	t.Logf("allocs: %.0f for 2000 records, %.0f for 20000: %.4f per extra record", a, b, perRecord)
	assert.Less(t, perRecord, 0.05)
}
