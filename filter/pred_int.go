package filter

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// intRange tests an integer, time or enum field against [lo, hi]: inside
// it (out=false) or outside it (out=true). It covers =, !=, <, <=, >, >=,
// BETWEEN and NOT BETWEEN. A null field makes it false either way.
type intRange struct {
	f      flowlog.Field
	lo, hi int64
	out    bool
}

func (n *intRange) match(r *flowlog.Record) bool {
	v, ok := r.Int(n.f)
	return ok && (v >= n.lo && v <= n.hi) != n.out
}

func (n *intRange) addFields(s *flowlog.FieldSet) { s.Add(n.f) }
func (n *intRange) cost() int                     { return 2 }

func (n *intRange) bounds(f flowlog.Field) (int64, int64, bool) {
	if f != n.f || n.out {
		return 0, 0, false
	}
	return n.lo, n.hi, true
}

// values of an enum range: the words of its codes.
func (n *intRange) values(f flowlog.Field) ([]string, bool) {
	if f != n.f || n.out || f.Kind() != flowlog.KindEnum {
		return nil, false
	}
	if n.lo > n.hi {
		return nil, true // never TRUE
	}
	if n.lo < 1 || n.hi > int64(len(flowlog.EnumValues(f))) {
		return nil, false // a code that is no word: the set could not name it
	}
	codes := make([]int64, 0, n.hi-n.lo+1)
	for c := n.lo; c <= n.hi; c++ {
		codes = append(codes, c)
	}
	return enumWords(f, codes)
}

func (n *intRange) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	lo, hi := n.lo, n.hi
	switch {
	case lo == hi && !n.out:
		b = append(b, " = "...)
		return appendIntLit(b, n.f, lo)
	case lo == hi:
		b = append(b, " != "...)
		return appendIntLit(b, n.f, lo)
	case lo == math.MinInt64 && !n.out:
		// Times read best as half-open windows ("end" < '2026-01-16'); a
		// negative bound must be written "< 0", as literals are never
		// negative.
		if hi < 0 || n.f.Kind() == flowlog.KindTime {
			b = append(b, " < "...)
			return appendIntLit(b, n.f, hi+1)
		}
		b = append(b, " <= "...)
		return appendIntLit(b, n.f, hi)
	case hi == math.MaxInt64 && !n.out:
		b = append(b, " >= "...)
		return appendIntLit(b, n.f, lo)
	}
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " between "...)
	b = appendIntLit(b, n.f, lo)
	b = append(b, " and "...)
	return appendIntLit(b, n.f, hi)
}

// newIntRange builds an intRange, turning a half-open "outside" test into
// the equivalent "inside" one (NOT x < 5 is x >= 5, both UNKNOWN on null),
// so that each test has one canonical form.
func newIntRange(f flowlog.Field, lo, hi int64, out bool) *intRange {
	switch {
	case out && lo == math.MinInt64 && hi == math.MaxInt64:
		return &intRange{f: f, lo: 1, hi: 0} // outside everything: never
	case out && lo == math.MinInt64:
		return &intRange{f: f, lo: hi + 1, hi: math.MaxInt64}
	case out && hi == math.MaxInt64:
		return &intRange{f: f, lo: math.MinInt64, hi: lo - 1}
	}
	return &intRange{f: f, lo: lo, hi: hi, out: out}
}

// intSet tests membership of an integer, time or enum field in a sorted
// set of values (IN / NOT IN).
type intSet struct {
	f    flowlog.Field
	vals []int64 // sorted, distinct
	out  bool
}

// linearMax is the set size up to which a linear scan beats binary search
// on this machine (see BenchmarkIntSet).
const linearMax = 16

func (n *intSet) match(r *flowlog.Record) bool {
	v, ok := r.Int(n.f)
	if !ok {
		return false
	}
	return n.has(v) != n.out
}

func (n *intSet) has(v int64) bool {
	if len(n.vals) <= linearMax {
		for _, x := range n.vals {
			if x == v {
				return true
			}
		}
		return false
	}
	_, found := slices.BinarySearch(n.vals, v)
	return found
}

func (n *intSet) addFields(s *flowlog.FieldSet) { s.Add(n.f) }
func (n *intSet) cost() int                     { return 3 }

func (n *intSet) bounds(f flowlog.Field) (int64, int64, bool) {
	if f != n.f || n.out {
		return 0, 0, false
	}
	return n.vals[0], n.vals[len(n.vals)-1], true
}

// values of an enum set: the words of its codes.
func (n *intSet) values(f flowlog.Field) ([]string, bool) {
	if f != n.f || n.out || f.Kind() != flowlog.KindEnum {
		return nil, false
	}
	return enumWords(f, n.vals)
}

// enumWords returns the sorted words of codes of enum field f, or
// ok=false if a code is no word (compiled literals are always words, but
// a set that could not name a code would not be sound).
func enumWords(f flowlog.Field, codes []int64) ([]string, bool) {
	words := make([]string, len(codes))
	for i, c := range codes {
		if words[i] = flowlog.EnumWord(f, c); words[i] == "" {
			return nil, false
		}
	}
	slices.Sort(words)
	return slices.Compact(words), true
}

func (n *intSet) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " in ("...)
	for i, v := range n.vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendIntLit(b, n.f, v)
	}
	return append(b, ')')
}

// newIntSet builds the node for f IN vals, using an intRange for a single
// value.
func newIntSet(f flowlog.Field, vals []int64, out bool) node {
	vals = slices.Clone(vals)
	slices.Sort(vals)
	vals = slices.Compact(vals)
	if len(vals) == 1 {
		return newIntRange(f, vals[0], vals[0], out)
	}
	return &intSet{f: f, vals: vals, out: out}
}

// intHas tests that every bit of mask is set (HAS) or not every bit is
// (NOT HAS).
type intHas struct {
	f    flowlog.Field
	mask int64
	out  bool
}

func (n *intHas) match(r *flowlog.Record) bool {
	v, ok := r.Int(n.f)
	return ok && (v&n.mask == n.mask) != n.out
}

func (n *intHas) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *intHas) cost() int                                 { return 2 }
func (n *intHas) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }
func (n *intHas) values(flowlog.Field) ([]string, bool)     { return nil, false }

func (n *intHas) appendTo(b []byte) []byte {
	b = appendField(b, n.f)
	if n.out {
		b = append(b, " not"...)
	}
	b = append(b, " has "...)
	if n.f != flowlog.TCPFlags || n.mask == 0 {
		return strconv.AppendInt(b, n.mask, 10)
	}
	if n.mask&(n.mask-1) == 0 {
		return append(b, tcpFlagName(n.mask)...)
	}
	b = append(b, '(')
	first := true
	for bit := int64(1); bit <= 128; bit <<= 1 {
		if n.mask&bit != 0 {
			if !first {
				b = append(b, ", "...)
			}
			b = append(b, tcpFlagName(bit)...)
			first = false
		}
	}
	return append(b, ')')
}

// isNull tests IS NULL (or IS NOT NULL): the field is "-" or absent from
// the record's format. It is never unknown.
type isNull struct {
	f   flowlog.Field
	col string // the name of a derived field, "" for AWS's
	out bool
}

func (n *isNull) match(r *flowlog.Record) bool  { return r.IsNull(n.f) != n.out }
func (n *isNull) addFields(s *flowlog.FieldSet) { s.Add(n.f) }
func (n *isNull) cost() int                     { return 1 + derivedCost(n.f) }
func (n *isNull) bounds(flowlog.Field) (int64, int64, bool) {
	return 0, 0, false
}

// values of IS NULL: none, as Values describes non-null values only.
func (n *isNull) values(flowlog.Field) ([]string, bool) { return nil, false }

func (n *isNull) appendTo(b []byte) []byte {
	b = appendCol(b, n.f, n.col)
	if n.out {
		return append(b, " is not null"...)
	}
	return append(b, " is null"...)
}

// appendField writes the Athena column name of f; "end" is quoted, as
// Athena requires.
func appendField(b []byte, f flowlog.Field) []byte {
	if f == flowlog.End {
		return append(b, `"end"`...)
	}
	return append(b, f.Column()...)
}

// appendCol writes the name of f: col for a derived field (the compiler
// gives it from its Schema), else the Athena column name.
func appendCol(b []byte, f flowlog.Field, col string) []byte {
	if col != "" {
		return append(b, col...)
	}
	return appendField(b, f)
}

// appendIntLit writes v as a literal of f: a word for enums, an RFC 3339
// UTC time for start and end, a decimal number otherwise.
func appendIntLit(b []byte, f flowlog.Field, v int64) []byte {
	switch f.Kind() {
	case flowlog.KindEnum:
		if w := flowlog.EnumWord(f, v); w != "" {
			return append(b, w...)
		}
	case flowlog.KindTime:
		b = append(b, '\'')
		b = time.Unix(v, 0).UTC().AppendFormat(b, time.RFC3339)
		return append(b, '\'')
	}
	return strconv.AppendInt(b, v, 10)
}
