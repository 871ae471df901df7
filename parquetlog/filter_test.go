package parquetlog

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is the first start time of generated data (2026-01-01T00:00:00Z).
const t0 = 1_767_225_600

var equivalenceFilters = []string{
	"true",
	"dstport = 443",
	"dstport != 443",
	"action = REJECT",
	"not action = ACCEPT",
	"log_status = NODATA",
	"log_status IN (NODATA, SKIPDATA)",
	fmt.Sprintf("start >= %d and start < %d", t0+3000, t0+6000),
	fmt.Sprintf("end BETWEEN %d AND %d", t0+100, t0+900),
	"protocol = 6 and srcport >= 30000",
	"srcaddr IN 10.1.0.0/24",
	"dstaddr = 2001:db8:2::1 or dstaddr IN 10.2.3.0/24",
	"packets > 900 or bytes < 1000",
	"tcp_flags = 2",
	"traffic_path IS NULL",
	"flow_direction = egress and pkt_dst_aws_service = S3",
	"account_id = unknown",
}

// TestFilterEquivalence checks that a filter selects the same records from
// Parquet as from text, with projection and pruning on.
func TestFilterEquivalence(t *testing.T) {
	for _, format := range []string{flowlog.VPCDefaultFormat, v5Format, flowlog.TGWDefaultFormat} {
		fm := mustFormat(t, format)
		recs := parseLines(t, fm, genLines(fm, 3000, t0, 2))
		obj := writeParquet(t, fm, recs, WriterOptions{RowGroupRows: 400, PageBytes: 4096})
		for _, src := range equivalenceFilters {
			f, err := filter.Compile(src, filter.Options{})
			if err != nil {
				t.Logf("filter %q not supported by package filter yet: %v", src, err)
				continue
			}
			t.Run(fmt.Sprintf("%d cols/%s", fm.Len(), src), func(t *testing.T) {
				var want []string
				for _, r := range recs {
					if f.Match(r) {
						want = append(want, r.String())
					}
				}
				if fm.Len() == 29 { // the v5 format has every field the filters name
					require.NotEmpty(t, want, "a filter that matches nothing proves nothing")
				}
				// All columns: identical records.
				got, _ := readMatching(t, obj, f, flowlog.FieldSet{})
				assert.Equal(t, want, got)

				// Only the filter's columns: same matches, projected.
				fields := f.Fields()
				if fields.Intersect(fm.Set()).IsEmpty() {
					return
				}
				proj := projectFormat(t, fm, fields)
				var wantProj []string
				for _, r := range recs {
					if f.Match(r) {
						wantProj = append(wantProj, string(r.AppendTo(nil, proj)))
					}
				}
				gotProj, _ := readMatching(t, obj, f, fields)
				assert.Equal(t, wantProj, gotProj)
			})
		}
	}
}

// readMatching reads obj with f's fields and range and returns the
// matching records as text.
func readMatching(t *testing.T, obj []byte, f *filter.Filter, fields flowlog.FieldSet) ([]string, Stats) {
	var got []string
	st, err := readFunc(obj, Options{Fields: fields, Range: f.Range, Source: "t.parquet"}, func(r *flowlog.Record) error {
		if f.Match(r) {
			got = append(got, r.String())
		}
		return nil
	})
	require.NoError(t, err)
	return got, st
}

// projectFormat is fm restricted to fields, in fm's order.
func projectFormat(t *testing.T, fm *flowlog.Format, fields flowlog.FieldSet) *flowlog.Format {
	var names []string
	for i := range fm.Len() {
		if fields.Has(fm.Field(i)) {
			names = append(names, fm.Name(i))
		}
	}
	p, err := flowlog.NewFormat(names...)
	require.NoError(t, err, strings.Join(names, " "))
	return p
}
