package filter

import (
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ownerSchema has one derived field: who owns the destination address.
func ownerSchema(t *testing.T) (*flowlog.Schema, flowlog.Field) {
	owners := map[string]string{"10.0.0.2": "billing", "10.0.0.3": "payroll"}
	s, err := flowlog.NewSchema(flowlog.Derived{Name: "dst_owner", Needs: flowlog.SetOf(flowlog.DstAddr),
		Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			o, ok := owners[string(r.Raw(flowlog.DstAddr))]
			return append(dst, o...), ok
		}})
	require.NoError(t, err)
	f, ok := s.Lookup("dst_owner")
	require.True(t, ok)
	return s, f
}

func TestDerivedFields(t *testing.T) {
	schema, owner := ownerSchema(t)
	lines := []string{
		"2 123456789012 eni-1 10.0.0.1 10.0.0.2 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.1 10.0.0.3 4000 443 6 1 40 1768435200 1768435260 REJECT OK",
		"2 123456789012 eni-1 10.0.0.1 10.0.0.9 4000 443 6 1 40 1768435200 1768435260 REJECT OK",
	}
	tests := []struct {
		src       string
		canonical string
		want      []bool
	}{
		{"dst_owner = 'billing'", "dst_owner = 'billing'", []bool{true, false, false}},
		{"DST_OWNER in (billing, payroll) and action = reject", "action = REJECT and dst_owner in ('billing', 'payroll')", []bool{false, true, false}},
		{"dst_owner is null", "dst_owner is null", []bool{false, false, true}},
		{"dst_owner like 'pay%'", "dst_owner like 'pay%'", []bool{false, true, false}},
		{"dst_owner != 'billing'", "dst_owner != 'billing'", []bool{false, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, err := Compile(tt.src, Options{Schema: schema})
			require.NoError(t, err)
			assert.True(t, f.Fields().Has(owner))
			assert.Equal(t, tt.canonical, f.String())
			fields := f.Fields()
			rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{Fields: &fields})
			var got []bool
			for rd.Scan() {
				schema.Derive(rd.Record(), fields)
				got = append(got, f.Match(rd.Record()))
			}
			assert.Equal(t, tt.want, got)
			again, err := Compile(f.String(), Options{Schema: schema})
			require.NoError(t, err, "the canonical form compiles again")
			assert.Equal(t, f.String(), again.String())
		})
	}
}

func TestDerivedFieldErrors(t *testing.T) {
	schema, _ := ownerSchema(t)
	_, err := Compile("dst_owner = 'x'", Options{})
	assert.ErrorContains(t, err, `unknown field "dst_owner"`, "without the schema the name is unknown")
	_, err = Compile("dst_ownr = 'x'", Options{Schema: schema})
	assert.ErrorContains(t, err, "did you mean dst_owner?")
	_, err = Compile("dst_owner > 'x'", Options{Schema: schema})
	assert.Error(t, err, "text has no order")
}

// TestDerivedTestsRunLast checks that an AND tests AWS's own fields before
// a derived one, whatever order it was written in, so that a lazily
// derived field is looked up only for the records those tests let through.
func TestDerivedTestsRunLast(t *testing.T) {
	lookups := 0
	schema, err := flowlog.NewSchema(flowlog.Derived{Name: "dst_owner", Needs: flowlog.SetOf(flowlog.DstAddr),
		Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			lookups++
			return append(dst, "billing"...), true
		}})
	require.NoError(t, err)
	f, err := Compile("dst_owner = 'billing' and dstport = 22", Options{Schema: schema})
	require.NoError(t, err)
	assert.Equal(t, "dstport = 22 and dst_owner = 'billing'", f.String())
	lines := strings.Repeat("2 123456789012 eni-1 10.0.0.1 10.0.0.2 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK\n", 9) +
		"2 123456789012 eni-1 10.0.0.1 10.0.0.2 4000 22 6 1 40 1768435200 1768435260 ACCEPT OK\n"
	fields := f.Fields()
	rd := flowlog.NewReader(strings.NewReader(lines), flowlog.ReaderOptions{Fields: &fields})
	matched := 0
	for rd.Scan() {
		schema.DeriveLazily(rd.Record(), fields)
		if f.Match(rd.Record()) {
			matched++
		}
	}
	assert.Equal(t, 1, matched)
	assert.Equal(t, 1, lookups, "looked up only for the record dstport let through")
}
