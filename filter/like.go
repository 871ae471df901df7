package filter

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// likeKind selects the matcher a LIKE pattern compiles to: most patterns
// are a literal with a % at one or both ends and need no backtracking.
type likeKind uint8

const (
	likeExact    likeKind = iota // no wildcard
	likePrefix                   // lit%
	likeSuffix                   // %lit
	likeContains                 // %lit%
	likeGeneral                  // anything else: backtracking matcher
)

// likePattern is a compiled SQL LIKE pattern: % matches any run of
// characters, _ exactly one character. There is no escape character.
type likePattern struct {
	src  string
	kind likeKind
	lit  string
	litb []byte // lit, for bytes.Contains without a conversion per call
}

func compileLike(src string) likePattern {
	p := likePattern{src: src, kind: likeGeneral}
	inner := strings.Trim(src, "%")
	if strings.ContainsAny(inner, "%_") {
		return p
	}
	lead, trail := strings.HasPrefix(src, "%"), strings.HasSuffix(src, "%")
	p.lit, p.litb = inner, []byte(inner)
	switch {
	case lead && trail:
		p.kind = likeContains
	case lead:
		p.kind = likeSuffix
	case trail:
		p.kind = likePrefix
	default:
		p.kind = likeExact
	}
	if strings.HasPrefix(src, "%%") || strings.HasSuffix(src, "%%") {
		p.kind = likeGeneral // keep the simple forms canonical; %% is rare
		if inner == "" {
			p.kind = likeContains
		}
	}
	return p
}

func (p *likePattern) match(s []byte) bool {
	switch p.kind {
	case likeExact:
		return string(s) == p.lit
	case likePrefix:
		return len(s) >= len(p.lit) && string(s[:len(p.lit)]) == p.lit
	case likeSuffix:
		return len(s) >= len(p.lit) && string(s[len(s)-len(p.lit):]) == p.lit
	case likeContains:
		return bytes.Contains(s, p.litb)
	}
	return likeMatch(p.src, s)
}

// likeMatch is the general matcher: a linear scan that backtracks only to
// the last %, so it runs in O(len(pat)·len(s)) at worst.
func likeMatch(pat string, s []byte) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(pat) {
			switch c := pat[pi]; {
			case c == '%':
				starP, starS = pi, si
				pi++
				continue
			case c == '_':
				_, n := utf8.DecodeRune(s[si:])
				pi, si = pi+1, si+n
				continue
			case c == s[si]:
				pi, si = pi+1, si+1
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, n := utf8.DecodeRune(s[starS:])
		starS += n
		pi, si = starP+1, starS
	}
	for pi < len(pat) && pat[pi] == '%' {
		pi++
	}
	return pi == len(pat)
}
