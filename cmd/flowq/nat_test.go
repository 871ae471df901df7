package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTraceNAT(t *testing.T) {
	got := runFlowq(context.Background(), t, "", "trace-nat", "10.2.1.30", situations)
	assert.Equal(t, exitMatch, got.code, got.stderr)
	assert.Equal(t, 3, strings.Count(got.stdout, "  exact: 10.2.0.5:6100"), "with pkt-* fields")
	assert.Equal(t, 3, strings.Count(got.stdout, "  high: 10.2.0.5:6100"), "by correlation without them")
	assert.Contains(t, got.stdout, "  through the NAT gateway 10.2.0.5 (eni-0d0000000000000d4), named by pkt-dstaddr:\n")

	none := runFlowq(context.Background(), t, "", "trace-nat", "10.9.9.9", situations)
	assert.Equal(t, exitNoMatch, none.code, none.stderr)

	bad := runFlowq(context.Background(), t, "", "trace-nat", situations)
	assert.Equal(t, exitError, bad.code)
	assert.Contains(t, bad.stderr, "is not an address: give the instance's private address first")
}
