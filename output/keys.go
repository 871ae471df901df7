package output

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowq/flowq/flowlog"
)

// Key is what an Aggregation groups by: one field, or a field on either
// side of a flow (addr: srcaddr or dstaddr). With either-side keys, a
// record counts in two groups, one for each side (once if the sides are
// equal), so that "per host" counts every flow a host took part in; all
// either-side keys of an aggregation take the same side together (addr
// with port pairs the source address with the source port).
type Key struct {
	Name   string          // as the heading and partials name it
	Fields []flowlog.Field // one field, or the source and destination side
}

// eitherSide are the keys that name a field on either side; read-only.
var eitherSide = map[string][2]flowlog.Field{
	"addr":     {flowlog.SrcAddr, flowlog.DstAddr},
	"port":     {flowlog.SrcPort, flowlog.DstPort},
	"pkt_addr": {flowlog.PktSrcAddr, flowlog.PktDstAddr},
}

// KeysOf resolves group-by names: fields of schema (AWS's or derived),
// and the either-side names addr, port and pkt_addr.
func KeysOf(schema *flowlog.Schema, names ...string) ([]Key, error) {
	keys := make([]Key, len(names))
	for i, name := range names {
		k, ok := keyOf(schema, name)
		if !ok {
			return nil, fmt.Errorf("unknown field %q", name)
		}
		keys[i] = k
	}
	return keys, nil
}

func keyOf(schema *flowlog.Schema, name string) (Key, bool) {
	if pair, ok := eitherSide[strings.ToLower(name)]; ok {
		return Key{Name: strings.ToLower(name), Fields: pair[:]}, true
	}
	f, ok := schema.Lookup(name)
	if !ok {
		return Key{}, false
	}
	return Key{Name: schema.Name(f), Fields: []flowlog.Field{f}}, true
}

// NewAggregationOf returns an empty Aggregation grouping by keys, which
// may be either-side keys (see Key).
func NewAggregationOf(schema *flowlog.Schema, keys ...Key) *Aggregation {
	a := &Aggregation{schema: schema, groups: map[string]*Group{}}
	for _, k := range keys {
		a.keys = append(a.keys, k.Fields[0])
		a.names = append(a.names, k.Name)
		other := flowlog.Unknown
		if len(k.Fields) == 2 {
			other, a.twoSided = k.Fields[1], true
		}
		a.other = append(a.other, other)
	}
	return a
}

// Order reads a sort key for a's groups: as ParseOrderIn does, and the
// name of an either-side key too.
func (a *Aggregation) Order(s string) (Order, error) {
	if i := slices.Index(a.names, strings.ToLower(s)); i >= 0 {
		return Order{by: byField, field: a.keys[i]}, nil
	}
	return ParseOrderIn(a.schema, s, a.keys)
}

// field returns key i's field on side (0: source, 1: destination).
func (a *Aggregation) field(i, side int) flowlog.Field {
	if side == 1 && a.other != nil && a.other[i] != flowlog.Unknown {
		return a.other[i]
	}
	return a.keys[i]
}

// name returns key i's name.
func (a *Aggregation) name(i int) string {
	if a.names != nil {
		return a.names[i]
	}
	return a.schema.Name(a.keys[i])
}
