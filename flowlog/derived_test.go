package flowlog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serviceOf is a derived field from a lookup table: the owner of dstaddr.
func serviceOf(table map[string]string) Derived {
	return Derived{Name: "dst_service", Needs: SetOf(DstAddr), Derive: func(dst []byte, r *Record) ([]byte, bool) {
		svc, ok := table[string(r.Raw(DstAddr))]
		return append(dst, svc...), ok
	}}
}

func TestSchemaNamesAndErrors(t *testing.T) {
	s, err := NewSchema(serviceOf(nil))
	require.NoError(t, err)
	f, ok := s.Lookup("DST_SERVICE")
	require.True(t, ok)
	assert.Equal(t, NumFields, f)
	assert.Equal(t, "dst_service", s.Name(f))
	assert.Equal(t, "log_status", s.Name(LogStatus))
	assert.Equal(t, KindString, f.Kind())
	assert.Equal(t, SetOf(DstAddr), s.Needs(SetOf(f, DstPort)))
	assert.Equal(t, []Field{f}, s.Derived())
	var none *Schema
	_, ok = none.Lookup("dst_service")
	assert.False(t, ok)
	g, ok := none.Lookup("dstport")
	assert.True(t, ok)
	assert.Equal(t, DstPort, g)

	for _, bad := range []Derived{
		{Name: "dstport", Derive: serviceOf(nil).Derive},
		{Name: "Bad Name", Derive: serviceOf(nil).Derive},
		{Name: "no_func"},
	} {
		_, err := NewSchema(bad)
		assert.Error(t, err, bad.Name)
	}
}

func TestDerivedValuesTravelWithTheRecord(t *testing.T) {
	s, err := NewSchema(serviceOf(map[string]string{"172.31.16.21": "S3"}))
	require.NoError(t, err)
	svc, _ := s.Lookup("dst_service")
	rd := NewReader(strings.NewReader(v2Accept+"\n"+v2Reject+"\n"), ReaderOptions{})
	var b Batch
	var clones []*Record
	for rd.Scan() {
		r := rd.Record()
		s.Derive(r, SetOf(svc))
		b.Append(r)
		clones = append(clones, r.Clone())
	}
	require.Equal(t, 2, b.Len())
	var r Record
	b.Load(0, &r)
	assert.Equal(t, "S3", string(r.Text(svc)))
	assert.False(t, r.IsNull(svc))
	assert.True(t, r.Has(svc))
	assert.Equal(t, "S3", string(clones[0].Raw(svc)))
	b.Load(1, &r)
	assert.Nil(t, r.Text(svc), "no entry: null")
	assert.True(t, r.IsNull(svc))

	s.Derive(&r, SetOf(svc)) // on a loaded record: the batch is not written
	var again Record
	b.Load(0, &again)
	assert.Equal(t, "S3", string(again.Text(svc)))
}

func TestDeriveAllocatesNothing(t *testing.T) {
	s, err := NewSchema(serviceOf(map[string]string{"172.31.16.21": "S3"}))
	require.NoError(t, err)
	svc, _ := s.Lookup("dst_service")
	rd := NewReader(newRepeatReader(v2Accept), ReaderOptions{})
	allocs := testing.AllocsPerRun(1000, func() {
		if !rd.Scan() {
			t.Fatal("no record")
		}
		s.Derive(rd.Record(), SetOf(svc))
		if rd.Record().Text(svc) == nil {
			t.Fatal("no value")
		}
	})
	assert.Equal(t, 0.0, allocs)
}

// TestDeriveLazily checks that a pending derived field is computed when
// it is first read, once, and not at all when nothing reads it; that
// Complete and Batch.Append compute what is still pending; and that a new
// DeriveLazily forgets the last record's values.
func TestDeriveLazily(t *testing.T) {
	calls := 0
	counting := serviceOf(map[string]string{"172.31.16.21": "db"})
	inner := counting.Derive
	counting.Derive = func(dst []byte, r *Record) ([]byte, bool) { calls++; return inner(dst, r) }
	s, err := NewSchema(counting)
	require.NoError(t, err)
	svc, _ := s.Lookup("dst_service")
	want := SetOf(svc)
	rd := NewReader(strings.NewReader(v2Accept+"\n"), ReaderOptions{})
	require.True(t, rd.Scan())
	r := rd.Record()

	s.DeriveLazily(r, want)
	assert.Equal(t, 0, calls, "nothing read it yet")
	assert.Equal(t, "db", string(r.Text(svc)))
	assert.Equal(t, "db", string(r.Text(svc)))
	assert.Equal(t, 1, calls, "computed once, when first read")

	s.DeriveLazily(r, want)
	var b Batch
	b.Append(r)
	assert.Equal(t, 2, calls, "Append computes what is pending")
	var loaded Record
	b.Load(0, &loaded)
	assert.Equal(t, "db", string(loaded.Text(svc)))

	s.DeriveLazily(r, want)
	s.Complete(r, want)
	s.Complete(r, want)
	assert.Equal(t, 3, calls, "Complete computes a pending field once")
	assert.Equal(t, "db", string(r.Clone().Text(svc)))
	assert.Equal(t, 3, calls)

	s.DeriveLazily(r, FieldSet{})
	assert.Nil(t, r.Text(svc), "a new DeriveLazily forgets the last values")
	assert.Equal(t, 3, calls)
}
