package output

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func recordsOf(t *testing.T, lines ...string) []*flowlog.Record {
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{})
	var out []*flowlog.Record
	for rd.Scan() {
		out = append(out, rd.Record().Clone())
	}
	require.NoError(t, rd.Err())
	return out
}

func TestEitherSideKeys(t *testing.T) {
	recs := recordsOf(t,
		"2 123456789012 eni-1 10.0.0.1 10.0.0.2 4000 443 6 1 100 1768435200 1768435260 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.2 10.0.0.1 443 4000 6 2 200 1768435200 1768435260 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.3 10.0.0.3 53 53 17 4 400 1768435200 1768435260 ACCEPT OK", // to itself
	)
	keys, err := KeysOf(nil, "addr", "port")
	require.NoError(t, err)
	a := NewAggregationOf(nil, keys...)
	for _, r := range recs {
		a.Add(r)
	}
	o, err := a.Order("addr")
	require.NoError(t, err)
	var got []string
	for _, g := range a.Sorted(o, 0) {
		got = append(got, strings.Join(g.Values, ":")+" "+itoa(g.Records)+" "+itoa(g.Bytes))
	}
	assert.Equal(t, []string{"10.0.0.1:4000 2 300", "10.0.0.2:443 2 300", "10.0.0.3:53 1 400"}, got,
		"each host counts both directions, with its own port; a flow to itself once")
	assert.True(t, a.Fields().Has(flowlog.DstPort))

	data, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"keys":["addr","port"]`)
	var b Aggregation
	require.NoError(t, json.Unmarshal(data, &b))
	require.NoError(t, b.Merge(a), "partials with either-side keys merge")
	assert.Equal(t, int64(4), b.Sorted(o, 1)[0].Records)
	assert.ErrorIs(t, b.Merge(NewAggregation(flowlog.SrcAddr, flowlog.SrcPort)), ErrKeyMismatch, "addr is not srcaddr")
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
