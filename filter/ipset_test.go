package filter

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIPSet compares the interval set with a linear scan over the prefixes
// on random lists (overlapping, nested, adjacent, both families) and on
// addresses at and around every interval edge.
func TestIPSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	randAddr := func(v6 bool) netip.Addr {
		if v6 {
			var a [16]byte
			a[0] = 0x20
			for i := 1; i < 16; i++ {
				a[i] = byte(rng.IntN(4)) // small alphabet: many overlaps
			}
			return netip.AddrFrom16(a)
		}
		return netip.AddrFrom4([4]byte{10, byte(rng.IntN(4)), byte(rng.IntN(8)), byte(rng.IntN(256))})
	}
	for round := range 200 {
		var b ipSetBuilder
		var ps []netip.Prefix
		for range 1 + rng.IntN(30) {
			v6 := rng.IntN(3) == 0
			a := randAddr(v6)
			bits := 16 + rng.IntN(17)
			if v6 {
				bits = 8 + rng.IntN(121)
			}
			p := netip.PrefixFrom(a, bits).Masked()
			ps = append(ps, p)
			b.addPrefix(p)
		}
		set := b.build()
		probes := []netip.Addr{netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("255.255.255.255"), netip.MustParseAddr("::"), {}}
		for _, p := range ps {
			lo := p.Addr()
			probes = append(probes, lo, lo.Prev(), lastAddr(p), lastAddr(p).Next())
		}
		for range 200 {
			probes = append(probes, randAddr(rng.IntN(3) == 0))
		}
		for _, a := range probes {
			want := false
			for _, p := range ps {
				if p.Contains(a) {
					want = true
				}
			}
			if !assert.Equal(t, want, set.contains(a), "round %d: %s in %v", round, a, ps) {
				return
			}
		}
	}
}

func lastAddr(p netip.Prefix) netip.Addr {
	var b ipSetBuilder
	b.addPrefix(p)
	if p.Addr().Is4() {
		hi := b.v4[0].hi
		return netip.AddrFrom4([4]byte{byte(hi >> 24), byte(hi >> 16), byte(hi >> 8), byte(hi)})
	}
	hi := b.v6[0].hi
	var a [16]byte
	for i := range 8 {
		a[i] = byte(hi.hi >> (56 - 8*i))
		a[8+i] = byte(hi.lo >> (56 - 8*i))
	}
	return netip.AddrFrom16(a)
}

func TestIPSetWhole(t *testing.T) {
	var b ipSetBuilder
	b.addPrefix(netip.MustParsePrefix("0.0.0.0/0"))
	b.addPrefix(netip.MustParsePrefix("10.0.0.0/8"))
	b.addPrefix(netip.MustParsePrefix("::/0"))
	b.addPrefix(netip.MustParsePrefix("ffff::/16"))
	s := b.build()
	assert.Len(t, s.v4lo, 1)
	assert.Len(t, s.v6lo, 1)
	for _, a := range []string{"0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"} {
		assert.True(t, s.contains(netip.MustParseAddr(a)), a)
	}
	assert.False(t, s.contains(netip.Addr{}))
}
