package filter

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValues(t *testing.T) {
	none := []string(nil)
	tests := []struct {
		src  string
		f    flowlog.Field
		want []string
		ok   bool
	}{
		{"region = 'us-east-1'", flowlog.Region, []string{"us-east-1"}, true},
		{"region = us-east-1 and dstport = 443", flowlog.Region, []string{"us-east-1"}, true},
		{"region in ('b', 'a', 'b')", flowlog.Region, []string{"a", "b"}, true},
		{"region = 'US-EAST-1'", flowlog.Region, []string{"US-EAST-1"}, true}, // case-sensitive, as compared
		{"region like 'us-east-1'", flowlog.Region, []string{"us-east-1"}, true},
		{"region is not null and region = 'a'", flowlog.Region, []string{"a"}, true},
		{"instance_tag = 'web server'", flowlog.InstanceTag, []string{"web server"}, true}, // decoded text
		// AND intersects; a contradiction gives the empty set
		{"region in ('a', 'b', 'c') and region in ('d', 'c', 'b')", flowlog.Region, []string{"b", "c"}, true},
		{"region = 'a' and region = 'b'", flowlog.Region, none, true},
		{"region = 'a' and (region = 'b' or region = 'a')", flowlog.Region, []string{"a"}, true},
		{"not (region != 'a' or region != 'b')", flowlog.Region, none, true},
		{"false", flowlog.Region, none, true},
		// OR: the union if every branch implies a set, else nothing
		{"region = 'b' or region = 'a' or region = 'b'", flowlog.Region, []string{"a", "b"}, true},
		{"(region = 'a' and dstport = 1) or (region in ('c', 'b') and action = REJECT)", flowlog.Region, []string{"a", "b", "c"}, true},
		{"region = 'a' or false", flowlog.Region, []string{"a"}, true},
		{"region = 'a' or dstport = 22", flowlog.Region, none, false},
		{"region = 'a' or region is null", flowlog.Region, none, false},
		// negations, patterns and null tests imply nothing
		{"region != 'a'", flowlog.Region, none, false},
		{"not region = 'a'", flowlog.Region, none, false},
		{"not region != 'a'", flowlog.Region, []string{"a"}, true},
		{"region not in ('a', 'b')", flowlog.Region, none, false},
		{"region like 'us-%'", flowlog.Region, none, false},
		{"region like 'us_east-1'", flowlog.Region, none, false},
		{"region not like 'us-east-1'", flowlog.Region, none, false},
		{"region is null", flowlog.Region, none, false},
		{"region is not null", flowlog.Region, none, false},
		{"true", flowlog.Region, none, false},
		{"", flowlog.Region, none, false},
		{"vpc_id = 'vpc-1'", flowlog.Region, none, false},
		// enums: the words of flowlog.EnumValues, sorted
		{"action = reject", flowlog.Action, []string{"REJECT"}, true},
		{"action in (reject, accept)", flowlog.Action, []string{"ACCEPT", "REJECT"}, true},
		{"action like 'A%'", flowlog.Action, []string{"ACCEPT"}, true},
		{"action like 'X%'", flowlog.Action, none, true},
		{"action != accept", flowlog.Action, none, false},
		{"type in (ipv6, ipv4)", flowlog.Type, []string{"IPv4", "IPv6"}, true},
		{"log_status = nodata or log_status = skipdata", flowlog.LogStatus, []string{"NODATA", "SKIPDATA"}, true},
		// other kinds: see Range
		{"dstport = 443", flowlog.DstPort, none, false},
		{"srcaddr = 10.0.0.1", flowlog.SrcAddr, none, false},
	}
	for _, tc := range tests {
		f := mustCompile(t, tc.src)
		got, ok := f.Values(tc.f)
		assert.Equal(t, tc.ok, ok, "Values(%s) of %q", tc.f, tc.src)
		assert.Equal(t, tc.want, got, "Values(%s) of %q", tc.f, tc.src)
	}
	var nilFilter *Filter
	_, ok := nilFilter.Values(flowlog.Region)
	assert.False(t, ok, "Values of a nil Filter")
}

func TestValuesOwned(t *testing.T) {
	f := mustCompile(t, "region in ('a', 'b')")
	got, ok := f.Values(flowlog.Region)
	require.True(t, ok)
	got[0] = "changed"
	again, _ := f.Values(flowlog.Region)
	assert.Equal(t, []string{"a", "b"}, again, "the caller's slice is a copy")
	assert.Equal(t, "region in ('a', 'b')", f.String())
}

// valuesHeader and valuesLines are records with strings, a tag and enums,
// including nulls, enum words in other cases and region in upper case.
const valuesHeader = "version account-id region az-id vpc-id action log-status type flow-direction instance-tag dstport"

var valuesLines = []string{
	"11 123456789012 us-east-1 use1-az1 vpc-1 ACCEPT OK IPv4 ingress web%20server 443",
	"11 123456789012 us-east-1 use1-az2 vpc-2 REJECT OK IPv6 egress db 22",
	"11 123456789012 eu-west-1 euw1-az1 vpc-1 accept OK IPv4 egress - 443",
	"11 123456789012 US-EAST-1 use1-az1 vpc-3 Reject OK ipv6 ingress web 80",
	"11 123456789012 - - - - NODATA - - - -",
	"11 123456789012 ap-south-1 aps1-az1 vpc-2 ACCEPT SKIPDATA EFA ingress web%20server 8080",
}

// valuesFields are the fields TestValuesSound checks, with values to test
// them against: some the corpus holds, and one it does not.
var valuesFields = []struct {
	f    flowlog.Field
	vals []string
}{
	{flowlog.Region, []string{"us-east-1", "eu-west-1", "US-EAST-1", "ap-south-1", "sa-east-1"}},
	{flowlog.AZID, []string{"use1-az1", "use1-az2", "euw1-az1", "x"}},
	{flowlog.VPCID, []string{"vpc-1", "vpc-2", "vpc-3", "vpc-9"}},
	{flowlog.InstanceTag, []string{"web server", "db", "web", "web%20server"}},
	{flowlog.Action, []string{"ACCEPT", "REJECT", "accept"}},
	{flowlog.LogStatus, []string{"OK", "NODATA", "SKIPDATA"}},
	{flowlog.Type, []string{"IPv4", "IPv6", "EFA"}},
	{flowlog.FlowDirection, []string{"ingress", "egress"}},
}

// TestValuesSound checks, on a corpus, that every record a filter matches
// has a non-null value in the set Values gives (Values is never narrower
// than the truth), for hand-written filters and random ones. It counts
// the records checked so that it cannot pass without checking any.
func TestValuesSound(t *testing.T) {
	recs := records(t, append([]string{valuesHeader}, valuesLines...)...)
	require.Len(t, recs, len(valuesLines))
	srcs := []string{
		"region = 'us-east-1'", "region in ('us-east-1', 'eu-west-1') and action = accept",
		"region like 'us-east-1' or (region = 'ap-south-1' and type = efa)", "not (region != 'eu-west-1')",
		"action = reject or action like 'ACC%'", "instance_tag = 'web server'", "log_status in (nodata, skipdata)",
		"type = ipv6 and flow_direction = ingress", "not (action != accept or vpc_id not in ('vpc-1', 'vpc-2'))",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		srcs = append(srcs, randomValuesFilter(rng, 0))
	}
	checked := 0
	for _, src := range srcs {
		f := mustCompile(t, src)
		for _, vf := range valuesFields {
			checked += checkValues(t, f, vf.f, recs)
		}
	}
	t.Logf("%d matching records checked against a value set", checked)
	assert.Greater(t, checked, 500, "matching records checked")
}

// checkValues asserts that Values(fld) of f is sorted, distinct and holds
// the value of fld in every record of recs that f matches, and returns
// the number of records so checked.
func checkValues(t *testing.T, f *Filter, fld flowlog.Field, recs []*flowlog.Record) int {
	t.Helper()
	vals, ok := f.Values(fld)
	if !ok {
		return 0
	}
	assert.True(t, slices.IsSorted(vals) && len(slices.Compact(slices.Clone(vals))) == len(vals),
		"Values(%s) of %q = %q is not sorted and distinct", fld, f, vals)
	n := 0
	for _, r := range recs {
		if !f.Match(r) {
			continue
		}
		v, present := fieldValue(r, fld)
		assert.True(t, present && slices.Contains(vals, v),
			"%q matches %s with %s=%q (present %v), not in Values %q", f, r, fld, v, present, vals)
		n++
	}
	return n
}

// fieldValue returns the value of fld in r in the form Values uses.
func fieldValue(r *flowlog.Record, fld flowlog.Field) (string, bool) {
	if fld.Kind() == flowlog.KindEnum {
		code, ok := r.Int(fld)
		return flowlog.EnumWord(fld, code), ok
	}
	t := r.Text(fld)
	return string(t), t != nil
}

// randomValuesFilter returns a random filter over valuesFields: tests of
// every kind joined by AND, OR and NOT, nested a few levels.
func randomValuesFilter(rng *rand.Rand, depth int) string {
	if depth >= 3 || rng.IntN(3) == 0 {
		return randomValuesTest(rng)
	}
	if rng.IntN(5) == 0 {
		return "not (" + randomValuesFilter(rng, depth+1) + ")"
	}
	op := []string{" and ", " or "}[rng.IntN(2)]
	terms := make([]string, 2+rng.IntN(3))
	for i := range terms {
		terms[i] = "(" + randomValuesFilter(rng, depth+1) + ")"
	}
	return strings.Join(terms, op)
}

func randomValuesTest(rng *rand.Rand) string {
	vf := valuesFields[rng.IntN(len(valuesFields))]
	name := vf.f.Column()
	v := func() string { return "'" + vf.vals[rng.IntN(len(vf.vals))] + "'" }
	switch rng.IntN(10) {
	case 0:
		return name + " != " + v()
	case 1:
		return fmt.Sprintf("%s in (%s, %s)", name, v(), v())
	case 2:
		return fmt.Sprintf("%s not in (%s, %s)", name, v(), v())
	case 3: // a pattern with a wildcard, or without (an equality test)
		return name + " like " + strings.Replace(v(), "-", []string{"%", "_", "-"}[rng.IntN(3)], 1)
	case 4:
		return name + " not like " + v()
	case 5:
		return name + []string{" is null", " is not null"}[rng.IntN(2)]
	case 6:
		return []string{"dstport = 443", "true", "false"}[rng.IntN(3)]
	}
	return name + " = " + v()
}
