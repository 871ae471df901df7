package filter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPastedSQL checks what people paste from Athena: what is unambiguous
// is accepted, and the rest points at the flag that does it.
func TestPastedSQL(t *testing.T) {
	accepted := []struct{ src, canonical string }{
		{"WHERE action = 'REJECT' AND protocol = 6", "action = REJECT and protocol = 6"},
		{"action = 'REJECT' AND protocol = 6;", "action = REJECT and protocol = 6"},
		{"where dstport = 22 ;  ", "dstport = 22"},
		{"sourceaddress = '10.1.2.3' and destinationport = 5432", "dstport = 5432 and srcaddr = 10.1.2.3"},
		{"numpackets > 10 and numbytes > 100", "packets >= 11 and bytes >= 101"},
		{"src_port = 22 or dst_port = 22", "srcport = 22 or dstport = 22"},
	}
	for _, tt := range accepted {
		f, err := Compile(tt.src, Options{})
		require.NoError(t, err, tt.src)
		assert.Equal(t, tt.canonical, f.String(), tt.src)
	}
	rejected := []struct{ src, msg, hint string }{
		{"SELECT * FROM vpc_flow_logs WHERE action = 'REJECT'", "flowq takes the WHERE clause of a query, not a SELECT statement", "write only what follows WHERE"},
		{"action = 'REJECT' LIMIT 10", `unexpected "LIMIT" after a complete test`, "LIMIT is the --limit flag: --limit 10"},
		{"action = 'REJECT' ORDER BY start", "after a complete test", "ORDER BY is --sort"},
		{"from_unixtime(start) >= timestamp '2026-01-14 15:30'", "functions such as from_unixtime() are not supported", "start >= '2026-01-14 15:30'"},
		{"src_ip = 10.1.2.3", `unknown field "src_ip"`, "did you mean srcaddr?"},
		{"dst_ip = 10.1.2.3", `unknown field "dst_ip"`, "did you mean dstaddr?"},
		{"x = 1; y = 2", "unexpected character", ""},
	}
	for _, tt := range rejected {
		_, err := Compile(tt.src, Options{})
		require.Error(t, err, tt.src)
		e, ok := AsError(err)
		require.True(t, ok)
		assert.Contains(t, e.Msg, tt.msg, tt.src)
		assert.Contains(t, e.Hint, tt.hint, tt.src)
	}
}
