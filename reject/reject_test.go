package reject_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/reject"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// situations is the tree internal/gen.Situations writes.
const situations = "../testdata/situations"

func TestRunOnSituations(t *testing.T) {
	fs, st, err := reject.Run(context.Background(), reject.Options{Scan: scan.Options{Sources: []string{situations}}})
	require.NoError(t, err)
	assert.Equal(t, int64(44), st.ObjectsRead, "two passes of 22 objects")
	groups := reject.Groups(fs)
	type summary struct {
		class reject.Class
		key   string
		n     int
	}
	var got []summary
	for _, g := range groups {
		got = append(got, summary{g.Class, g.Key(), len(g.Findings)})
	}
	assert.Equal(t, []summary{
		{reject.ResponseRejected, "TCP 198.51.100.80 port 443", 3},
		{reject.RequestRejected, "TCP 10.2.0.20 port 3306", 4},
		{reject.Unpaired, "UDP 192.0.2.9 port 53", 1},
	}, got)
	nacl := groups[0].Findings[0]
	require.Len(t, nacl.Reverse, 1)
	assert.Equal(t, flowlog.ActionAccept, nacl.Reverse[0].Record.Action(), "the accepted request is the evidence")
	assert.Contains(t, string(nacl.Reverse[0].Record.Line()), "10.2.0.10 198.51.100.80 40001 443")
	assert.Contains(t, nacl.Reject.Source, "fl-0f00000000000000a_20260120T1000Z")
	assert.Positive(t, nacl.Reject.Line)
	assert.Empty(t, groups[1].Findings[0].Reverse)
}

// TestClassify covers the roles from flags and ports and the pairing
// rules: same interface, reversed tuple, overlapping time.
func TestClassify(t *testing.T) {
	const header = "version interface-id srcaddr dstaddr srcport dstport protocol start end action tcp-flags\n"
	tests := []struct {
		name  string
		lines []string
		want  []reject.Class
	}{
		{"response by flags, request accepted", []string{
			"3 eni-1 10.0.0.1 10.0.0.2 5000 8080 6 1000 1060 ACCEPT 2",
			"3 eni-1 10.0.0.2 10.0.0.1 8080 5000 6 1000 1060 REJECT 18"}, []reject.Class{reject.ResponseRejected}},
		{"flags beat ports", []string{
			"3 eni-1 10.0.0.1 10.0.0.2 80 40000 6 1000 1060 REJECT 2"}, []reject.Class{reject.RequestRejected}},
		{"other interface is no pair", []string{
			"3 eni-2 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 ACCEPT 2",
			"3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 1000 1060 REJECT 18"}, []reject.Class{reject.Unpaired}},
		{"too far apart in time", []string{
			"3 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 ACCEPT 2",
			"3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 2000 2060 REJECT 18"}, []reject.Class{reject.Unpaired}},
		{"within the slack", []string{
			"3 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 ACCEPT 2",
			"3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 1100 1160 REJECT 18"}, []reject.Class{reject.ResponseRejected}},
		{"a rejected reverse is no accepted request", []string{
			"3 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 REJECT 2",
			"3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 1000 1060 REJECT 18"}, []reject.Class{reject.RequestRejected, reject.Unpaired}},
		{"ports without flags", []string{
			"3 eni-1 10.0.0.1 10.0.0.2 40000 443 17 1000 1060 ACCEPT -",
			"3 eni-1 10.0.0.2 10.0.0.1 443 40000 17 1000 1060 REJECT -"}, []reject.Class{reject.ResponseRejected}},
		{"ICMP has no direction", []string{
			"3 eni-1 10.0.0.2 10.0.0.1 0 0 1 1000 1060 REJECT -"}, []reject.Class{reject.Unpaired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := header + strings.Join(tt.lines, "\n") + "\n"
			path := filepath.Join(t.TempDir(), "flows.log")
			require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
			fs, _, err := reject.Run(context.Background(), reject.Options{Scan: scan.Options{Sources: []string{path}}})
			require.NoError(t, err)
			var got []reject.Class
			for _, f := range fs {
				got = append(got, f.Class)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
