package filter

import (
	"math"
	"strings"

	"github.com/flowq/flowq/flowlog"
)

// compiler turns a syntax tree into nodes: it resolves field names,
// parses literals for the field's kind, pushes NOT into the leaves and
// simplifies AND/OR as it builds them.
type compiler struct {
	opts  Options
	files map[string][]listEntry // list files read so far, by name
}

// fieldRef is a resolved field name: one field, two for the either-side
// names (addr, port, pkt_addr), or End for day.
type fieldRef struct {
	name   string
	tok    token
	fields []flowlog.Field
	day    bool
}

// pseudoFields are the names that are not registry fields; read-only.
var pseudoFields = map[string][]flowlog.Field{
	"addr":     {flowlog.SrcAddr, flowlog.DstAddr},
	"port":     {flowlog.SrcPort, flowlog.DstPort},
	"pkt_addr": {flowlog.PktSrcAddr, flowlog.PktDstAddr},
	"pkt-addr": {flowlog.PktSrcAddr, flowlog.PktDstAddr},
	"day":      {flowlog.End},
	"date":     {flowlog.End},
}

// legacyNames are the column names of AWS's first Athena table for flow
// logs (and of its CloudWatch metric-filter examples), which people still
// paste: each means one field unambiguously. Read-only.
var legacyNames = map[string]flowlog.Field{
	"sourceaddress": flowlog.SrcAddr, "destinationaddress": flowlog.DstAddr,
	"sourceport": flowlog.SrcPort, "destinationport": flowlog.DstPort,
	"numpackets": flowlog.Packets, "numbytes": flowlog.Bytes,
	"starttime": flowlog.Start, "endtime": flowlog.End,
	"interfaceid": flowlog.InterfaceID, "accountid": flowlog.AccountID, "logstatus": flowlog.LogStatus,
	"src_addr": flowlog.SrcAddr, "dst_addr": flowlog.DstAddr,
	"src_port": flowlog.SrcPort, "dst_port": flowlog.DstPort,
}

// synonyms are names from other tools that are close to a field but not
// accepted (an "IP" is an address here), for hints. Read-only.
var synonyms = map[string]string{
	"src_ip": "srcaddr", "source_ip": "srcaddr", "sourceip": "srcaddr", "srcip": "srcaddr",
	"dst_ip": "dstaddr", "dest_ip": "dstaddr", "destination_ip": "dstaddr", "dstip": "dstaddr",
	"ip": "addr", "ip_address": "addr", "dest_port": "dstport", "eni": "interface_id",
}

func (c *compiler) compile(e expr, neg bool) (node, *Error) {
	switch e := e.(type) {
	case *boolLit:
		return constNode(e.val != neg), nil
	case *notExpr:
		return c.compile(e.x, !neg)
	case *chainExpr:
		return c.compileChain(e, neg)
	case *predExpr:
		return c.compilePred(e, neg)
	}
	return nil, &Error{Pos: e.pos(), Msg: "internal error: unknown syntax node"}
}

// compileChain compiles the operands of an AND or OR chain and simplifies
// them in one call, so a chain of n terms costs O(n log n).
func (c *compiler) compileChain(e *chainExpr, neg bool) (node, *Error) {
	kids := make([]node, len(e.xs))
	for i, x := range e.xs {
		k, err := c.compile(x, neg)
		if err != nil {
			return nil, err
		}
		kids[i] = k
	}
	if (e.op == tAnd) != neg { // De Morgan under NOT
		return newAnd(kids...), nil
	}
	return newOr(kids...), nil
}

func (c *compiler) resolve(t token) (fieldRef, *Error) {
	name := strings.ToLower(t.text)
	if fs, ok := pseudoFields[name]; ok {
		return fieldRef{name: t.text, tok: t, fields: fs, day: name == "day" || name == "date"}, nil
	}
	if f, ok := c.opts.Schema.Lookup(name); ok {
		return fieldRef{name: t.text, tok: t, fields: []flowlog.Field{f}}, nil
	}
	if f, ok := legacyNames[name]; ok {
		return fieldRef{name: f.Column(), tok: t, fields: []flowlog.Field{f}}, nil
	}
	hint := ""
	if _, isNum := parseUint(name); isNum || strings.ContainsAny(name, ".:") {
		return fieldRef{}, errAt(t, "write the field first, as in dstport = 443", "expected a field name, found %s", t.describe())
	}
	if s, ok := synonyms[name]; ok {
		hint = "did you mean " + s + "?"
	} else if s := closest(name, c.fieldNames()); s != "" {
		hint = "did you mean " + s + "?"
	}
	return fieldRef{}, errAt(t, hint, "unknown field %q", t.text)
}

// derivedName is the name of f if it is a derived field, else "".
func (c *compiler) derivedName(f flowlog.Field) string {
	if f < flowlog.NumFields {
		return ""
	}
	return c.opts.Schema.Name(f)
}

// fieldNames lists every name a filter can use, for suggestions.
func (c *compiler) fieldNames() []string {
	var names []string
	for _, f := range flowlog.Fields() {
		names = append(names, f.Column(), f.String())
	}
	for _, f := range c.opts.Schema.Derived() {
		names = append(names, c.opts.Schema.Name(f))
	}
	for n := range pseudoFields {
		names = append(names, n)
	}
	return names
}

// compilePred compiles one test. neg says it sits under an odd number of
// NOTs; the leaves absorb it.
func (c *compiler) compilePred(e *predExpr, neg bool) (node, *Error) {
	ref, err := c.resolve(e.field)
	if err != nil {
		return nil, err
	}
	op, out := e.op, e.not
	if op == tNe {
		op, out = tEq, true
	}
	out = out != neg
	var mk func(flowlog.Field) node
	switch {
	case op == tIs:
		mk = func(f flowlog.Field) node { return &isNull{f: f, col: c.derivedName(f), out: out} }
	case ref.day:
		return c.dayPred(e, ref, op, out)
	default:
		switch ref.fields[0].Kind() {
		case flowlog.KindInt, flowlog.KindTime, flowlog.KindEnum:
			mk, err = c.intPred(e, ref, op, out)
		case flowlog.KindAddr:
			mk, err = c.addrPred(e, ref, op, out)
		default:
			mk, err = c.textPred(e, ref, op, out)
			if err == nil && c.opts.Schema.IsList(ref.fields[0]) {
				mk = listPred(mk, out)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return combine(ref, out, mk), nil
}

// combine builds the leaf for each field of ref. For the either-side
// names a positive test holds if it holds on either side (OR) and a
// negated one if it holds on neither (AND of the negated leaves), which is
// exactly NOT applied to the OR under three-valued logic.
func combine(ref fieldRef, out bool, mk func(flowlog.Field) node) node {
	if len(ref.fields) == 1 {
		return mk(ref.fields[0])
	}
	kids := make([]node, len(ref.fields))
	for i, f := range ref.fields {
		kids[i] = mk(f)
	}
	if out {
		return newAnd(kids...)
	}
	return newOr(kids...)
}

func badOp(e *predExpr, ref fieldRef, what, hint string) *Error {
	op := strings.ToUpper(e.op.String())
	if e.op == tNe {
		op = "!="
	}
	return &Error{Pos: e.field.pos, Msg: op + " is not defined for " + what + " field " + ref.name, Hint: hint}
}

// intPred compiles a test of an integer, time or enum field.
func (c *compiler) intPred(e *predExpr, ref fieldRef, op tokKind, out bool) (func(flowlog.Field) node, *Error) {
	f0 := ref.fields[0]
	kind := f0.Kind()
	switch op {
	case tLt, tLe, tGt, tGe:
		if kind == flowlog.KindEnum {
			return nil, badOp(e, ref, "enum", ref.name+" is "+enumList(f0)+"; compare with = or IN")
		}
		fallthrough
	case tEq:
		v, err := c.intLit(lit{tok: e.vals[0].tok}, ref)
		if err != nil {
			return nil, err
		}
		lo, hi := opRange(op, v)
		return func(f flowlog.Field) node { return newIntRange(f, lo, hi, out) }, nil
	case tBetween:
		if kind == flowlog.KindEnum {
			return nil, badOp(e, ref, "enum", ref.name+" is "+enumList(f0)+"; compare with = or IN")
		}
		lo, err := c.intLit(lit{tok: e.vals[0].tok}, ref)
		if err != nil {
			return nil, err
		}
		hi, err := c.intLit(lit{tok: e.vals[1].tok}, ref)
		if err != nil {
			return nil, err
		}
		return func(f flowlog.Field) node { return newIntRange(f, lo, hi, out) }, nil
	case tIn:
		vals, err := c.intList(e, ref)
		if err != nil {
			return nil, err
		}
		return func(f flowlog.Field) node { return newIntSet(f, vals, out) }, nil
	case tHas:
		return c.hasPred(e, ref, out)
	case tLike:
		if kind == flowlog.KindEnum {
			return c.enumLike(e, ref, out)
		}
		return nil, badOp(e, ref, kind.String(), "LIKE works on text and address fields")
	}
	return nil, badOp(e, ref, kind.String(), "")
}

// opRange returns the interval a comparison with v accepts.
func opRange(op tokKind, v int64) (lo, hi int64) {
	switch op {
	case tLt:
		return math.MinInt64, v - 1
	case tLe:
		return math.MinInt64, v
	case tGt:
		return v + 1, math.MaxInt64
	case tGe:
		return v, math.MaxInt64
	}
	return v, v
}

func (c *compiler) intList(e *predExpr, ref fieldRef) ([]int64, *Error) {
	lits, err := c.expand(e.vals)
	if err != nil {
		return nil, err
	}
	vals := make([]int64, 0, len(lits))
	for _, l := range lits {
		v, err := c.intLit(l, ref)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return nil, errAt(e.vals[0].tok, "", "empty list")
	}
	return vals, nil
}

func (c *compiler) hasPred(e *predExpr, ref fieldRef, out bool) (func(flowlog.Field) node, *Error) {
	if ref.fields[0].Kind() != flowlog.KindInt {
		return nil, badOp(e, ref, ref.fields[0].Kind().String(), "HAS tests bits of tcp_flags, as in tcp_flags HAS syn")
	}
	var mask int64
	for _, v := range e.vals {
		if v.file {
			return nil, errAt(v.tok, "list the flags: tcp_flags HAS (syn, ack)", "HAS takes no list file")
		}
		m, err := c.intLit(lit{tok: v.tok}, ref)
		if err != nil {
			return nil, err
		}
		mask |= m
	}
	return func(f flowlog.Field) node { return &intHas{f: f, mask: mask, out: out} }, nil
}

// enumLike compiles LIKE on an enum field into the set of codes whose word
// matches, so evaluation compares integers.
func (c *compiler) enumLike(e *predExpr, ref fieldRef, out bool) (func(flowlog.Field) node, *Error) {
	f0 := ref.fields[0]
	pat := compileLike(e.vals[0].tok.text)
	var codes []int64
	for i, w := range flowlog.EnumValues(f0) {
		if pat.match([]byte(w)) {
			codes = append(codes, int64(i+1))
		}
	}
	if len(codes) == 0 { // matches no word: never, or (NOT LIKE) any value
		return func(f flowlog.Field) node {
			if out {
				return &isNull{f: f, out: true}
			}
			return constNode(false)
		}, nil
	}
	return func(f flowlog.Field) node { return newIntSet(f, codes, out) }, nil
}

// dayPred compiles a test of day (or date): the UTC date of end, which is
// how AWS partitions S3 objects, so Athena's `day >= '2021/02/01'`
// keeps its meaning.
func (c *compiler) dayPred(e *predExpr, ref fieldRef, op tokKind, out bool) (node, *Error) {
	const day = 86400
	days := make([]int64, 0, len(e.vals))
	lits, err := c.expand(e.vals)
	if err != nil {
		return nil, err
	}
	for _, l := range lits {
		d, ok := parseDay(l.tok.text)
		if !ok {
			return nil, l.errorf("write a date as 2021-02-01 or 2021/02/01", "invalid date %q", l.tok.text)
		}
		days = append(days, d)
	}
	mk := func(lo, hi int64) node { return newIntRange(flowlog.End, lo, hi, out) }
	switch op {
	case tEq:
		return mk(days[0], days[0]+day-1), nil
	case tLt:
		return mk(math.MinInt64, days[0]-1), nil
	case tLe:
		return mk(math.MinInt64, days[0]+day-1), nil
	case tGt:
		return mk(days[0]+day, math.MaxInt64), nil
	case tGe:
		return mk(days[0], math.MaxInt64), nil
	case tBetween:
		return mk(days[0], days[1]+day-1), nil
	case tIn:
		kids := make([]node, len(days))
		for i, d := range days {
			kids[i] = mk(d, d+day-1)
		}
		if out {
			return newAnd(kids...), nil
		}
		return newOr(kids...), nil
	}
	return nil, badOp(e, ref, "date", "compare day with =, <, <=, >, >=, BETWEEN or IN")
}

// textPred compiles a test of a string or tag field.
func (c *compiler) textPred(e *predExpr, ref fieldRef, op tokKind, out bool) (func(flowlog.Field) node, *Error) {
	switch op {
	case tEq:
		s := e.vals[0].tok.text
		return func(f flowlog.Field) node { return &textEq{f: f, col: c.derivedName(f), s: s, out: out} }, nil
	case tIn:
		lits, err := c.expand(e.vals)
		if err != nil {
			return nil, err
		}
		vals := make([]string, len(lits))
		for i, l := range lits {
			vals[i] = l.tok.text
		}
		if len(vals) == 0 {
			return nil, errAt(e.vals[0].tok, "", "empty list")
		}
		return func(f flowlog.Field) node { return newTextSet(f, c.derivedName(f), vals, out) }, nil
	case tLike:
		pat := compileLike(e.vals[0].tok.text)
		return func(f flowlog.Field) node { return &textLike{f: f, col: c.derivedName(f), pat: pat, out: out} }, nil
	}
	return nil, badOp(e, ref, "text", "compare text with =, !=, IN or LIKE")
}
