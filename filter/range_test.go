package filter

import (
	"math"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
)

func TestRange(t *testing.T) {
	const (
		minI = math.MinInt64
		maxI = math.MaxInt64
		jan1 = 1609459200 // 2021-01-01T00:00:00Z
		day  = 86400
	)
	tests := []struct {
		src    string
		f      flowlog.Field
		lo, hi int64
		ok     bool
	}{
		{"start >= 1609459200 and dstport = 443", flowlog.Start, jan1, maxI, true},
		{"start >= 1609459200 and dstport = 443", flowlog.DstPort, 443, 443, true},
		{"start >= 1609459200 and dstport = 443", flowlog.End, 0, 0, false},
		{"start >= '2021-01-01' and start < '2021-01-02'", flowlog.Start, jan1, jan1 + day - 1, true},
		{"start > 1609459200", flowlog.Start, jan1 + 1, maxI, true},
		{"start <= 1609459200", flowlog.Start, minI, jan1, true},
		{"start between 1 and 9", flowlog.Start, 1, 9, true},
		{"not start < 1609459200", flowlog.Start, jan1, maxI, true},
		{"not start >= 1609459200", flowlog.Start, minI, jan1 - 1, true},
		{"start not between 1 and 9", flowlog.Start, 0, 0, false},
		{"start != 5", flowlog.Start, 0, 0, false},
		{"day = 2021-01-01", flowlog.End, jan1, jan1 + day - 1, true},
		{"day >= '2021/01/01' and day < '2021/01/03' and action = REJECT", flowlog.End, jan1, jan1 + 2*day - 1, true},
		{"day >= '2021/01/01' and day < '2021/01/03' and action = REJECT", flowlog.Action, flowlog.ActionReject, flowlog.ActionReject, true},
		{"dstport in (22, 80, 443)", flowlog.DstPort, 22, 443, true},
		{"dstport not in (22, 80, 443)", flowlog.DstPort, 0, 0, false},
		{"log_status in (NODATA, SKIPDATA)", flowlog.LogStatus, 2, 3, true},
		// OR: the hull if every branch bounds the field, else nothing
		{"dstport = 22 or dstport = 443", flowlog.DstPort, 22, 443, true},
		{"dstport = 22 or srcport = 443", flowlog.DstPort, 0, 0, false},
		{"port = 22", flowlog.DstPort, 0, 0, false},
		{"(start >= 10 and start < 20) or (start >= 50 and start < 60)", flowlog.Start, 10, 59, true},
		{"(start >= 10 and start < 20) or false", flowlog.Start, 10, 19, true},
		// AND intersects; contradictions give an empty range
		{"start >= 10 and start < 20 and start >= 15", flowlog.Start, 15, 19, true},
		{"dstport = 22 and (dstport = 443 or dstport = 80)", flowlog.DstPort, 80, 22, true},
		{"false", flowlog.Start, maxI, minI, true},
		{"true", flowlog.Start, 0, 0, false},
		{"", flowlog.Start, 0, 0, false},
		{"start is null", flowlog.Start, 0, 0, false},
		{"tcp_flags has syn", flowlog.TCPFlags, 0, 0, false},
		{"srcaddr = 10.0.0.1", flowlog.SrcAddr, 0, 0, false},
	}
	for _, tc := range tests {
		f := mustCompile(t, tc.src)
		lo, hi, ok := f.Range(tc.f)
		assert.Equal(t, tc.ok, ok, "Range(%s) of %q", tc.f, tc.src)
		if tc.ok {
			assert.Equal(t, [2]int64{tc.lo, tc.hi}, [2]int64{lo, hi}, "Range(%s) of %q", tc.f, tc.src)
		}
	}
}

// TestRangeSound checks, on the corpus, that every matching record lies
// within the bounds (Range is never narrower than the truth).
func TestRangeSound(t *testing.T) {
	recs := corpus(t)
	for _, src := range []string{
		"start >= 1612137600", "day = 2021-02-01 or day = 2021-01-07", "dstport in (22, 443) and start < 1612137660",
		"not (start < 1431280876 or dstport > 443)", "(dstport = 22 or dstport between 440 and 450) and action = ACCEPT",
	} {
		f := mustCompile(t, src)
		for _, fld := range []flowlog.Field{flowlog.Start, flowlog.End, flowlog.DstPort, flowlog.Action} {
			lo, hi, ok := f.Range(fld)
			if !ok {
				continue
			}
			for _, r := range recs {
				if !f.Match(r) {
					continue
				}
				v, vok := r.Int(fld)
				assert.True(t, vok && v >= lo && v <= hi, "%q matches %s with %s=%d outside [%d, %d]", src, r, fld, v, lo, hi)
			}
		}
	}
}
