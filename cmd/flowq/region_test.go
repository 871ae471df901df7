package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRegionFilterIsAPartitionColumn checks that region = 'us-east-1' on
// the sample's version 2 objects (whose format has no region) returns the
// records of the us-east-1 folders, exactly as --region us-east-1 does, and
// that --explain shows the other regions' folders pruned.
func TestRegionFilterIsAPartitionColumn(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	byFilter := runFlowq(t.Context(), t, "", "--with-source", "region = 'us-east-1'", sample)
	byFlag := runFlowq(t.Context(), t, "", "--with-source", "", sample, "--region", "us-east-1")
	all := runFlowq(t.Context(), t, "", "--with-source", "", sample)
	require.NotEmpty(t, byFilter.stdout)
	assert.Equal(t, byFlag.stdout, byFilter.stdout, "the same lines")
	assert.Equal(t, byFlag.code, byFilter.code)
	assert.Equal(t, sortedLines(byFlag.stderr), sortedLines(byFilter.stderr), "the same messages (workers report in any order)")

	var want []string
	for _, line := range strings.SplitAfter(all.stdout, "\n") {
		src, _, _ := strings.Cut(line, ":")
		if strings.Contains(src, "us-east-1") {
			want = append(want, line)
		}
	}
	assert.Equal(t, strings.Join(want, ""), byFilter.stdout, "every record of the us-east-1 folders, and no other")

	explain := runFlowq(t.Context(), t, "", "--explain", "region = 'us-east-1'", sample)
	assert.Equal(t, exitMatch, explain.code)
	assert.Contains(t, explain.stdout, "skip  "+sample+"/AWSLogs/111122223333/vpcflowlogs/ap-northeast-1 (region ap-northeast-1 not selected)")
	assert.NotContains(t, explain.stdout, "read  "+sample+"/AWSLogs/111122223333/vpcflowlogs/ap-northeast-1/")
}

func sortedLines(s string) []string {
	lines := strings.Split(s, "\n")
	slices.Sort(lines)
	return lines
}
