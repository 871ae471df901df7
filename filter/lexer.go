package filter

import (
	"strings"
	"unicode/utf8"
)

// lexer splits a filter into tokens, synchronously, like go/scanner: each
// call to next returns the following token with its byte offset.
type lexer struct {
	src string
	pos int
}

// isWordByte reports whether c can appear in a bare word. Words hold field
// names (log-status), numbers, addresses and CIDRs (2001:db8::/32), dates
// (2026-01-15, 2026-01-15T09:00:00+09:00), identifiers (eni-0a1b, arn:aws:...)
// and LIKE patterns (10.117.%).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == ':' || c == '/' || c == '-' || c == '%' || c == '+'
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skip moves past blanks and SQL line comments (-- to end of line).
func (l *lexer) skip() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case isBlank(c):
			l.pos++
		case c == '-' && strings.HasPrefix(l.src[l.pos:], "--"):
			nl := strings.IndexByte(l.src[l.pos:], '\n')
			if nl < 0 {
				l.pos = len(l.src)
			} else {
				l.pos += nl + 1
			}
		default:
			return
		}
	}
}

// next returns the next token; at the end it returns tEOF forever. Errors
// (an unterminated string) are returned with the token position.
func (l *lexer) next() (token, *Error) {
	l.skip()
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tEOF, pos: start, end: start}, nil
	}
	c := l.src[start]
	if isWordByte(c) {
		for l.pos < len(l.src) && isWordByte(l.src[l.pos]) {
			l.pos++
		}
		w := l.src[start:l.pos]
		if k, ok := keywords[strings.ToLower(w)]; ok {
			return token{kind: k, pos: start, end: l.pos, text: w}, nil
		}
		return token{kind: tWord, pos: start, end: l.pos, text: w}, nil
	}
	if c == '\'' || c == '"' {
		return l.quoted(c)
	}
	l.pos++
	two := ""
	if l.pos < len(l.src) {
		two = l.src[start : l.pos+1]
	}
	tok := func(k tokKind, n int) (token, *Error) {
		l.pos = start + n
		return token{kind: k, pos: start, end: l.pos, text: l.src[start:l.pos]}, nil
	}
	switch two {
	case "==":
		return tok(tEq, 2)
	case "!=", "<>":
		return tok(tNe, 2)
	case "<=":
		return tok(tLe, 2)
	case ">=":
		return tok(tGe, 2)
	case "&&":
		return tok(tAnd, 2)
	case "||":
		return tok(tOr, 2)
	}
	if c == ';' && strings.TrimSpace(l.src[l.pos:]) == "" {
		// The semicolon that ends a pasted statement ends the filter.
		l.pos = len(l.src)
		return token{kind: tEOF, pos: start, end: start}, nil
	}
	switch c {
	case '(':
		return tok(tLParen, 1)
	case ')':
		return tok(tRParen, 1)
	case ',':
		return tok(tComma, 1)
	case '@':
		return tok(tAt, 1)
	case '=':
		return tok(tEq, 1)
	case '<':
		return tok(tLt, 1)
	case '>':
		return tok(tGt, 1)
	case '!':
		return tok(tNot, 1)
	}
	_, size := utf8.DecodeRuneInString(l.src[start:])
	l.pos = start + size
	return token{kind: tIllegal, pos: start, end: l.pos, text: l.src[start:l.pos]}, nil
}

// quoted lexes a string in quote q; a doubled quote stands for one quote
// character, as in SQL ('it”s').
func (l *lexer) quoted(q byte) (token, *Error) {
	start := l.pos
	var b strings.Builder
	i := start + 1
	for i < len(l.src) {
		c := l.src[i]
		if c == q {
			if i+1 < len(l.src) && l.src[i+1] == q {
				b.WriteByte(q)
				i += 2
				continue
			}
			l.pos = i + 1
			return token{kind: tString, pos: start, end: l.pos, text: b.String(), quote: q}, nil
		}
		b.WriteByte(c)
		i++
	}
	l.pos = len(l.src)
	return token{}, &Error{Pos: start, Msg: "unterminated string",
		Hint: "close it with " + string(q) + "; write " + string(q) + string(q) + " for a quote inside"}
}
