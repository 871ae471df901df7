package filter

import (
	"strconv"
	"strings"

	"github.com/flowq/flowq/flowlog"
)

// Literal returns bytes that the line of every record f matches holds,
// for flowlog.ReaderOptions.Literal, which lets a Reader pass over the
// lines that lack them unsplit. They come from an equality that the
// filter's AND structure requires: an integer (`dstport = 443`: 443, a
// substring of every token that decodes to 443), an enum word (`action =
// REJECT`: REJECT in either case, as the enum decodes), an IPv4 address
// (`addr = 10.0.0.7`, in the one form the reader decodes to it), the whole
// octets of an IPv4 prefix of at least 16 bits (`srcaddr in 10.1.2.0/24`:
// "10.1.2.") or the value of a string field. Of several, it picks the
// longest, words before numbers, as the one other lines are least likely
// to hold. ok is false when the filter requires none: ranges, IN lists,
// NOT, IPv6 addresses and prefixes (written many ways), tags (escaped),
// derived fields, times (scaled), or an OR whose branches require
// different bytes.
func (f *Filter) Literal() (flowlog.Literal, bool) {
	if f == nil {
		return flowlog.Literal{}, false
	}
	return literalOf(f.root)
}

func literalOf(n node) (flowlog.Literal, bool) {
	switch n := n.(type) {
	case *andNode:
		var best flowlog.Literal
		found := false
		for _, k := range n.kids {
			if l, ok := literalOf(k); ok && (!found || literalScore(l) > literalScore(best)) {
				best, found = l, true
			}
		}
		return best, found
	case *orNode:
		// Every branch must require the same bytes: `addr = X` is an OR
		// of srcaddr and dstaddr, both holding X.
		var all flowlog.Literal
		for i, k := range n.kids {
			l, ok := literalOf(k)
			if !ok || i > 0 && (l.Text != all.Text || l.Fold != all.Fold) {
				return flowlog.Literal{}, false
			}
			all.Text, all.Fold, all.Fields = l.Text, l.Fold, all.Fields.Union(l.Fields)
		}
		return all, len(n.kids) > 0
	case *intRange:
		return n.literal()
	case *addrEq:
		if n.out || !n.a.Is4() {
			return flowlog.Literal{}, false
		}
		return fieldLiteral(n.f, n.a.String(), false)
	case *addrPrefix:
		return n.literal()
	case *textEq:
		if n.out || n.col != "" || n.f.Kind() != flowlog.KindString || n.s == "-" {
			return flowlog.Literal{}, false
		}
		return fieldLiteral(n.f, n.s, false)
	}
	return flowlog.Literal{}, false
}

// literal is the text that every IPv4 address of the prefix starts with
// in the one form the reader decodes: its whole octets, with the dot after
// them ("10.1.2." for 10.1.2.0/24 and for 10.1.2.0/26, the address for a
// /32). A prefix of fewer than two octets gives none: "10." is in nearly
// every line.
func (n *addrPrefix) literal() (flowlog.Literal, bool) {
	if n.out || !n.p.Addr().Is4() || n.p.Bits() < 16 {
		return flowlog.Literal{}, false
	}
	octets := n.p.Addr().As4()
	text := strconv.Itoa(int(octets[0]))
	for i := 1; i < n.p.Bits()/8; i++ {
		text += "." + strconv.Itoa(int(octets[i]))
	}
	if n.p.Bits() < 32 {
		text += "."
	}
	return fieldLiteral(n.f, text, false)
}

// literal is the text of an integer or enum equality.
func (n *intRange) literal() (flowlog.Literal, bool) {
	if n.out || n.lo != n.hi || n.lo < 0 {
		return flowlog.Literal{}, false
	}
	switch n.f.Kind() {
	case flowlog.KindInt:
		return fieldLiteral(n.f, strconv.FormatInt(n.lo, 10), false)
	case flowlog.KindEnum:
		if words, ok := n.values(n.f); ok && len(words) == 1 {
			return fieldLiteral(n.f, words[0], true)
		}
	}
	return flowlog.Literal{}, false
}

// fieldLiteral is text as the literal of field f, if it can be one: a
// single byte is in nearly every line, and no use.
func fieldLiteral(f flowlog.Field, text string, fold bool) (flowlog.Literal, bool) {
	if len(text) < 2 || strings.ContainsFunc(text, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		return flowlog.Literal{}, false
	}
	l := flowlog.Literal{Text: text, Fold: fold}
	l.Fields.Add(f)
	return l, true
}

// literalScore ranks literals by how rare their bytes are likely to be in
// other lines: flow logs are mostly digits, so a word beats a number.
func literalScore(l flowlog.Literal) int {
	score := len(l.Text)
	if strings.ContainsFunc(l.Text, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }) {
		score += 16
	}
	return score
}
