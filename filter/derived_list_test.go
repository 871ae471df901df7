package filter

import (
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDerivedListFields: a list field's =, IN and LIKE hold when any item
// does; !=, NOT IN and NOT LIKE when none does; null is UNKNOWN both ways.
func TestDerivedListFields(t *testing.T) {
	services := map[string]string{"52.216.1.1": "AMAZON,S3", "3.5.1.1": "AMAZON,EC2,S3", "13.1.1.1": "AMAZON"}
	schema, err := flowlog.NewSchema(flowlog.Derived{Name: "dst_svc", List: true, Needs: flowlog.SetOf(flowlog.DstAddr),
		Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			s, ok := services[string(r.Raw(flowlog.DstAddr))]
			return append(dst, s...), ok
		}})
	require.NoError(t, err)
	lines := []string{
		"2 123456789012 eni-1 10.0.0.1 52.216.1.1 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.1 3.5.1.1 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.1 13.1.1.1 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.1 10.0.0.9 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
	}
	tests := []struct {
		src  string
		want []bool
	}{
		{"dst_svc = 'S3'", []bool{true, true, false, false}},
		{"dst_svc = 'AMAZON'", []bool{true, true, true, false}},
		{"dst_svc = 'AMAZON,S3'", []bool{false, false, false, false}},
		{"dst_svc != 'S3'", []bool{false, false, true, false}},
		{"not dst_svc = 'S3'", []bool{false, false, true, false}},
		{"dst_svc in ('EC2', 'CLOUDFRONT')", []bool{false, true, false, false}},
		{"dst_svc not in ('EC2', 'S3')", []bool{false, false, true, false}},
		{"dst_svc like 'E%'", []bool{false, true, false, false}},
		{"dst_svc is null", []bool{false, false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, err := Compile(tt.src, Options{Schema: schema})
			require.NoError(t, err)
			fields := f.Fields()
			rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{Fields: &fields})
			var got []bool
			for rd.Scan() {
				schema.Derive(rd.Record(), fields)
				got = append(got, f.Match(rd.Record()))
			}
			assert.Equal(t, tt.want, got)
			again, err := Compile(f.String(), Options{Schema: schema})
			require.NoError(t, err)
			assert.Equal(t, f.String(), again.String())
		})
	}
}
