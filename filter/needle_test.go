package filter

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
)

func TestLiteral(t *testing.T) {
	schema, _ := ownerSchema(t)
	tests := []struct {
		src    string
		text   string // "" for none
		fold   bool
		fields []flowlog.Field
	}{
		{"action = REJECT", "REJECT", true, []flowlog.Field{flowlog.Action}},
		{"action = 'reject'", "REJECT", true, []flowlog.Field{flowlog.Action}},
		{"dstport = 443", "443", false, []flowlog.Field{flowlog.DstPort}},
		{"dstport = 443 and action = REJECT", "REJECT", true, []flowlog.Field{flowlog.Action}},
		{"action = REJECT and dstport = 443 and srcaddr = 10.1.2.3", "REJECT", true, []flowlog.Field{flowlog.Action}},
		{"dstport = 443 and srcaddr = 10.1.2.3", "10.1.2.3", false, []flowlog.Field{flowlog.SrcAddr}},
		{"addr = 10.0.0.7", "10.0.0.7", false, []flowlog.Field{flowlog.SrcAddr, flowlog.DstAddr}},
		{"port = 5432", "5432", false, []flowlog.Field{flowlog.SrcPort, flowlog.DstPort}},
		{"interface-id = 'eni-0a1b'", "eni-0a1b", false, []flowlog.Field{flowlog.InterfaceID}},
		{"(dstport = 443 or dstport = 443) and protocol = 6", "443", false, []flowlog.Field{flowlog.DstPort}},
		{"protocol = 6", "", false, nil}, // one byte: in nearly every line
		{"dstport = 443 or dstport = 80", "", false, nil},
		{"dstport = 443 or action = REJECT", "", false, nil},
		{"dstport in (443, 80)", "", false, nil},
		{"dstport != 443", "", false, nil},
		{"not dstport = 443", "", false, nil},
		{"dstport between 443 and 444", "", false, nil},
		{"action != REJECT", "", false, nil},
		{"srcaddr = 2001:db8::1", "", false, nil},
		{"srcaddr in 10.0.0.0/8", "", false, nil}, // "10." is in nearly every line
		{"srcaddr in 10.1.0.0/16", "10.1.", false, []flowlog.Field{flowlog.SrcAddr}},
		{"srcaddr in 10.1.2.0/24", "10.1.2.", false, []flowlog.Field{flowlog.SrcAddr}},
		{"srcaddr in 10.1.16.0/20", "10.1.", false, []flowlog.Field{flowlog.SrcAddr}},
		{"srcaddr in 10.1.2.64/26", "10.1.2.", false, []flowlog.Field{flowlog.SrcAddr}},
		{"dstaddr in 10.1.2.3/32", "10.1.2.3", false, []flowlog.Field{flowlog.DstAddr}},
		{"addr in 192.168.7.0/24", "192.168.7.", false, []flowlog.Field{flowlog.SrcAddr, flowlog.DstAddr}},
		{"srcaddr not in 10.1.2.0/24", "", false, nil},
		{"srcaddr in 2001:db8::/32", "", false, nil},
		{"srcaddr in (10.1.2.0/24, 10.1.3.0/24)", "", false, nil},
		{"start = 1700000000", "", false, nil},
		{"dst_owner = 'db'", "", false, nil},
		{"dst_owner = 'db' and dstport = 5432", "5432", false, []flowlog.Field{flowlog.DstPort}},
		{"srcaddr is null", "", false, nil},
		{"true", "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, err := Compile(tt.src, Options{Schema: schema})
			require.NoError(t, err)
			l, ok := f.Literal()
			assert.Equal(t, tt.text != "", ok)
			assert.Equal(t, tt.text, l.Text)
			assert.Equal(t, tt.fold, l.Fold)
			assert.Equal(t, flowlog.SetOf(tt.fields...), l.Fields)
		})
	}
}

// TestLiteralHeldByMatches: on every record of a varied sample that a
// filter with a literal matches, the line holds the literal.
func TestLiteralHeldByMatches(t *testing.T) {
	lines := []string{
		"2 123456789012 eni-0a1b 10.0.0.7 10.1.2.3 40000 443 6 10 840 1700000000 1700000060 REJECT OK",
		"2 123456789012 eni-0a1b 10.1.2.3 10.0.0.7 443 40000 6 10 840 1700000000 1700000060 reject OK",
		"2 123456789012 eni-0a1b 10.0.0.70 10.1.2.3 40000 0443 6 10 840 1700000000 1700000060 ACCEPT OK",
		"2 123456789012 eni-0a1b 10.0.0.7 10.1.2.3 5432 5432 17 10 840 1700000000 1700000060 Accept OK",
	}
	for _, src := range []string{"action = REJECT", "dstport = 443", "addr = 10.0.0.7", "port = 5432", "addr in 10.0.0.0/24",
		"srcaddr in 10.0.0.64/26", "dstaddr in 10.1.0.0/16",
		"action = accept and dstport = 443", "interface-id = 'eni-0a1b'"} {
		f := MustCompile(src)
		l, ok := f.Literal()
		require.True(t, ok, src)
		matched := 0
		for _, line := range lines {
			rd := flowlog.NewReader(strings.NewReader(line), flowlog.ReaderOptions{})
			require.True(t, rd.Scan(), line)
			if f.Match(rd.Record()) {
				matched++
				assert.True(t, holdsLiteral(line, l), "%s matches %q without %q", src, line, l.Text)
			}
		}
		assert.NotZero(t, matched, src)
	}
}
