package filter

import (
	"bytes"

	"github.com/flowq/flowq/flowlog"
)

// listAny tests a derived field whose value is a list of items
// (flowlog.Derived.List): the test of text holds for the record when it
// holds for any item, and its negation (!=, NOT IN, NOT LIKE) when it
// holds for none, so NOT (f = 'x') and f != 'x' stay the same test. A null
// list is UNKNOWN, as for any field.
type listAny struct {
	text node // the test as written, for its text and fields
	f    flowlog.Field
	item func([]byte) bool // the positive test of one item
	out  bool
}

// listPred turns the text tests that mk builds into list tests.
func listPred(mk func(flowlog.Field) node, out bool) func(flowlog.Field) node {
	return func(f flowlog.Field) node {
		n := mk(f)
		l := &listAny{text: n, f: f, out: out}
		switch t := n.(type) {
		case *textEq:
			l.item = func(b []byte) bool { return string(b) == t.s }
		case *textSet:
			l.item = t.has
		case *textLike:
			l.item = t.pat.match
		default:
			return n
		}
		return l
	}
}

func (n *listAny) match(r *flowlog.Record) bool {
	t := r.Text(n.f)
	if t == nil {
		return false
	}
	for len(t) > 0 {
		item := t
		if i := bytes.IndexByte(t, flowlog.ListSep); i >= 0 {
			item, t = t[:i], t[i+1:]
		} else {
			t = nil
		}
		if n.item(item) {
			return !n.out
		}
	}
	return n.out
}

func (n *listAny) appendTo(b []byte) []byte                  { return n.text.appendTo(b) }
func (n *listAny) addFields(s *flowlog.FieldSet)             { s.Add(n.f) }
func (n *listAny) cost() int                                 { return n.text.cost() + 4 }
func (n *listAny) bounds(flowlog.Field) (int64, int64, bool) { return 0, 0, false }

// values: a list holds other items besides the one tested, so a list test
// implies no set of whole values.
func (n *listAny) values(flowlog.Field) ([]string, bool) { return nil, false }
