package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// hive is a subtree of the bundled sample without malformed lines.
const hive = "../testdata/sample/AWSLogs/aws-account-id=444455556666"

// sampleRecords returns copies of every record under hive.
func sampleRecords(t *testing.T) []*flowlog.Record {
	t.Helper()
	var recs []*flowlog.Record
	_, err := scan.Run(t.Context(), scan.Options{Sources: []string{hive}, Fields: flowlog.AllFields()},
		func(m scan.Match) error {
			recs = append(recs, m.Record.Clone())
			return nil
		})
	require.NoError(t, err)
	require.Greater(t, len(recs), 100)
	return recs
}

// aggregate counts recs into a new aggregation by keys.
func aggregate(recs []*flowlog.Record, keys ...flowlog.Field) *Aggregation {
	a := NewAggregation(keys...)
	for _, r := range recs {
		a.Add(r)
	}
	return a
}

// TestMergeEqualsOnePass splits the records in several ways, aggregates
// each part, merges the partials (in memory, and through JSON as another
// process would receive them) and checks the result equals one pass.
func TestMergeEqualsOnePass(t *testing.T) {
	recs := sampleRecords(t)
	keys := []flowlog.Field{flowlog.DstAddr, flowlog.Action}
	want := aggregate(recs, keys...)
	splits := map[string]func(i int) int{
		"halves":      func(i int) int { return i * 2 / len(recs) },
		"round-robin": func(i int) int { return i % 7 },
		"one-part":    func(int) int { return 0 },
		"singletons":  func(i int) int { return i },
	}
	for name, part := range splits {
		t.Run(name, func(t *testing.T) {
			parts := map[int][]*flowlog.Record{}
			for i, r := range recs {
				parts[part(i)] = append(parts[part(i)], r)
			}
			direct, wire := NewAggregation(keys...), NewAggregation(keys...)
			for _, p := range parts {
				partial := aggregate(p, keys...)
				require.NoError(t, direct.Merge(partial))
				data, err := json.Marshal(partial)
				require.NoError(t, err)
				var received Aggregation
				require.NoError(t, json.Unmarshal(data, &received))
				require.NoError(t, wire.Merge(&received))
			}
			for by, order := range map[string]Order{"records": {}, "bytes": {by: byBytes}, "first": {by: byFirst}} {
				assert.Equal(t, want.Sorted(order, 0), direct.Sorted(order, 0), "merged, by %s", by)
				assert.Equal(t, want.Sorted(order, 0), wire.Sorted(order, 0), "merged through JSON, by %s", by)
				assert.Equal(t, want.Sorted(order, 5), wire.Sorted(order, 5), "top 5 of the merged result, by %s", by)
			}
			wantJSON, err := json.Marshal(want)
			require.NoError(t, err)
			gotJSON, err := json.Marshal(wire)
			require.NoError(t, err)
			assert.JSONEq(t, string(wantJSON), string(gotJSON))
		})
	}
}

func TestMergeTotals(t *testing.T) {
	t1, t2, t3 := time.Unix(1768435200, 0).UTC(), time.Unix(1768435260, 0).UTC(), time.Unix(1768435320, 0).UTC()
	a := NewAggregation(flowlog.SrcAddr)
	a.groups[encodeKey([]string{"10.0.0.1"})] = &Group{Values: []string{"10.0.0.1"}, Records: 2, Packets: 5, Bytes: 500, First: t2, Last: t2}
	b := NewAggregation(flowlog.SrcAddr)
	b.groups[encodeKey([]string{"10.0.0.1"})] = &Group{Values: []string{"10.0.0.1"}, Records: 1, Packets: 1, Bytes: 40, First: t1, Last: t3}
	b.groups[encodeKey([]string{"-"})] = &Group{Values: []string{"-"}, Records: 1}
	require.NoError(t, a.Merge(b))
	assert.Equal(t, []Group{
		{Values: []string{"10.0.0.1"}, Records: 3, Packets: 6, Bytes: 540, First: t1, Last: t3},
		{Values: []string{"-"}, Records: 1},
	}, a.Sorted(Order{}, 0))
	assert.Equal(t, 2, b.Len(), "the merged partial is not changed")
}

func TestMergeRejectsOtherKeys(t *testing.T) {
	a := NewAggregation(flowlog.SrcAddr)
	for _, keys := range [][]flowlog.Field{{flowlog.DstAddr}, {flowlog.SrcAddr, flowlog.DstAddr}, nil} {
		err := a.Merge(NewAggregation(keys...))
		require.ErrorIs(t, err, ErrKeyMismatch, "%v", keys)
	}
	err := a.Merge(NewAggregation(flowlog.DstAddr))
	require.EqualError(t, err, "aggregations group by different keys: (srcaddr) and (dstaddr)")
}

func TestUnmarshalRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"keys":["srcadr"],"groups":[]}`, `aggregation: unknown key field "srcadr"`},
		{`{"keys":["srcaddr"],"groups":[{"values":["a","b"],"records":1}]}`, `aggregation: group ["a" "b"] has 2 values for 1 keys`},
		{`[1]`, "aggregation: json: cannot unmarshal array into Go value of type output.partialJSON"},
	}
	for _, tt := range tests {
		var a Aggregation
		require.EqualError(t, json.Unmarshal([]byte(tt.in), &a), tt.want, tt.in)
	}
}

// TestAggregationKeys checks that values holding any bytes keep their
// groups apart.
func TestAggregationKeys(t *testing.T) {
	a := NewAggregation(flowlog.VPCID, flowlog.SubnetID)
	for _, line := range []string{"a\x00 b", "a \x00b", "- -"} {
		r := parseLine(t, "vpc-id subnet-id", line)
		a.Add(r)
	}
	assert.Equal(t, 3, a.Len())
	var zero Aggregation // no keys: one group of totals
	zero.Add(parseLine(t, "packets", "7"))
	zero.Add(parseLine(t, "packets", "3"))
	assert.Equal(t, []Group{{Values: []string{}, Records: 2, Packets: 10}}, zero.Sorted(Order{}, 0))
}

func parseLine(t *testing.T, header, line string) *flowlog.Record {
	t.Helper()
	rd := flowlog.NewReader(strings.NewReader(header+"\n"+line+"\n"), flowlog.ReaderOptions{})
	require.True(t, rd.Scan(), line)
	require.NoError(t, rd.Err(), line)
	return rd.Record().Clone()
}

func TestAggregationAllocatesNothing(t *testing.T) {
	m := v5Match(t)
	a := NewAggregation(flowlog.SrcAddr, flowlog.DstAddr, flowlog.DstPort)
	a.Add(m.Record)
	allocs := testing.AllocsPerRun(1000, func() { a.Add(m.Record) })
	assert.Equal(t, 0.0, allocs, "allocations per record of an existing group")
	assert.Equal(t, int64(1001+1), a.Sorted(Order{}, 0)[0].Records)
}

func TestParseOrder(t *testing.T) {
	keys := []flowlog.Field{flowlog.SrcAddr, flowlog.DstPort}
	tests := []struct {
		in   string
		want Order
	}{
		{"", Order{}},
		{"count", Order{}},
		{"Records", Order{}},
		{"packets", Order{by: byPackets}},
		{"bytes", Order{by: byBytes}},
		{"first", Order{by: byFirst}},
		{"last", Order{by: byLast}},
		{"dstport", Order{by: byField, field: flowlog.DstPort}},
		{"srcaddr", Order{by: byField, field: flowlog.SrcAddr}},
	}
	for _, tt := range tests {
		got, err := ParseOrder(tt.in, keys)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, "ParseOrder(%q)", tt.in)
	}
	_, err := ParseOrder("dstaddr", keys)
	require.EqualError(t, err, `"dstaddr": use records, packets, bytes, first, last or a group-by field`)
}

func TestSorted(t *testing.T) {
	a := NewAggregation(flowlog.DstPort)
	for _, g := range []Group{
		{Values: []string{"443"}, Records: 1, Bytes: 900, First: time.Unix(30, 0).UTC(), Last: time.Unix(40, 0).UTC()},
		{Values: []string{"80"}, Records: 3, Bytes: 100, First: time.Unix(10, 0).UTC(), Last: time.Unix(20, 0).UTC()},
		{Values: []string{"22"}, Records: 1, Bytes: 500},
	} {
		a.mergeGroup(encodeKey(g.Values), &g)
	}
	tests := []struct {
		by   string
		top  int
		want []string
	}{
		{"records", 0, []string{"80", "22", "443"}}, // ties by value, as text
		{"bytes", 2, []string{"443", "22"}},
		{"first", 0, []string{"22", "80", "443"}}, // no start sorts first
		{"last", 0, []string{"443", "80", "22"}},
		{"dstport", 0, []string{"22", "80", "443"}}, // numerically
	}
	for _, tt := range tests {
		o, err := ParseOrder(tt.by, a.Keys())
		require.NoError(t, err)
		var got []string
		for _, g := range a.Sorted(o, tt.top) {
			got = append(got, g.Values[0])
		}
		assert.Equal(t, tt.want, got, "by %s, top %d", tt.by, tt.top)
	}
}

func TestWriteGroups(t *testing.T) {
	a := NewAggregation(flowlog.DstAddr, flowlog.DstPort)
	for _, g := range []Group{
		{Values: []string{"10.0.0.1", "443"}, Records: 2, Packets: 9, Bytes: 900, First: time.Unix(1768435200, 0).UTC(), Last: time.Unix(1768435260, 0).UTC()},
		{Values: []string{"a,b\"c", "-"}, Records: 1},
	} {
		a.mergeGroup(encodeKey(g.Values), &g)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	tests := []struct {
		mode Mode
		want string
	}{
		{Raw, "10.0.0.1 443 2 9 900 1768435200 1768435260\na,b\"c - 1 0 0 - -\n"},
		{JSON, `{"dstaddr":"10.0.0.1","dstport":443,"records":2,"packets":9,"bytes":900,"first_start":1768435200,"last_end":1768435260}` + "\n" +
			`{"dstaddr":"a,b\"c","dstport":null,"records":1,"packets":0,"bytes":0,"first_start":null,"last_end":null}` + "\n"},
		{CSV, "dstaddr,dstport,records,packets,bytes,first_start,last_end\n10.0.0.1,443,2,9,900,1768435200,1768435260\n\"a,b\"\"c\",-,1,0,0,-,-\n"},
		{Table, "DSTADDR   DSTPORT  RECORDS  PACKETS  BYTES  FIRST (Asia/Tokyo)   LAST (Asia/Tokyo)\n" +
			"10.0.0.1  443      2        9        900    2026-01-15 09:00:00  2026-01-15 09:01:00\n" +
			"a,b\"c     -        1        0        0      -                    -\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		require.NoError(t, a.WriteGroups(&buf, tt.mode, tokyo, a.Sorted(Order{}, 0)))
		assert.Equal(t, tt.want, buf.String(), "%v", tt.mode)
	}
	for mode, want := range map[Mode]string{Raw: "", JSON: "", Table: "", CSV: "dstaddr,dstport,records,packets,bytes,first_start,last_end\n"} {
		var buf bytes.Buffer
		require.NoError(t, a.WriteGroups(&buf, mode, nil, nil))
		assert.Equal(t, want, buf.String(), "%v: no groups", mode)
	}
}
