package parquetlog

import (
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		format string
		opts   WriterOptions
	}{
		{"v2 default", flowlog.VPCDefaultFormat, WriterOptions{}},
		{"v5 custom", v5Format, WriterOptions{RowGroupRows: 300}},
		{"tgw", flowlog.TGWDefaultFormat, WriterOptions{RowGroupRows: 500, PageBytes: 2048}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm := mustFormat(t, tt.format)
			recs := parseLines(t, fm, genLines(fm, 2000, 1_767_225_600, 1))
			obj := writeParquet(t, fm, recs, tt.opts)

			got, st := readAll(t, obj, Options{Source: "rt.log.parquet"})
			require.Len(t, got, len(recs))
			for i, r := range recs {
				assert.Equal(t, r.String(), got[i], "record %d", i)
			}
			assert.Equal(t, int64(len(recs)), st.Rows)
			assert.Equal(t, int64(len(recs)), st.RowsRead)
			assert.Zero(t, st.Malformed)
			assert.Empty(t, st.Ignored)
			// Everything but the leading magic is read exactly once: the
			// tail in one read, then one read per row group.
			assert.LessOrEqual(t, st.BytesRead, int64(len(obj)))
			assert.GreaterOrEqual(t, st.BytesRead, int64(len(obj)-4))
			assert.LessOrEqual(t, st.Reads, 1+st.RowGroups)
		})
	}
}
