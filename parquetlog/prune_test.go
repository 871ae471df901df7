package parquetlog

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPruning reads a time-sorted object through filters whose range
// excludes part of it and checks that the statistics skip data while the
// matches stay those of a full read.
func TestPruning(t *testing.T) {
	fm := flowlog.DefaultFormat()
	recs := parseLines(t, fm, genLines(fm, 5000, t0, 3)) // start ascends over ~1000 min
	last, _ := recs[len(recs)-1].Int(flowlog.Start)
	tests := []struct {
		name      string
		opts      WriterOptions
		filter    string
		rowGroups bool // expect row groups skipped
		pages     bool // expect pages skipped
	}{
		{"row groups", WriterOptions{RowGroupRows: 500},
			fmt.Sprintf("start >= %d and start < %d", t0+20_000, t0+30_000), true, false},
		{"pages", WriterOptions{PageBytes: 2048},
			fmt.Sprintf("start >= %d and start < %d", t0+20_000, t0+30_000), false, true},
		{"both", WriterOptions{RowGroupRows: 1000, PageBytes: 2048},
			fmt.Sprintf("end >= %d", last-2_000), true, true},
		{"enum", WriterOptions{RowGroupRows: 500},
			"log_status = SKIPDATA and start < " + fmt.Sprint(t0+10_000), true, false},
		{"past the end", WriterOptions{RowGroupRows: 500},
			fmt.Sprintf("start > %d", last+1), true, false},
		{"absent field", WriterOptions{RowGroupRows: 500}, "tcp_flags = 2", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := writeParquet(t, fm, recs, tt.opts)
			f, err := filter.Compile(tt.filter, filter.Options{})
			require.NoError(t, err)
			var want []string
			full, err := readFunc(obj, Options{}, func(r *flowlog.Record) error {
				if f.Match(r) {
					want = append(want, r.String())
				}
				return nil
			})
			require.NoError(t, err)
			got, st := readMatching(t, obj, f, flowlog.FieldSet{})
			assert.Equal(t, want, got)
			assert.Equal(t, tt.rowGroups, st.RowGroupsSkipped > 0, "row groups skipped: %d of %d", st.RowGroupsSkipped, st.RowGroups)
			assert.Equal(t, tt.pages, st.PagesSkipped > 0, "pages skipped: %d", st.PagesSkipped)
			assert.Less(t, st.RowsRead, full.RowsRead)
			assert.Less(t, st.BytesRead, full.BytesRead)
			t.Logf("%s: %d matches; rows read %d of %d, bytes %d of %d, row groups skipped %d/%d, pages skipped %d, reads %d",
				tt.filter, len(want), st.RowsRead, st.Rows, st.BytesRead, full.BytesRead,
				st.RowGroupsSkipped, st.RowGroups, st.PagesSkipped, st.Reads)
		})
	}
}

// TestProjection checks that reading fewer fields reads fewer bytes and
// gives records of just those fields.
func TestProjection(t *testing.T) {
	fm := mustFormat(t, v5Format)
	recs := parseLines(t, fm, genLines(fm, 20000, t0, 4))
	obj := writeParquet(t, fm, recs, WriterOptions{})
	fields := flowlog.SetOf(flowlog.DstPort, flowlog.SrcAddr, flowlog.Unknown)
	proj := projectFormat(t, fm, fields)
	got, st := readAll(t, obj, Options{Fields: fields})
	require.Len(t, got, len(recs))
	for i, r := range recs {
		assert.Equal(t, string(r.AppendTo(nil, proj)), got[i])
	}
	_, full := readAll(t, obj, Options{})
	assert.Less(t, st.BytesRead*3, full.BytesRead, "2 of 29 columns (and the 64 KiB tail)")
	t.Logf("projection: %d of %d bytes", st.BytesRead, full.BytesRead)

	// None of the wanted fields: records still come out, one per row.
	got, _ = readAll(t, obj, Options{Fields: flowlog.SetOf(flowlog.TGWID)})
	assert.Len(t, got, len(recs))
}

// msRow is a row of an object whose start column holds Unix milliseconds,
// with a column named like no field and one whose name is not a field
// name at all.
type msRow struct {
	Start  int64  `parquet:"start"`
	Future string `parquet:"future_field"`
	Bad    string `parquet:"9lives"`
}

// TestMillisecondsAndNames checks the rules parquetlog shares with
// flowlog: millisecond start values are pruned and read as seconds
// (flowlog.NormalizeUnix), an unknown column with a field-like name is
// carried and one with another name is ignored (flowlog.ValidName).
func TestMillisecondsAndNames(t *testing.T) {
	rows := make([]msRow, 100)
	for i := range rows {
		rows[i] = msRow{Start: (t0 + int64(i)*60) * 1000, Future: "f", Bad: "b"}
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[msRow](&buf, parquet.MaxRowsPerRowGroup(10))
	_, err := w.Write(rows)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	obj := buf.Bytes()

	var starts []int64
	rng := func(f flowlog.Field) (int64, int64, bool) { return t0 + 30*60, t0 + 39*60, f == flowlog.Start }
	st, err := readFunc(obj, Options{Range: rng}, func(r *flowlog.Record) error {
		v, _ := r.Int(flowlog.Start)
		starts = append(starts, v)
		assert.Equal(t, "future-field", r.Format().Name(1), "unknown column carried")
		assert.Equal(t, "f", string(r.Column(1)))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, int64(9), st.RowGroupsSkipped, "pruned on seconds")
	require.Len(t, starts, 10)
	assert.Equal(t, int64(t0+30*60), starts[0], "milliseconds read as seconds")
	assert.Equal(t, []string{"9lives"}, st.Ignored)
}
