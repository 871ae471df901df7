package filter

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
)

// ipSet is a set of IPv4 and IPv6 addresses held as sorted, disjoint,
// merged intervals, one array per family; lookup is a binary search over
// the interval starts. For a 10,000-entry threat list this is 14 probes
// into a 40 KB array: about 20 ns of CPU per record here, twice as fast as
// a binary prefix trie (32 dependent loads) and 1500 times a linear loop
// (BenchmarkCIDRList). It is immutable once built.
type ipSet struct {
	v4lo, v4hi []uint32
	v6lo, v6hi []u128
}

// u128 is an IPv6 address as two big-endian halves.
type u128 struct{ hi, lo uint64 }

func (a u128) cmp(b u128) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	return cmp.Compare(a.lo, b.lo)
}

func (a u128) next() (u128, bool) {
	if a.lo != ^uint64(0) {
		return u128{a.hi, a.lo + 1}, true
	}
	if a.hi != ^uint64(0) {
		return u128{a.hi + 1, 0}, true
	}
	return a, false
}

func v4(a netip.Addr) uint32 {
	b := a.As4()
	return binary.BigEndian.Uint32(b[:])
}

func v6(a netip.Addr) u128 {
	b := a.As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// contains reports whether a is in the set. It does not allocate.
func (s *ipSet) contains(a netip.Addr) bool {
	if a.Is4() {
		x := v4(a)
		lo := s.v4lo
		// Find the first start > x; the interval before it may hold x.
		i, j := 0, len(lo)
		for i < j {
			h := int(uint(i+j) >> 1)
			if lo[h] <= x {
				i = h + 1
			} else {
				j = h
			}
		}
		return i > 0 && x <= s.v4hi[i-1]
	}
	if !a.IsValid() {
		return false
	}
	x := v6(a)
	lo := s.v6lo
	i, j := 0, len(lo)
	for i < j {
		h := int(uint(i+j) >> 1)
		if lo[h].cmp(x) <= 0 {
			i = h + 1
		} else {
			j = h
		}
	}
	return i > 0 && x.cmp(s.v6hi[i-1]) <= 0
}

// ipSetBuilder collects ranges, then sorts and merges them.
type ipSetBuilder struct {
	v4 []rng[uint32]
	v6 []rng[u128]
}

type rng[T any] struct{ lo, hi T }

// addPrefix adds every address of p.
func (b *ipSetBuilder) addPrefix(p netip.Prefix) {
	p = p.Masked()
	a := p.Addr()
	if a.Is4() {
		lo := v4(a)
		host := uint32(0)
		if p.Bits() < 32 {
			host = ^uint32(0) >> p.Bits()
		}
		b.v4 = append(b.v4, rng[uint32]{lo, lo | host})
		return
	}
	lo := v6(a)
	var host u128
	switch bits := p.Bits(); {
	case bits == 0:
		host = u128{^uint64(0), ^uint64(0)}
	case bits < 64:
		host = u128{^uint64(0) >> bits, ^uint64(0)}
	case bits < 128:
		host = u128{0, ^uint64(0) >> (bits - 64)}
	}
	b.v6 = append(b.v6, rng[u128]{lo, u128{lo.hi | host.hi, lo.lo | host.lo}})
}

// addRange adds [lo, hi]; both must be of the same family and lo <= hi.
func (b *ipSetBuilder) addRange(lo, hi netip.Addr) {
	if lo.Is4() {
		b.v4 = append(b.v4, rng[uint32]{v4(lo), v4(hi)})
	} else {
		b.v6 = append(b.v6, rng[u128]{v6(lo), v6(hi)})
	}
}

func (b *ipSetBuilder) build() *ipSet {
	s := &ipSet{}
	slices.SortFunc(b.v4, func(x, y rng[uint32]) int { return cmp.Compare(x.lo, y.lo) })
	for _, r := range b.v4 {
		if n := len(s.v4hi); n > 0 && (s.v4hi[n-1] == ^uint32(0) || r.lo <= s.v4hi[n-1]+1) {
			s.v4hi[n-1] = max(s.v4hi[n-1], r.hi)
			continue
		}
		s.v4lo, s.v4hi = append(s.v4lo, r.lo), append(s.v4hi, r.hi)
	}
	slices.SortFunc(b.v6, func(x, y rng[u128]) int { return x.lo.cmp(y.lo) })
	for _, r := range b.v6 {
		if n := len(s.v6hi); n > 0 {
			last := s.v6hi[n-1]
			nx, ok := last.next()
			if !ok || r.lo.cmp(nx) <= 0 {
				if r.hi.cmp(last) > 0 {
					s.v6hi[n-1] = r.hi
				}
				continue
			}
		}
		s.v6lo, s.v6hi = append(s.v6lo, r.lo), append(s.v6hi, r.hi)
	}
	return s
}
