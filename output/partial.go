package output

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// partialJSON is the serialised form of an Aggregation:
//
//	{"keys":["srcaddr"],"groups":[{"values":["10.0.1.25"],"records":3,
//	  "packets":42,"bytes":18734,"first_start":1768435200,"last_end":1768435260}]}
//
// Keys are Athena column names, times Unix seconds; a group without a start
// or end omits it.
type partialJSON struct {
	Keys   []string    `json:"keys"`
	Groups []groupJSON `json:"groups"`
}

type groupJSON struct {
	Values  []string `json:"values"`
	Records int64    `json:"records"`
	Packets int64    `json:"packets"`
	Bytes   int64    `json:"bytes"`
	First   *int64   `json:"first_start,omitempty"`
	Last    *int64   `json:"last_end,omitempty"`
}

// MarshalJSON encodes a, every group, as a partial result for another
// process to UnmarshalJSON and Merge. Groups are in key-value order, so
// equal aggregations encode to equal bytes.
func (a *Aggregation) MarshalJSON() ([]byte, error) {
	p := partialJSON{Keys: make([]string, len(a.keys)), Groups: make([]groupJSON, 0, len(a.groups))}
	for i := range a.keys {
		p.Keys[i] = a.name(i)
	}
	for _, g := range a.groups {
		p.Groups = append(p.Groups, groupJSON{Values: g.Values, Records: g.Records, Packets: g.Packets,
			Bytes: g.Bytes, First: unixOrNil(g.First), Last: unixOrNil(g.Last)})
	}
	slices.SortFunc(p.Groups, func(x, y groupJSON) int { return slices.Compare(x.Values, y.Values) })
	return json.Marshal(p)
}

// UnmarshalJSON replaces a with the partial result MarshalJSON encoded,
// resolving key names with a's schema (NewAggregationIn).
// Unknown keys, and groups whose values do not match the keys, are errors.
func (a *Aggregation) UnmarshalJSON(data []byte) error {
	var p partialJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("aggregation: %w", err)
	}
	keys := make([]Key, len(p.Keys))
	for i, name := range p.Keys {
		k, ok := keyOf(a.schema, name)
		if !ok {
			return fmt.Errorf("aggregation: unknown key field %q", name)
		}
		keys[i] = k
	}
	b := NewAggregationOf(a.schema, keys...)
	for _, gj := range p.Groups {
		if len(gj.Values) != len(keys) {
			return fmt.Errorf("aggregation: group %q has %d values for %d keys", gj.Values, len(gj.Values), len(keys))
		}
		g := Group{Values: gj.Values, Records: gj.Records, Packets: gj.Packets, Bytes: gj.Bytes,
			First: timeOrZero(gj.First), Last: timeOrZero(gj.Last)}
		b.mergeGroup(encodeKey(g.Values), &g)
	}
	*a = *b
	return nil
}

func unixOrNil(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	v := t.Unix()
	return &v
}

func timeOrZero(v *int64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.Unix(*v, 0).UTC()
}
