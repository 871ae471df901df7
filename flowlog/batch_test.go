package flowlog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBatchRoundTrip(t *testing.T) {
	lazy := SetOf(DstPort, Action, SrcAddr)
	tests := []struct {
		name   string
		format string
		lines  []string
		fields *FieldSet
	}{
		{"v2 full", VPCDefaultFormat, []string{v2Accept, v2Reject, v2NoData, v2IPv6}, nil},
		{"v2 lazy", VPCDefaultFormat, []string{v2Accept, v2Skip, v2IPv6}, &lazy},
		{"v5 full", v5Format, []string{v5Line, v5Line}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParseFormat(tt.format)
			origin := NewOrigin("s3://b/k", FieldValue{Region, []byte("eu-west-1")})
			rd := NewReader(strings.NewReader(strings.Join(tt.lines, "\n")), ReaderOptions{Format: f, Fields: tt.fields})
			var b Batch
			var want []*Record
			for rd.Scan() {
				rd.Record().SetOrigin(origin)
				b.Append(rd.Record())
				want = append(want, rd.Record().Clone())
			}
			require.NoError(t, rd.Err())
			require.Equal(t, len(tt.lines), b.Len())
			var got Record
			for i, w := range want {
				b.Load(i, &got)
				assert.Equal(t, w.String(), got.String())
				assert.Equal(t, w.LineNumber(), got.LineNumber())
				assert.Same(t, origin, got.Origin())
				for _, fld := range f.Fields() {
					wi, wok := w.Int(fld)
					gi, gok := got.Int(fld)
					assert.Equal(t, wok, gok, "%s", fld)
					assert.Equal(t, wi, gi, "%s", fld)
					wa, _ := w.Addr(fld)
					ga, _ := got.Addr(fld)
					assert.Equal(t, wa, ga, "%s", fld)
					assert.Equal(t, w.IsNull(fld), got.IsNull(fld), "%s", fld)
				}
				region, _ := got.Origin().Value(Region)
				assert.Equal(t, "eu-west-1", region)
			}
		})
	}
}

func TestBatchLoadedRecordCannotWriteIntoBatch(t *testing.T) {
	rd := NewReader(strings.NewReader(v2Accept+"\n"+v2Reject), ReaderOptions{})
	var b Batch
	for rd.Scan() {
		b.Append(rd.Record())
	}
	var r Record
	b.Load(0, &r)
	r.SetInt(DstPort, 1) // changes r only
	r.Reset(DefaultFormat())
	r.SetInt(SrcPort, 7)
	var again Record
	b.Load(0, &again)
	assert.Equal(t, v2Accept, again.String())
	b.Load(1, &again)
	assert.Equal(t, v2Reject, again.String())
}

func TestPartitionValuesFillMissingFields(t *testing.T) {
	rd := NewReader(strings.NewReader(v2Accept), ReaderOptions{})
	require.True(t, rd.Scan())
	r := rd.Record()
	assert.True(t, r.IsNull(Region), "v2 has no region")
	r.SetOrigin(NewOrigin("k", FieldValue{Region, []byte("us-east-1")}, FieldValue{AccountID, []byte("999999999999")}))
	assert.False(t, r.IsNull(Region))
	assert.True(t, r.Has(Region))
	assert.Equal(t, "us-east-1", string(r.Text(Region)))
	assert.Equal(t, "us-east-1", string(r.Raw(Region)))
	assert.Equal(t, "123456789010", string(r.Text(AccountID)), "a value AWS wrote wins")
	assert.True(t, r.IsNull(AZID))
}

func TestBatchAllocatesNothingWhenReused(t *testing.T) {
	rd := NewReader(newRepeatReader(v2Accept), ReaderOptions{})
	var b Batch
	var r Record
	allocs := testing.AllocsPerRun(1000, func() {
		b.Reset()
		for range 64 {
			if !rd.Scan() {
				t.Fatal("no record")
			}
			b.Append(rd.Record())
		}
		for i := range b.Len() {
			b.Load(i, &r)
			_, _ = r.Int(DstPort)
		}
	})
	assert.Equal(t, 0.0, allocs)
}

func TestAppendLineOfABuiltRecordAllocatesNothing(t *testing.T) {
	var r Record
	r.Reset(DefaultFormat())
	r.SetInt(DstPort, 443)
	r.SetText(Action, []byte("REJECT"))
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() { buf = r.AppendLine(buf[:0]) })
	assert.Equal(t, 0.0, allocs)
	assert.Equal(t, "- - - - - - 443 - - - - - REJECT -", string(buf))
}
