package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCoverage(t *testing.T) {
	tests := []struct {
		name         string
		args         []string
		code         int
		stdout       string
		stderr       string
		stderrAbsent string
	}{
		{"the situations", []string{"coverage", situations}, exitMatch,
			"delivery gaps (no object for these 5-minute windows: quiet, or lost; the logs cannot tell):\n" +
				"  fl-0f00000000000000a (111122223333 us-east-1): 2026-01-20 10:25:00–10:35:00 UTC, 2 deliveries missing\n" +
				"SKIPDATA (records lost at the source, capacity):\n  eni-0a0000000000000a1: 1 record, 2026-01-20 10:40:00–10:41:00 UTC\n" +
				"NODATA (the interface logged no traffic):\n  eni-0b0000000000000b2: 3 records, 2026-01-20 10:47:00–10:58:00 UTC\n", "", ""},
		{"in Tokyo", []string{"coverage", situations, "--tz", "Asia/Tokyo", "--since", "2026-01-20 19:00", "--until", "2026-01-20 19:20"}, exitMatch,
			"no delivery gaps, SKIPDATA or NODATA in the window\n", "", ""},
		{"nothing to measure", []string{"coverage", situations, "--account", "999999999999"}, exitMatch,
			"no flow log objects with AWS names were found: nothing to measure coverage by\n", "", ""},
		{"--stats says the window has gaps", []string{"-c", "--stats", "srcaddr = 10.2.0.10", situations}, exitMatch, "13\n",
			"flowq: the window has delivery gaps: 2 five-minute deliveries missing in fl-0f00000000000000a (111122223333 us-east-1) (flowq coverage lists them)\n", ""},
		{"and not when it has none", []string{"-c", "--stats", "srcaddr = 10.2.0.10", situations, "--until", "2026-01-20 10:20"}, exitMatch, "",
			"", "delivery gaps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runFlowq(context.Background(), t, "", tt.args...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			if tt.stdout != "" {
				assert.Equal(t, tt.stdout, got.stdout)
			}
			if tt.stderr != "" {
				assert.Contains(t, got.stderr, tt.stderr)
			}
			if tt.stderrAbsent != "" {
				assert.NotContains(t, got.stderr, tt.stderrAbsent)
			}
		})
	}
}
