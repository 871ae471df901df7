package filter

import (
	"slices"

	"github.com/flowq/flowq/flowlog"
)

// textEq compares a string or tag field with a value, case-sensitively as
// Athena does.
type textEq struct {
	f   flowlog.Field
	col string // the name of a derived field, "" for AWS's
	s   string
	out bool
}

func (n *textEq) match(r *flowlog.Record) bool {
	t := r.Text(n.f)
	return t != nil && (string(t) == n.s) != n.out
}

func (n *textEq) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *textEq) cost() int                                 { return 4 + derivedCost(n.f) }
func (n *textEq) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }

func (n *textEq) values(f flowlog.Field) ([]string, bool) {
	if f != n.f || n.out {
		return nil, false
	}
	return []string{n.s}, true
}

func (n *textEq) appendTo(b []byte) []byte {
	b = appendCol(b, n.f, n.col)
	if n.out {
		b = append(b, " != "...)
	} else {
		b = append(b, " = "...)
	}
	return appendQuoted(b, n.s)
}

// textSet tests membership of a string field in a sorted set.
type textSet struct {
	f    flowlog.Field
	col  string
	vals []string // sorted, distinct
	out  bool
}

func newTextSet(f flowlog.Field, col string, vals []string, out bool) node {
	vals = slices.Clone(vals)
	slices.Sort(vals)
	vals = slices.Compact(vals)
	if len(vals) == 1 {
		return &textEq{f: f, col: col, s: vals[0], out: out}
	}
	return &textSet{f: f, col: col, vals: vals, out: out}
}

func (n *textSet) match(r *flowlog.Record) bool {
	t := r.Text(n.f)
	if t == nil {
		return false
	}
	return n.has(t) != n.out
}

func (n *textSet) has(t []byte) bool {
	i, j := 0, len(n.vals)
	for i < j {
		h := int(uint(i+j) >> 1)
		if n.vals[h] < string(t) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i < len(n.vals) && n.vals[i] == string(t)
}

func (n *textSet) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *textSet) cost() int                                 { return 6 + derivedCost(n.f) }
func (n *textSet) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }

func (n *textSet) values(f flowlog.Field) ([]string, bool) {
	if f != n.f || n.out {
		return nil, false
	}
	return n.vals, true
}

func (n *textSet) appendTo(b []byte) []byte {
	b = appendCol(b, n.f, n.col)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " in ("...)
	for i, v := range n.vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendQuoted(b, v)
	}
	return append(b, ')')
}

// textLike matches a string or tag field against a LIKE pattern.
type textLike struct {
	f   flowlog.Field
	col string
	pat likePattern
	out bool
}

func (n *textLike) match(r *flowlog.Record) bool {
	t := r.Text(n.f)
	return t != nil && n.pat.match(t) != n.out
}

func (n *textLike) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *textLike) cost() int                                 { return 8 + derivedCost(n.f) }
func (n *textLike) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }

// values of LIKE: the pattern itself if it has no wildcard (it is then
// an equality test), else nothing.
func (n *textLike) values(f flowlog.Field) ([]string, bool) {
	if f != n.f || n.out || n.pat.kind != likeExact {
		return nil, false
	}
	return []string{n.pat.lit}, true
}

func (n *textLike) appendTo(b []byte) []byte {
	b = appendCol(b, n.f, n.col)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " like "...)
	return appendQuoted(b, n.pat.src)
}

// derivedCost is what reading a derived field adds to a test's cost: the
// lookup behind it (an enrichment table, a time conversion) runs when the
// test first reads it, so ANDs and ORs test AWS's own fields first.
func derivedCost(f flowlog.Field) int {
	if f >= flowlog.NumFields {
		return 20
	}
	return 0
}
