package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func derivedMatch(t *testing.T) (*flowlog.Schema, scan.Match) {
	schema, err := flowlog.NewSchema(flowlog.Derived{Name: "src_site", Needs: flowlog.SetOf(flowlog.SrcAddr),
		Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) { return append(dst, `Tokyo "HQ"`...), true }})
	require.NoError(t, err)
	rd := flowlog.NewReader(strings.NewReader("2 123456789012 eni-1 10.0.0.1 10.0.0.2 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK"), flowlog.ReaderOptions{})
	require.True(t, rd.Scan())
	rec := rd.Record()
	schema.Derive(rec, flowlog.AllFields().Union(flowlog.SetOf(schema.Derived()...)))
	return schema, scan.Match{Record: rec.Clone(), Source: "k", Line: 1}
}

func TestDerivedColumns(t *testing.T) {
	schema, m := derivedMatch(t)
	cols, err := FieldColumnsIn(schema, []string{"srcaddr", "SRC_SITE"})
	require.NoError(t, err)
	_, err = FieldColumns([]string{"src_site"})
	assert.Error(t, err, "not without the schema")
	tests := []struct {
		mode Mode
		want string
	}{
		{JSON, `{"srcaddr":"10.0.0.1","src_site":"Tokyo \"HQ\""}` + "\n"},
		{CSV, "srcaddr,src_site\n10.0.0.1,\"Tokyo \"\"HQ\"\"\"\n"},
		{Table, "SRCADDR   SRC_SITE\n10.0.0.1  Tokyo \"HQ\"\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		w := NewWriter(&buf, Options{Mode: tt.mode, Columns: cols})
		require.NoError(t, w.Write(m))
		require.NoError(t, w.Flush())
		assert.Equal(t, tt.want, buf.String(), tt.mode.String())
		assert.True(t, w.Fields().Has(cols[1].Field))
	}
}

func TestDerivedGroupsMergeThroughJSON(t *testing.T) {
	schema, m := derivedMatch(t)
	site, _ := schema.Lookup("src_site")
	a := NewAggregationIn(schema, site)
	a.Add(m.Record)
	data, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"keys":["src_site"]`)
	b := NewAggregationIn(schema)
	require.NoError(t, json.Unmarshal(data, b))
	require.NoError(t, b.Merge(a))
	groups := b.Sorted(Order{}, 0)
	require.Len(t, groups, 1)
	assert.Equal(t, []string{`Tokyo "HQ"`}, groups[0].Values)
	assert.Equal(t, int64(2), groups[0].Records)
	var none Aggregation
	assert.ErrorContains(t, json.Unmarshal(data, &none), `unknown key field "src_site"`)
	o, err := ParseOrderIn(schema, "src_site", b.Keys())
	require.NoError(t, err)
	assert.Equal(t, Order{by: byField, field: site}, o)
}
