package flowlog

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

var addrTokens = []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.02.3.4",
	"1.2.3.04", "1.2.3.400", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "10.0.1.25", "172.31.16.139",
	"1.2.3.4a", "a.2.3.4", "1.2.3.-", "100.200.250.255", "199.299.1.1", "1.2.3.1000", "2001:db8::1", "1.2.3.4%x",
	"::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1.2.3.4 ", "9.9.9.9", "00.0.0.0", "0.0.0.00", "1.1.1.1\x00", "\xb1.1.1.1"}

// referenceIPv4 is netip's reading of a dotted quad.
func referenceIPv4(tok string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(tok)
	if err != nil || !a.Is4() {
		return netip.Addr{}, false
	}
	return a, true
}

// TestDecodersMatchTheRules holds the decoders to the rules (netip's for
// addresses, the byte loop's for integers), on tokens inside a buffer whose
// next bytes are digits and dots, which must not be read as part of the
// token.
func TestDecodersMatchTheRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	tokens := append([]string{}, addrTokens...)
	for range 2000 {
		tokens = append(tokens, fmt.Sprintf("%d.%d.%d.%d", rng.IntN(300), rng.IntN(300), rng.IntN(300), rng.IntN(300)))
	}
	for _, tok := range tokens {
		for _, after := range []string{"", " 1.2.3.4", "9.9.9.9.9.9.9.9", "        "} {
			buf := []byte(tok + after)
			a, ok := parseIPv4(buf[:len(tok)])
			wa, wok := referenceIPv4(tok)
			assert.Equal(t, wok, ok, "%q then %q", tok, after)
			assert.Equal(t, wa, a, "%q then %q", tok, after)
		}
	}
	ints := []string{"0", "7", "65535", "65536", "00012", "1418530010", "1418530010000", "123456789012345678",
		"1234567890123456789", "12345678901234567", "1234567890123456", "x", "1x", "12345678x", "-1", "+1", "\xff", ""}
	for range 2000 {
		ints = append(ints, strconv.FormatUint(rng.Uint64()>>rng.IntN(64), 10))
	}
	for _, tok := range ints {
		for _, limit := range []int64{0, 255, 65535} {
			buf := []byte(tok + "99999999999999999")
			v, err := parseUint(buf[:len(tok)], limit)
			wv, werr := parseUintBytes([]byte(tok), limit)
			assert.Equal(t, werr, err, "%q limit %d", tok, limit)
			assert.Equal(t, wv, v, "%q limit %d", tok, limit)
		}
	}
}

func FuzzDecoders(f *testing.F) {
	for _, s := range addrTokens {
		f.Add(s, "9")
	}
	f.Add("1418530010", "0")
	f.Fuzz(func(t *testing.T, tok, after string) {
		buf := []byte(tok + after)
		a, ok := parseIPv4(buf[:len(tok)])
		if wa, wok := referenceIPv4(tok); a != wa || ok != wok {
			t.Fatalf("parseIPv4(%q) = %v, %v; the rule says %v, %v", tok, a, ok, wa, wok)
		}
		v, err := parseUint(buf[:len(tok)], 65535)
		if wv, werr := parseUintBytes([]byte(tok), 65535); v != wv || err != werr {
			t.Fatalf("parseUint(%q) = %v, %v; the rule says %v, %v", tok, v, err, wv, werr)
		}
	})
}
