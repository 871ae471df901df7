package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// situations is the tree of internal/gen.Situations.
const situations = "../../testdata/situations"

func TestExplainReject(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"all", []string{"", situations}, exitMatch, []string{
			"response rejected after the request was accepted: a network ACL (stateless): 3\n  TCP 198.51.100.80 port 443: 3 rejected\n",
			"request rejected: a security group or a network ACL (undecidable from the logs): 4\n  TCP 10.2.0.20 port 3306: 4 rejected\n",
			"    … 1 more\n",
			"rejected, no pairing found: 1\n  UDP 192.0.2.9 port 53: 1 rejected\n",
			"    request ../../testdata/situations/AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/01/20/111122223333_vpcflowlogs_us-east-1_fl-0f00000000000000a_20260120T1000Z_353ad3f4.log.gz:3\n      2 111122223333 eni-0a0000000000000a1 10.2.0.10 198.51.100.80 40001 443 6 3 180 1768903280 1768903330 ACCEPT OK 2 10.2.0.10 198.51.100.80\n",
		}, ""},
		{"a filter and a window", []string{"dstport = 3306", situations, "--since", "2026-01-20 10:13", "--until", "2026-01-20 10:14"}, exitMatch,
			[]string{"request rejected: a security group or a network ACL (undecidable from the logs): 2\n"}, ""},
		{"none", []string{"dstport = 1", situations}, exitNoMatch, nil, ""},
		{"stdin cannot be read twice", []string{"", "-"}, exitError, nil, "name files or folders, not standard input"},
		{"no group-by", []string{"-g", "srcaddr", "", situations}, exitError, nil, "not --help, --version, --group-by or --count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runFlowq(context.Background(), t, "", append([]string{"explain-reject"}, tt.args...)...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			for _, s := range tt.stdout {
				assert.Contains(t, got.stdout, s)
			}
			if tt.stderr != "" {
				assert.Contains(t, got.stderr, tt.stderr)
			}
			if tt.code == exitNoMatch {
				assert.Empty(t, strings.TrimSpace(got.stdout))
			}
		})
	}
}
