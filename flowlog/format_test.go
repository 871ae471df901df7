package flowlog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegistry(t *testing.T) {
	assert.Equal(t, 72, int(NumFields))
	seen := map[string]bool{}
	for _, f := range Fields() {
		info := f.Info()
		assert.False(t, seen[info.Name], "duplicate %s", info.Name)
		seen[info.Name] = true
		assert.NotContains(t, info.Column, "-")
		got, ok := Lookup(info.Column)
		assert.True(t, ok)
		assert.Equal(t, f, got)
	}
	perVersion := map[int]int{}
	for _, f := range Fields() {
		perVersion[f.Info().Version]++
	}
	// Field counts per version from FLOWLOGS.md §1 (v6 is Transit Gateway).
	assert.Equal(t, map[int]int{2: 14, 3: 7, 4: 4, 5: 4, 6: 18, 7: 10, 8: 1, 9: 1, 10: 1, 11: 12}, perVersion)
	f, ok := Lookup(`"end"`)
	assert.True(t, ok)
	assert.Equal(t, End, f)
	f, ok = Lookup("LOG_STATUS")
	assert.True(t, ok)
	assert.Equal(t, LogStatus, f)
	_, ok = Lookup("nosuch")
	assert.False(t, ok)
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		header  string
		version int
		unknown []string
		err     string
	}{
		{in: VPCDefaultFormat, header: v2Header, version: 2},
		{in: v2Header, header: v2Header, version: 2},
		{in: "${srcaddr} ${dstaddr}", header: "srcaddr dstaddr", version: 2},
		{in: "pkt_srcaddr log_status", header: "pkt-srcaddr log-status", version: 3},
		{in: "${version} ${next-hop-vpc-id} ${brand-new-field}", header: "version next-hop-vpc-id brand-new-field", version: 11, unknown: []string{"brand-new-field"}},
		{in: "", err: "invalid flow log format: no fields"},
		{in: "${srcaddr} ${srcaddr}", err: `invalid flow log format: field "srcaddr" appears twice`},
		{in: "${srcaddr", err: `invalid flow log format: "${srcaddr" is not a ${field} reference`},
		{in: "srcaddr 9lives", err: `invalid flow log format: "9lives" is not a field name`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := ParseFormat(tt.in)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				assert.ErrorIs(t, err, ErrFormat)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.header, f.Header())
			assert.Equal(t, tt.version, f.Version())
			assert.Equal(t, tt.unknown, f.Unknown())
			again, err := ParseFormat(f.String())
			require.NoError(t, err)
			assert.True(t, f.Equal(again))
		})
	}
}

func TestDefaultFormats(t *testing.T) {
	assert.Equal(t, 14, DefaultFormat().Len())
	assert.Equal(t, 36, TransitGatewayFormat().Len())
	assert.Equal(t, 6, TransitGatewayFormat().Version())
	assert.False(t, TransitGatewayFormat().Has(Action))
	assert.Equal(t, 12, DefaultFormat().Index(Action))
}

func TestProtocols(t *testing.T) {
	n, ok := ProtocolNumber("ICMPv6")
	assert.True(t, ok)
	assert.Equal(t, int64(58), n)
	_, ok = ProtocolNumber("tcpp")
	assert.False(t, ok)
	for name, num := range protocolNumbers {
		if pn := ProtocolName(num); pn != "" {
			back, ok := ProtocolNumber(pn)
			assert.True(t, ok, name)
			assert.Equal(t, num, back, name)
		}
	}
}
