package filter

import "strings"

// maxNesting bounds parentheses and NOT chains, as go/parser's maxNestLev
// does: filters are user-typed and recursion must not exhaust the stack.
// The parser recurses only through parseUnary, so that is where the depth
// is counted. An AND or OR chain is one n-ary node whatever its length (a
// flat chain is not nesting), so the syntax tree is at most three levels
// (OR, AND, unary) per counted level deep, and so are the compiler's
// recursion and the compiled tree.
const maxNesting = 100

// parser is a recursive-descent parser over the lexer's tokens with one
// token of lookahead. Precedence, loosest first: OR, AND, NOT, predicate.
type parser struct {
	lex   lexer
	tok   token
	depth int
}

// parse parses src into a syntax tree. An empty (or blank) filter is TRUE.
func parse(src string) (expr, *Error) {
	p := &parser{lex: lexer{src: src}}
	e, err := p.parseAll()
	if err != nil {
		err.Src = src
		return nil, err
	}
	return e, nil
}

func (p *parser) parseAll() (expr, *Error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.skipWhere(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return &boolLit{val: true}, nil
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		return nil, errAt(p.tok, "remove it, or add the matching \"(\" before", "unbalanced \")\"")
	}
	if p.tok.kind != tEOF {
		return nil, errAt(p.tok, clauseHint(p.tok, "join tests with AND or OR"), "unexpected %s after a complete test", p.tok.describe())
	}
	return e, nil
}

// skipWhere accepts the WHERE that a clause pasted from Athena starts
// with, and points a whole SELECT statement at the flags that do its parts.
func (p *parser) skipWhere() *Error {
	if p.tok.kind != tWord {
		return nil
	}
	switch strings.ToLower(p.tok.text) {
	case "where":
		return p.advance()
	case "select":
		return errAt(p.tok, "write only what follows WHERE; the columns are --fields, GROUP BY is -g, ORDER BY is --sort and LIMIT is --limit",
			"flowq takes the WHERE clause of a query, not a SELECT statement")
	}
	return nil
}

// clauseHint points the SQL clauses that may follow a WHERE clause at the
// flags that do them; other tokens get hint.
func clauseHint(t token, hint string) string {
	if t.kind != tWord {
		return hint
	}
	switch strings.ToLower(t.text) {
	case "limit":
		return "LIMIT is the --limit flag: --limit 10"
	case "order":
		return "ORDER BY is --sort, for groups (-g); records come in object and line order"
	case "group":
		return "GROUP BY is the -g flag: -g srcaddr"
	}
	return hint
}

func (p *parser) advance() *Error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	if t.kind == tIllegal {
		return errAt(t, "quote values that contain special characters", "unexpected character %q", t.text)
	}
	return nil
}

// parseOr parses a chain of ORs of AND chains.
func (p *parser) parseOr() (expr, *Error) { return p.parseChain(tOr, p.parseAnd) }

// parseAnd parses a chain of ANDs of unary tests.
func (p *parser) parseAnd() (expr, *Error) { return p.parseChain(tAnd, p.parseUnary) }

// parseChain parses operand {op operand}. As go/parser does for binary
// expressions, it reads the operands in a loop, not by recursion, but it
// collects them into one n-ary node instead of a left-deep tree, so that
// neither the tree nor the compiler's recursion deepens with the length
// of the chain (and a chain of n terms is simplified once, not n times).
func (p *parser) parseChain(op tokKind, operand func() (expr, *Error)) (expr, *Error) {
	x, err := operand()
	if err != nil || p.tok.kind != op {
		return x, err
	}
	e := &chainExpr{op: op, xs: []expr{x}, p: p.tok.pos}
	for p.tok.kind == op {
		if err := p.advance(); err != nil {
			return nil, err
		}
		y, err := operand()
		if err != nil {
			return nil, err
		}
		e.xs = append(e.xs, y)
	}
	return e, nil
}

// parseUnary parses NOT x, ( x ), TRUE, FALSE or a predicate.
func (p *parser) parseUnary() (expr, *Error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return nil, errAt(p.tok, "simplify the filter", "nesting deeper than %d levels", maxNesting)
	}
	t := p.tok
	switch t.kind {
	case tNot:
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &notExpr{x: x, p: t.pos}, nil
	case tLParen:
		return p.parseParen()
	case tTrue, tFalse:
		return &boolLit{val: t.kind == tTrue, p: t.pos}, p.advance()
	case tWord:
		return p.parsePred()
	case tString:
		if t.quote == '"' { // "end": a quoted identifier, as in Athena
			return p.parsePred()
		}
	case tEOF:
		return nil, errAt(t, "", "filter ends where a test was expected")
	}
	return nil, errAt(t, "a test starts with a field name, as in dstport = 443", "expected a field name, found %s", t.describe())
}

func (p *parser) parseParen() (expr, *Error) {
	open := p.tok
	if err := p.advance(); err != nil {
		return nil, err
	}
	x, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tRParen {
		if p.tok.kind == tEOF {
			return nil, errAt(open, "add the missing \")\"", "unbalanced \"(\"")
		}
		return nil, errAt(p.tok, "join tests with AND or OR", "expected \")\", found %s", p.tok.describe())
	}
	return x, p.advance()
}

// parsePred parses the operator and operands that follow a field name.
func (p *parser) parsePred() (expr, *Error) {
	e := &predExpr{field: p.tok}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tNot {
		e.not = true
		if err := p.advance(); err != nil {
			return nil, err
		}
		switch p.tok.kind {
		case tIn, tBetween, tLike, tHas:
		default:
			return nil, errAt(p.tok, "", "expected IN, BETWEEN, LIKE or HAS after NOT, found %s", p.tok.describe())
		}
	}
	e.op = p.tok.kind
	var err *Error
	switch e.op {
	case tEq, tNe, tLt, tLe, tGt, tGe, tLike:
		err = p.parseOperands(e, 1)
	case tBetween:
		err = p.parseBetween(e)
	case tIn, tHas:
		err = p.parseList(e)
	case tIs:
		err = p.parseIsNull(e)
	case tLParen:
		return nil, errAt(e.field, "compare a field with a value: start >= '2026-01-14 15:30' rather than from_unixtime(start) >= ...",
			"functions such as %s() are not supported", e.field.text)
	default:
		hint := "compare with =, !=, <, <=, >, >=, IN, BETWEEN, LIKE, IS NULL or HAS"
		return nil, errAt(p.tok, hint, "expected an operator after %s, found %s", e.field.describe(), p.tok.describe())
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}

// parseOperands reads the operator token and n single values.
func (p *parser) parseOperands(e *predExpr, n int) *Error {
	for range n {
		if err := p.advance(); err != nil {
			return err
		}
		v, err := p.parseValue(false)
		if err != nil {
			return err
		}
		e.vals = append(e.vals, v)
	}
	return p.advance()
}

func (p *parser) parseBetween(e *predExpr) *Error {
	if err := p.parseOperands(e, 1); err != nil {
		return err
	}
	if p.tok.kind != tAnd || p.tok.text == "&&" {
		return errAt(p.tok, "write x BETWEEN low AND high", "expected AND in BETWEEN, found %s", p.tok.describe())
	}
	return p.parseOperands(e, 1)
}

func (p *parser) parseIsNull(e *predExpr) *Error {
	if err := p.advance(); err != nil {
		return err
	}
	if p.tok.kind == tNot {
		e.not = true
		if err := p.advance(); err != nil {
			return err
		}
	}
	if p.tok.kind != tNull {
		return errAt(p.tok, "write IS NULL or IS NOT NULL", "expected NULL, found %s", p.tok.describe())
	}
	return p.advance()
}

// parseList parses the operand of IN or HAS: one value, @file, or a
// parenthesised, comma-separated list of those.
func (p *parser) parseList(e *predExpr) *Error {
	if err := p.advance(); err != nil {
		return err
	}
	if p.tok.kind != tLParen {
		v, err := p.parseValue(true)
		if err != nil {
			return err
		}
		e.vals = append(e.vals, v)
		return p.advance()
	}
	open := p.tok
	for {
		if err := p.advance(); err != nil {
			return err
		}
		v, err := p.parseValue(true)
		if err != nil {
			return err
		}
		e.vals = append(e.vals, v)
		if err := p.advance(); err != nil {
			return err
		}
		switch p.tok.kind {
		case tComma:
			continue
		case tRParen:
			return p.advance()
		case tEOF:
			return errAt(open, "add the missing \")\"", "unbalanced \"(\"")
		}
		return errAt(p.tok, "separate list items with commas", "expected \",\" or \")\" in list, found %s", p.tok.describe())
	}
}

// parseValue checks that the current token is a literal (or @file if
// files is set) and returns it without advancing past it.
func (p *parser) parseValue(files bool) (value, *Error) {
	t := p.tok
	switch t.kind {
	case tWord, tString:
		return value{tok: t}, nil
	case tAt:
		if !files {
			return value{}, errAt(t, "", "@file lists are allowed only after IN")
		}
		if err := p.advance(); err != nil {
			return value{}, err
		}
		if p.tok.kind != tWord && p.tok.kind != tString {
			return value{}, errAt(p.tok, "write IN @path/to/list.txt or IN @'path with spaces.txt'", "expected a file name after @")
		}
		return value{tok: p.tok, file: true}, nil
	case tNull:
		return value{}, errAt(t, "use IS NULL or IS NOT NULL", "comparison with NULL is never true")
	case tTrue, tFalse:
		return value{tok: token{kind: tWord, pos: t.pos, end: t.end, text: t.text}}, nil
	case tEOF:
		return value{}, errAt(t, "", "filter ends where a value was expected")
	}
	return value{}, errAt(t, "quote values that contain special characters", "expected a value, found %s", t.describe())
}
