package serve

import (
	"strings"
	"testing"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleRecord parses one v2 line with an origin in account a.
func sampleRecord(t *testing.T, a string) *flowlog.Record {
	t.Helper()
	line := "2 111122223333 eni-1 10.1.2.3 10.0.1.25 51234 5432 6 2 120 1768404614 1768404617 REJECT OK\n"
	r := flowlog.NewReader(strings.NewReader(line), flowlog.ReaderOptions{Format: flowlog.DefaultFormat()})
	require.True(t, r.Scan(), r.Err())
	rec := r.Record().Clone()
	rec.SetOrigin(flowlog.NewOrigin("obj", flowlog.FieldValue{Field: flowlog.AccountID, Text: []byte(a)}))
	rec.SetLineNumber(7)
	return rec
}

func TestPageMatchersAllocateNothing(t *testing.T) {
	f := filter.MustCompile("dstport = 5432")
	granted := grantedOnly{Filter: f, accounts: []string{"444455556666", "111122223333"}}
	rec := sampleRecord(t, "111122223333")
	other := sampleRecord(t, "999999999999")
	one := oneRecord{key: recordKey{obj: "obj", line: 7}, inner: granted}
	assert.True(t, granted.Match(rec))
	assert.False(t, granted.Match(other), "another account's folder")
	assert.True(t, one.Match(rec))
	assert.False(t, one.Match(other))
	assert.Zero(t, testing.AllocsPerRun(100, func() { granted.Match(rec); granted.Match(other); one.Match(rec) }))
	lo, hi, ok := granted.Range(flowlog.DstPort)
	assert.Equal(t, []any{int64(5432), int64(5432), true}, []any{lo, hi, ok}, "pruning is the filter's")
}
