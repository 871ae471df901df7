package scan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlowLogIsDecidedByShape checks that an object is judged a flow log
// by its shape across lines, not by whether one value parses, and that a
// damaged header fails the object rather than being read as a record.
func TestFlowLogIsDecidedByShape(t *testing.T) {
	recs := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 100)
	badValue := strings.Replace(recs[0], " 6 ", " tcp ", 1) // protocol is not a number
	damaged := strings.Replace(defaultHeader, "version", "versoin", 1)
	tests := []struct {
		name      string
		text      string
		filter    Matcher
		matches   int
		skipped   bool
		failed    bool
		malformed int64
	}{
		{"headerless, first record bad in a field the filter reads", badValue + "\n" + strings.Join(recs[1:], "\n"),
			protoFilter(6), 99, false, false, 1},
		{"first line cut, the rest records", "2 111111111111 eni-1\n" + strings.Join(recs[1:], "\n"), nil, 99, false, false, 1},
		{"damaged header", damaged + "\n" + strings.Join(recs, "\n"), nil, 0, false, true, 1},
		{"two lines of prose", "# Notes\nnothing to see\n", nil, 0, true, false, 0},
		{"one line of prose", "hello", nil, 0, true, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.log")
			require.NoError(t, os.WriteFile(path, []byte(tt.text+"\n"), 0o644))
			var reported []error
			got, st, err := collect(t, t.Context(), Options{Sources: []string{path}, Filter: tt.filter,
				OnError: func(e error) { reported = append(reported, e) }})
			require.NoError(t, err)
			assert.Len(t, got, tt.matches)
			assert.Equal(t, tt.skipped, st.ObjectsSkipped == 1, "skipped: %+v", st.Skips)
			assert.Equal(t, tt.failed, st.ObjectsFailed == 1, "failed: %+v", st.Errors)
			assert.Equal(t, tt.malformed, st.Malformed)
			assert.Equal(t, tt.failed || tt.malformed > 0, st.Incomplete())
			if tt.failed {
				require.NotEmpty(t, reported)
				var pe *flowlog.ParseError
				require.True(t, errors.As(reported[0], &pe), "%v", reported)
				assert.ErrorIs(t, pe, flowlog.ErrBadHeader)
				assert.Contains(t, reported[0].Error(), path+":1: damaged header line")
			}
		})
	}
}

// protoFilter matches one protocol number.
type protoFilter int64

func (p protoFilter) Match(r *flowlog.Record) bool {
	v, ok := r.Int(flowlog.Protocol)
	return ok && v == int64(p)
}
func (p protoFilter) Fields() flowlog.FieldSet { return flowlog.SetOf(flowlog.Protocol) }
