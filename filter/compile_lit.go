package filter

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/flowq/flowq/flowlog"
)

// lit is one literal operand: written in the filter, or read from line
// `line` of list file `file` (then tok is the @file token, for the caret).
type lit struct {
	tok  token
	file string
	line int
}

// errorf builds an Error at the literal, naming the list file and line if
// it came from one.
func (l lit) errorf(hint, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if l.file != "" {
		msg = fmt.Sprintf("list file %s line %d: %s", l.file, l.line, msg)
	}
	return &Error{Pos: l.tok.pos, Msg: msg, Hint: hint}
}

// listEntry is one item of a list file.
type listEntry struct {
	text string
	line int
}

// expand returns the literals of vals with list files replaced by their
// entries.
func (c *compiler) expand(vals []value) ([]lit, *Error) {
	var out []lit
	for _, v := range vals {
		if !v.file {
			out = append(out, lit{tok: v.tok})
			continue
		}
		entries, err := c.readList(v.tok)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			t := v.tok
			t.text = e.text
			out = append(out, lit{tok: t, file: v.tok.text, line: e.line})
		}
	}
	return out, nil
}

// readList reads a list file once per compilation: entries separated by
// blanks, commas or newlines; # starts a comment.
func (c *compiler) readList(t token) ([]listEntry, *Error) {
	if entries, ok := c.files[t.text]; ok {
		return entries, nil
	}
	data, err := c.opts.ReadList(t.text)
	if err != nil {
		return nil, errAt(t, "", "cannot read list file: %v", err)
	}
	var entries []listEntry
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			entries = append(entries, listEntry{text: w, line: i + 1})
		}
	}
	if len(entries) == 0 {
		return nil, errAt(t, "", "list file %s has no entries", t.text)
	}
	c.files[t.text] = entries
	return entries, nil
}

// intLit parses a literal for an integer, time or enum field.
func (c *compiler) intLit(l lit, ref fieldRef) (int64, *Error) {
	f := ref.fields[0]
	s := l.tok.text
	switch f.Kind() {
	case flowlog.KindEnum:
		if v, ok := flowlog.EnumCode(f, s); ok {
			return v, nil
		}
		return 0, l.errorf(ref.name+" is "+enumList(f), "invalid %s %q", ref.name, s)
	case flowlog.KindTime:
		if v, ok := parseTime(s, c.opts.Location); ok {
			return v, nil
		}
		return 0, l.errorf("write a time as Unix seconds, 2026-01-15, '2026-01-15 09:00[:00]' (zone "+
			c.opts.Location.String()+") or 2026-01-15T09:00:00+09:00", "invalid time %q", s)
	}
	v, ok := parseUint(s)
	if !ok {
		switch f {
		case flowlog.Protocol:
			v, ok = flowlog.ProtocolNumber(s)
		case flowlog.TCPFlags:
			v, ok = tcpFlags[strings.ToLower(s)]
		}
	}
	if !ok {
		return 0, l.errorf(intHint(f, s), "type mismatch: %s is an integer, %s is not", ref.name, l.tok.describe())
	}
	if max := f.Info().Max; max > 0 && v > max {
		return 0, l.errorf("", "%s is at most %d, not %d", ref.name, max, v)
	}
	return v, nil
}

func intHint(f flowlog.Field, s string) string {
	switch {
	case f == flowlog.Protocol:
		return "write a number or a name: tcp, udp, icmp, icmpv6, gre, esp, ..."
	case f == flowlog.TCPFlags:
		return "write a number or a flag: fin, syn, rst, psh, ack, urg, syn-ack"
	}
	if _, ok := parseAddrOrPrefix(s); ok {
		return "addresses are in srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr (or addr for either)"
	}
	return ""
}

// addrLit parses an address or CIDR literal.
func addrLit(l lit, ref fieldRef) (netip.Prefix, *Error) {
	s := l.tok.text
	if p, ok := parseAddrOrPrefix(s); ok {
		return p, nil
	}
	if _, ok := parseUint(s); ok && l.tok.kind == tWord {
		return netip.Prefix{}, l.errorf("ports are in srcport and dstport (or port for either)",
			"type mismatch: %s is an address, %s is not", ref.name, s)
	}
	return netip.Prefix{}, l.errorf("write an IPv4 or IPv6 address (10.0.0.1, 2001:db8::1) or a CIDR (10.0.0.0/8)",
		"invalid address %q", s)
}

// addrPred compiles a test of an address field.
func (c *compiler) addrPred(e *predExpr, ref fieldRef, op tokKind, out bool) (func(flowlog.Field) node, *Error) {
	switch op {
	case tEq:
		p, err := addrLit(lit{tok: e.vals[0].tok}, ref)
		if err != nil {
			return nil, err
		}
		return prefixLeaf(p, out), nil
	case tIn:
		return c.addrIn(e, ref, out)
	case tBetween:
		return addrBetween(e, ref, out)
	case tLike:
		pat := compileLike(e.vals[0].tok.text)
		p, fast := octetPrefix(pat.src)
		if !fast {
			p = netip.Prefix{}
		}
		return func(f flowlog.Field) node { return &addrLike{f: f, pat: pat, prefix: p, out: out} }, nil
	}
	return nil, badOp(e, ref, "address", "test addresses with =, !=, IN (CIDRs, lists, @file), BETWEEN or LIKE")
}

func prefixLeaf(p netip.Prefix, out bool) func(flowlog.Field) node {
	if p.IsSingleIP() {
		return func(f flowlog.Field) node { return &addrEq{f: f, a: p.Addr(), out: out} }
	}
	return func(f flowlog.Field) node { return &addrPrefix{f: f, p: p, out: out} }
}

// addrIn compiles IN over addresses, CIDRs and list files into one shared
// interval set (or a single equality or CIDR test).
func (c *compiler) addrIn(e *predExpr, ref fieldRef, out bool) (func(flowlog.Field) node, *Error) {
	lits, err := c.expand(e.vals)
	if err != nil {
		return nil, err
	}
	var b ipSetBuilder
	var first netip.Prefix
	for i, l := range lits {
		p, err := addrLit(l, ref)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			first = p
		}
		b.addPrefix(p)
	}
	if len(e.vals) == 1 && !e.vals[0].file {
		return prefixLeaf(first, out), nil
	}
	set := b.build()
	operand := inOperand(e.vals, ref)
	return func(f flowlog.Field) node {
		return &addrSet{f: f, set: set, out: out, op: "in", operand: operand}
	}, nil
}

// inOperand renders an IN list canonically: literals as parsed, files by
// name.
func inOperand(vals []value, ref fieldRef) string {
	b := []byte{'('}
	for i, v := range vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		if v.file {
			b = v.appendTo(b)
			continue
		}
		p, _ := addrLit(lit{tok: v.tok}, ref)
		if p.IsSingleIP() {
			b = p.Addr().AppendTo(b)
		} else {
			b = p.AppendTo(b)
		}
	}
	return string(append(b, ')'))
}

func addrBetween(e *predExpr, ref fieldRef, out bool) (func(flowlog.Field) node, *Error) {
	var ends [2]netip.Addr
	for i := range ends {
		p, err := addrLit(lit{tok: e.vals[i].tok}, ref)
		if err != nil {
			return nil, err
		}
		if !p.IsSingleIP() {
			return nil, errAt(e.vals[i].tok, "use IN for a CIDR", "BETWEEN needs addresses, not CIDRs")
		}
		ends[i] = p.Addr()
	}
	if ends[0].Is4() != ends[1].Is4() {
		return nil, errAt(e.vals[1].tok, "", "BETWEEN mixes IPv4 and IPv6")
	}
	var b ipSetBuilder
	if ends[0].Compare(ends[1]) <= 0 {
		b.addRange(ends[0], ends[1])
	}
	set := b.build()
	operand := ends[0].String() + " and " + ends[1].String()
	return func(f flowlog.Field) node {
		return &addrSet{f: f, set: set, out: out, op: "between", operand: operand}
	}, nil
}
