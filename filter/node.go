package filter

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/flowq/flowq/flowlog"
)

// node is a compiled, immutable predicate. Negation has been pushed into
// the leaves at compile time (De Morgan, with each leaf knowing its own
// SQL negation), so the tree holds only AND, OR and leaves, and a record
// matches exactly when the tree is TRUE under three-valued logic: a leaf
// on a null field is UNKNOWN, which no AND or OR can turn into TRUE, so
// each leaf just reports false for it.
type node interface {
	// match reports whether the node is TRUE for r. It must not allocate.
	match(r *flowlog.Record) bool
	// appendTo appends the canonical text of the node.
	appendTo(b []byte) []byte
	// addFields adds the fields the node reads.
	addFields(s *flowlog.FieldSet)
	// cost estimates the evaluation cost, to order AND/OR children.
	cost() int
	// bounds returns [lo, hi] holding the value of f in every record for
	// which the node is TRUE, or ok=false if the node implies nothing.
	bounds(f flowlog.Field) (lo, hi int64, ok bool)
	// values returns the set, sorted and distinct, holding the value of f
	// (a string, tag or enum field; enums as the words of
	// flowlog.EnumValues) in every record for which the node is TRUE, or
	// ok=false if the node implies none. The caller must not modify vals.
	values(f flowlog.Field) (vals []string, ok bool)
}

// constNode is TRUE or FALSE.
type constNode bool

func (n constNode) match(*flowlog.Record) bool  { return bool(n) }
func (n constNode) addFields(*flowlog.FieldSet) {}
func (n constNode) cost() int                   { return 0 }
func (n constNode) appendTo(b []byte) []byte {
	if n {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}
func (n constNode) bounds(flowlog.Field) (int64, int64, bool) {
	if n {
		return 0, 0, false
	}
	return math.MaxInt64, math.MinInt64, true // empty: nothing matches
}
func (n constNode) values(flowlog.Field) ([]string, bool) {
	return nil, !bool(n) // FALSE: the empty set, nothing matches
}

// andNode is TRUE if every child is. c caches the sum of the children's
// costs, so that sorting the children of a parent is O(n log n).
type andNode struct {
	kids []node
	c    int
}

// orNode is TRUE if some child is.
type orNode struct {
	kids []node
	c    int
}

func (n *andNode) match(r *flowlog.Record) bool {
	for _, k := range n.kids {
		if !k.match(r) {
			return false
		}
	}
	return true
}

func (n *orNode) match(r *flowlog.Record) bool {
	for _, k := range n.kids {
		if k.match(r) {
			return true
		}
	}
	return false
}

func (n *andNode) appendTo(b []byte) []byte { return appendJoined(b, n.kids, " and ", true) }
func (n *orNode) appendTo(b []byte) []byte  { return appendJoined(b, n.kids, " or ", false) }

// appendJoined writes kids separated by sep; OR children of an AND are
// parenthesised (AND binds tighter).
func appendJoined(b []byte, kids []node, sep string, isAnd bool) []byte {
	for i, k := range kids {
		if i > 0 {
			b = append(b, sep...)
		}
		_, isOr := k.(*orNode)
		if isAnd && isOr {
			b = append(b, '(')
			b = k.appendTo(b)
			b = append(b, ')')
		} else {
			b = k.appendTo(b)
		}
	}
	return b
}

func (n *andNode) addFields(s *flowlog.FieldSet) { addAllFields(n.kids, s) }
func (n *orNode) addFields(s *flowlog.FieldSet)  { addAllFields(n.kids, s) }

func addAllFields(kids []node, s *flowlog.FieldSet) {
	for _, k := range kids {
		k.addFields(s)
	}
}

func (n *andNode) cost() int { return n.c }
func (n *orNode) cost() int  { return n.c }

func sumCost(kids []node) int {
	c := 0
	for _, k := range kids {
		c += k.cost()
	}
	return c
}

// bounds of an AND: the intersection of what its children imply.
func (n *andNode) bounds(f flowlog.Field) (lo, hi int64, ok bool) {
	lo, hi = math.MinInt64, math.MaxInt64
	for _, k := range n.kids {
		if l, h, kok := k.bounds(f); kok {
			lo, hi, ok = max(lo, l), min(hi, h), true
		}
	}
	return lo, hi, ok
}

// bounds of an OR: the hull of its children's, if every child implies one
// (children that can never be TRUE contribute nothing).
func (n *orNode) bounds(f flowlog.Field) (lo, hi int64, ok bool) {
	lo, hi = math.MaxInt64, math.MinInt64
	for _, k := range n.kids {
		l, h, kok := k.bounds(f)
		if !kok {
			return 0, 0, false
		}
		if l <= h {
			lo, hi = min(lo, l), max(hi, h)
		}
	}
	return lo, hi, true
}

// values of an AND: the intersection of what its children imply.
func (n *andNode) values(f flowlog.Field) (vals []string, ok bool) {
	for _, k := range n.kids {
		kv, kok := k.values(f)
		switch {
		case !kok:
		case !ok:
			vals, ok = kv, true
		default:
			vals = intersectSorted(vals, kv)
		}
	}
	return vals, ok
}

// values of an OR: the union of its children's, if every child implies a
// set (children that can never be TRUE imply the empty one).
func (n *orNode) values(f flowlog.Field) ([]string, bool) {
	var all []string
	for _, k := range n.kids {
		kv, ok := k.values(f)
		if !ok {
			return nil, false
		}
		all = append(all, kv...)
	}
	slices.Sort(all)
	return slices.Compact(all), true
}

// intersectSorted returns, in a new slice, the strings both sorted,
// distinct slices hold.
func intersectSorted(a, b []string) []string {
	var out []string
	for len(a) > 0 && len(b) > 0 {
		switch c := strings.Compare(a[0], b[0]); {
		case c < 0:
			a = a[1:]
		case c > 0:
			b = b[1:]
		default:
			out = append(out, a[0])
			a, b = a[1:], b[1:]
		}
	}
	return out
}

// newAnd builds the simplified conjunction of kids: nested ANDs are
// flattened, TRUE children dropped, a FALSE child makes the whole FALSE,
// duplicates are removed and the cheapest tests go first. It takes
// O(n log n) time for n children (plus the length of their canonical
// text), so a chain is built with one call for all its operands.
func newAnd(kids ...node) node {
	out, absorbed := flatten(kids, false)
	switch {
	case absorbed:
		return constNode(false)
	case len(out) == 0:
		return constNode(true)
	case len(out) == 1:
		return out[0]
	}
	return &andNode{kids: out, c: sumCost(out)}
}

// newOr is newAnd for disjunctions.
func newOr(kids ...node) node {
	out, absorbed := flatten(kids, true)
	switch {
	case absorbed:
		return constNode(true)
	case len(out) == 0:
		return constNode(false)
	case len(out) == 1:
		return out[0]
	}
	return &orNode{kids: out, c: sumCost(out)}
}

// flatten returns the children of a new AND (or OR, if isOr) node: the
// children of nested nodes of the same kind spliced in, the neutral
// constant dropped, then deduplicated and sorted by dedupeSort. absorbed
// reports a child that is the absorbing constant (FALSE for AND, TRUE for
// OR), which decides the whole node. kids is not modified.
func flatten(kids []node, isOr bool) (out []node, absorbed bool) {
	out = make([]node, 0, len(kids))
	for _, k := range kids {
		switch k := k.(type) {
		case constNode:
			if bool(k) == isOr {
				return nil, true
			}
		case *andNode:
			out = appendKids(out, k, k.kids, !isOr)
		case *orNode:
			out = appendKids(out, k, k.kids, isOr)
		default:
			out = append(out, k)
		}
	}
	return dedupeSort(out), false
}

// appendKids appends the children of n if splice is set, else n itself.
func appendKids(out []node, n node, kids []node, splice bool) []node {
	if splice {
		return append(out, kids...)
	}
	return append(out, n)
}

// dedupeSort drops children whose canonical text repeats an earlier one
// and orders the rest by cost, keeping the order the user wrote among
// equal costs. Sorting by (cost, position) with slices.SortFunc is stable
// in effect and O(n log n); slices.SortStableFunc would add a log factor
// of swaps.
func dedupeSort(kids []node) []node {
	type ranked struct {
		n         node
		cost, pos int
	}
	seen := make(map[string]bool, len(kids))
	rs := make([]ranked, 0, len(kids))
	var buf []byte
	for i, k := range kids {
		buf = k.appendTo(buf[:0])
		if !seen[string(buf)] {
			seen[string(buf)] = true
			rs = append(rs, ranked{n: k, cost: k.cost(), pos: i})
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.pos, b.pos))
	})
	out := kids[:0]
	for _, r := range rs {
		out = append(out, r.n)
	}
	return out
}
