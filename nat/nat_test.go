package nat_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/nat"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const situations = "../testdata/situations"

// TestTraceThroughNAT: with pkt-* fields the gateway is known and the
// pairing exact; without them it is found by correlation, and the other
// instance's flows at the same time are told apart by their counts.
func TestTraceThroughNAT(t *testing.T) {
	traces, _, err := nat.Run(context.Background(), nat.Options{Scan: scan.Options{Sources: []string{situations}},
		Addr: netip.MustParseAddr("10.2.1.30")})
	require.NoError(t, err)
	byLog := map[string][]nat.Trace{}
	for _, tr := range traces {
		fl := "b"
		if strings.Contains(tr.Flow.Source, "fl-0f00000000000000a") {
			fl = "a"
		}
		byLog[fl] = append(byLog[fl], tr)
	}
	require.Len(t, byLog["a"], 3)
	require.Len(t, byLog["b"], 3)
	for i, tr := range byLog["a"] {
		require.NotNil(t, tr.Inbound, "pkt-dstaddr names the destination on the gateway's interface")
		assert.Equal(t, "10.2.0.5", tr.Gateway.String())
		require.Len(t, tr.Legs, 2, "the gateway's two flows to 198.51.100.99:443 at that time")
		assert.Equal(t, nat.Exact, tr.Legs[0].Confidence)
		assert.Equal(t, nat.Low, tr.Legs[1].Confidence)
		sport, _ := tr.Legs[0].Leg.Record.Int(flowlog.SrcPort)
		assert.Equal(t, int64(61000+i), sport, "the translated flow of this one")
	}
	for i, tr := range byLog["b"] {
		assert.Nil(t, tr.Inbound)
		require.NotEmpty(t, tr.Legs)
		assert.Equal(t, nat.High, tr.Legs[0].Confidence, "the only flow with the same counts")
		sport, _ := tr.Legs[0].Leg.Record.Int(flowlog.SrcPort)
		assert.Equal(t, int64(61000+i), sport)
		for _, l := range tr.Legs[1:] {
			assert.Equal(t, nat.Low, l.Confidence)
		}
	}
}
