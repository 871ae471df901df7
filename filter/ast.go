package filter

import "strings"

// expr is a node of the syntax tree, as parsed, before names and literals
// are resolved. Its String form is fully parenthesised, which makes parser
// tests exact.
type expr interface {
	pos() int
	appendTo(b []byte) []byte
}

// chainExpr is x1 AND x2 AND ... or x1 OR x2 OR ...: the operands of a
// chain of one operator, however long, are one node, so the depth of the
// tree does not grow with the length of a chain.
type chainExpr struct {
	op tokKind // tAnd or tOr
	xs []expr  // two or more
	p  int     // offset of the first operator
}

// notExpr is NOT x.
type notExpr struct {
	x expr
	p int
}

// boolLit is TRUE or FALSE.
type boolLit struct {
	val bool
	p   int
}

// predExpr is a test of one field: field op vals.
type predExpr struct {
	field token
	op    tokKind // tEq..tGe, tIn, tBetween, tLike, tIs (IS NULL), tHas
	not   bool    // NOT IN, NOT BETWEEN, NOT LIKE, IS NOT NULL, NOT HAS
	vals  []value
}

// value is one literal operand; file marks @name (a list file).
type value struct {
	tok  token
	file bool
}

func (e *chainExpr) pos() int { return e.p }
func (e *notExpr) pos() int   { return e.p }
func (e *boolLit) pos() int   { return e.p }
func (e *predExpr) pos() int  { return e.field.pos }

func (e *chainExpr) appendTo(b []byte) []byte {
	b = append(b, '(')
	for i, x := range e.xs {
		if i > 0 {
			b = append(b, ' ')
			b = append(b, e.op.String()...)
			b = append(b, ' ')
		}
		b = x.appendTo(b)
	}
	return append(b, ')')
}

func (e *notExpr) appendTo(b []byte) []byte {
	b = append(b, "not "...)
	return e.x.appendTo(b)
}

func (e *boolLit) appendTo(b []byte) []byte {
	if e.val {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

func (e *predExpr) appendTo(b []byte) []byte {
	b = append(b, e.field.text...)
	b = append(b, ' ')
	if e.op == tIs {
		b = append(b, "is "...)
		if e.not {
			b = append(b, "not "...)
		}
		return append(b, "null"...)
	}
	if e.not {
		b = append(b, "not "...)
	}
	b = append(b, e.op.String()...)
	b = append(b, ' ')
	switch e.op {
	case tBetween:
		b = e.vals[0].appendTo(b)
		b = append(b, " and "...)
		return e.vals[1].appendTo(b)
	case tIn, tHas:
		b = append(b, '(')
		for i, v := range e.vals {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = v.appendTo(b)
		}
		return append(b, ')')
	}
	return e.vals[0].appendTo(b)
}

func (v value) appendTo(b []byte) []byte {
	if v.file {
		b = append(b, '@')
		return appendQuoted(b, v.tok.text)
	}
	if v.tok.kind == tString {
		return appendQuoted(b, v.tok.text)
	}
	return append(b, v.tok.text...)
}

// appendQuoted appends s in single quotes, doubling quotes inside.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '\'')
	b = append(b, strings.ReplaceAll(s, "'", "''")...)
	return append(b, '\'')
}

func exprString(e expr) string { return string(e.appendTo(nil)) }
