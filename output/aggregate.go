package output

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// ErrKeyMismatch is returned when aggregations that group by different
// keys are merged.
var ErrKeyMismatch = errors.New("aggregations group by different keys")

// Group is the totals of one group: the records whose key fields have
// Values.
type Group struct {
	Values  []string  // the key fields as AWS wrote them ("-" for null), one per key
	Records int64     // records counted
	Packets int64     // their packets (records without packets add nothing)
	Bytes   int64     // their bytes
	First   time.Time // the earliest start (UTC); zero if no record had one
	Last    time.Time // the latest end (UTC); zero if no record had one
}

// merge adds o's totals into g.
func (g *Group) merge(o *Group) {
	g.Records += o.Records
	g.Packets += o.Packets
	g.Bytes += o.Bytes
	if !o.First.IsZero() && (g.First.IsZero() || o.First.Before(g.First)) {
		g.First = o.First
	}
	if o.Last.After(g.Last) {
		g.Last = o.Last
	}
}

// Aggregation groups records by key fields and totals each group: see
// Group. Memory grows with the number of groups, not of records.
//
// Aggregations merge exactly. Each worker, or each process (a Lambda
// invocation per prefix), can aggregate its share of the records into a
// partial Aggregation with the same keys; Merge combines partials, and
// MarshalJSON and UnmarshalJSON carry them across a process boundary.
// Counts and sums add, First is the minimum and Last the maximum, so any
// split of the records merges to the result of one pass. Sorting and top-N
// are not mergeable (a group outside one partial's top N can be inside the
// merged top N), so partials keep every group, and Sorted is applied once,
// after the last Merge.
//
// An Aggregation is used from one goroutine; give each goroutine its own
// and Merge them at the end. The zero Aggregation groups by no keys (one
// group of totals) and is ready to use, or to be filled by UnmarshalJSON.
type Aggregation struct {
	keys []flowlog.Field
	// other and names are set for either-side keys (NewAggregationOf):
	// the destination side's field (Unknown for a one-sided key) and the
	// key's name. twoSided says some key has two sides.
	other    []flowlog.Field
	names    []string
	twoSided bool
	schema   *flowlog.Schema   // names derived keys; nil: AWS fields only
	groups   map[string]*Group // by encodeKey of the values
	keyBuf   []byte
}

// NewAggregation returns an empty Aggregation grouping by keys, which are
// AWS fields.
func NewAggregation(keys ...flowlog.Field) *Aggregation { return NewAggregationIn(nil, keys...) }

// NewAggregationIn returns an empty Aggregation grouping by keys, which may
// be derived fields of schema: the schema names them in headings and
// partials (UnmarshalJSON resolves names with it, too).
func NewAggregationIn(schema *flowlog.Schema, keys ...flowlog.Field) *Aggregation {
	ks := make([]Key, len(keys))
	for i, f := range keys {
		ks[i] = Key{Name: schema.Name(f), Fields: []flowlog.Field{f}}
	}
	return NewAggregationOf(schema, ks...)
}

// Keys returns the fields the aggregation groups by.
func (a *Aggregation) Keys() []flowlog.Field { return slices.Clone(a.keys) }

// Len returns the number of groups.
func (a *Aggregation) Len() int { return len(a.groups) }

// Fields returns the fields Add reads, to be decoded for every match
// (scan.Options.Fields). They are all Add reads, so Parquet may project
// (scan.Options.Project).
func (a *Aggregation) Fields() flowlog.FieldSet {
	fs := flowlog.SetOf(flowlog.Packets, flowlog.Bytes, flowlog.Start, flowlog.End)
	for i := range a.keys {
		fs.Add(a.field(i, 0))
		fs.Add(a.field(i, 1))
	}
	return fs
}

// Add counts r into its group. Only a new group allocates; r is not
// retained.
func (a *Aggregation) Add(r *flowlog.Record) {
	first := a.add(r, 0)
	if a.twoSided {
		if second := a.add(r, 1); second == first {
			first.Records-- // both sides in one group: the flow counts once
			a.unadd(first, r)
		}
	}
}

// add counts r into the group of its side's values and returns it.
func (a *Aggregation) add(r *flowlog.Record, side int) *Group {
	b := a.keyBuf[:0]
	for i := range a.keys {
		b = appendKeyPart(b, rawOrDash(r, a.field(i, side)))
	}
	a.keyBuf = b
	g, ok := a.groups[string(b)]
	if !ok {
		g = &Group{Values: make([]string, len(a.keys))}
		for i := range a.keys {
			g.Values[i] = string(rawOrDash(r, a.field(i, side)))
		}
		if a.groups == nil {
			a.groups = map[string]*Group{}
		}
		a.groups[string(b)] = g
	}
	g.Records++
	if v, ok := r.Int(flowlog.Packets); ok {
		g.Packets += v
	}
	if v, ok := r.Int(flowlog.Bytes); ok {
		g.Bytes += v
	}
	if t, ok := r.Time(flowlog.Start); ok && (g.First.IsZero() || t.Before(g.First)) {
		g.First = t
	}
	if t, ok := r.Time(flowlog.End); ok && t.After(g.Last) {
		g.Last = t
	}
	return g
}

// unadd takes r's packets and bytes back out of g, which counted it twice
// (first and last are the same either way).
func (a *Aggregation) unadd(g *Group, r *flowlog.Record) {
	if v, ok := r.Int(flowlog.Packets); ok {
		g.Packets -= v
	}
	if v, ok := r.Int(flowlog.Bytes); ok {
		g.Bytes -= v
	}
}

var dash = []byte{'-'}

// rawOrDash returns f of r as written, "-" if the format lacks it.
func rawOrDash(r *flowlog.Record, f flowlog.Field) []byte {
	if tok := r.Raw(f); tok != nil {
		return tok
	}
	return dash
}

// appendKeyPart appends one value to a group's map key, length first, so
// that no two lists of values share a key whatever bytes they hold.
func appendKeyPart[T string | []byte](b []byte, v T) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func encodeKey(values []string) string {
	var b []byte
	for _, v := range values {
		b = appendKeyPart(b, v)
	}
	return string(b)
}

// Merge adds the groups of o, a partial result with the same keys, into a.
// o is not changed. Merging aggregations with other keys is an error
// wrapping ErrKeyMismatch, and changes nothing.
func (a *Aggregation) Merge(o *Aggregation) error {
	if !slices.Equal(a.keys, o.keys) || !slices.Equal(a.other, o.other) {
		return fmt.Errorf("%w: %s and %s", ErrKeyMismatch, a.keyNames(), o.keyNames())
	}
	for key, og := range o.groups {
		a.mergeGroup(key, og)
	}
	return nil
}

// mergeGroup adds og, whose map key is key, into a.
func (a *Aggregation) mergeGroup(key string, og *Group) {
	if g, ok := a.groups[key]; ok {
		g.merge(og)
		return
	}
	if a.groups == nil {
		a.groups = map[string]*Group{}
	}
	g := *og
	g.Values = slices.Clone(og.Values)
	a.groups[key] = &g
}

func (a *Aggregation) keyNames() string {
	names := make([]string, len(a.keys))
	for i := range a.keys {
		names[i] = a.name(i)
	}
	return "(" + strings.Join(names, ", ") + ")"
}
