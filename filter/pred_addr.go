package filter

import (
	"net/netip"

	"github.com/flowq/flowq/flowlog"
)

// addrEq tests an address field for equality (= or !=).
type addrEq struct {
	f   flowlog.Field
	a   netip.Addr
	out bool
}

func (n *addrEq) match(r *flowlog.Record) bool {
	v, ok := r.Addr(n.f)
	return ok && (v == n.a) != n.out
}

func (n *addrEq) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *addrEq) cost() int                                 { return 3 }
func (n *addrEq) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }
func (n *addrEq) values(flowlog.Field) ([]string, bool)     { return nil, false }

func (n *addrEq) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	if n.out {
		b = append(b, " != "...)
	} else {
		b = append(b, " = "...)
	}
	return n.a.AppendTo(b)
}

// addrPrefix tests membership of one CIDR (IN 10.0.0.0/8).
type addrPrefix struct {
	f   flowlog.Field
	p   netip.Prefix // masked
	out bool
}

func (n *addrPrefix) match(r *flowlog.Record) bool {
	v, ok := r.Addr(n.f)
	return ok && n.p.Contains(v) != n.out
}

func (n *addrPrefix) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *addrPrefix) cost() int                                 { return 3 }
func (n *addrPrefix) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }
func (n *addrPrefix) values(flowlog.Field) ([]string, bool)     { return nil, false }

func (n *addrPrefix) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " in "...)
	return n.p.AppendTo(b)
}

// addrSet tests membership of a set of addresses, CIDRs and ranges (an IN
// list, list files, BETWEEN) through an interval search. The set is shared
// by both sides of an either-side field.
type addrSet struct {
	f       flowlog.Field
	set     *ipSet
	out     bool
	op      string // "in" or "between"
	operand string // canonical text after op
}

func (n *addrSet) match(r *flowlog.Record) bool {
	v, ok := r.Addr(n.f)
	return ok && n.set.contains(v) != n.out
}

func (n *addrSet) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *addrSet) cost() int                                 { return 6 }
func (n *addrSet) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }
func (n *addrSet) values(flowlog.Field) ([]string, bool)     { return nil, false }

func (n *addrSet) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, ' ')
	b = append(b, n.op...)
	b = append(b, ' ')
	return append(b, n.operand...)
}

// addrLike matches the text of an address against a LIKE pattern. A
// pattern that is whole IPv4 octets followed by % ('10.117.%') is the CIDR
// 10.117.0.0/16 and is tested as one, without looking at text: AWS writes
// IPv4 addresses in canonical dotted form, so both agree.
type addrLike struct {
	f      flowlog.Field
	pat    likePattern
	prefix netip.Prefix // valid for the fast form
	out    bool
}

func (n *addrLike) match(r *flowlog.Record) bool {
	if n.prefix.IsValid() {
		v, ok := r.Addr(n.f)
		return ok && n.prefix.Contains(v) != n.out
	}
	if r.IsNull(n.f) {
		return false
	}
	return n.pat.match(r.Raw(n.f)) != n.out
}

func (n *addrLike) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *addrLike) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }
func (n *addrLike) values(flowlog.Field) ([]string, bool)     { return nil, false }

func (n *addrLike) cost() int {
	if n.prefix.IsValid() {
		return 3
	}
	return 8
}

func (n *addrLike) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " like "...)
	return appendQuoted(b, n.pat.src)
}

// octetPrefix returns the IPv4 prefix equal to a LIKE pattern made of one
// to three whole octets, each followed by a dot, and a final %:
// '10.%' → 10.0.0.0/8, '10.117.%' → 10.117.0.0/16.
func octetPrefix(pat string) (netip.Prefix, bool) {
	if len(pat) < 3 || pat[len(pat)-1] != '%' || pat[len(pat)-2] != '.' {
		return netip.Prefix{}, false
	}
	var oct [4]byte
	n, val, digits := 0, 0, 0
	for _, c := range pat[:len(pat)-1] {
		switch {
		case c >= '0' && c <= '9':
			if digits > 0 && val == 0 {
				return netip.Prefix{}, false // leading zero never appears in AWS text
			}
			val, digits = val*10+int(c-'0'), digits+1
			if val > 255 {
				return netip.Prefix{}, false
			}
		case c == '.' && digits > 0 && n < 3:
			oct[n] = byte(val)
			n, val, digits = n+1, 0, 0
		default:
			return netip.Prefix{}, false
		}
	}
	if digits != 0 || n == 0 {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(netip.AddrFrom4(oct), 8*n), true
}
