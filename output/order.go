package output

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Order is how Sorted orders groups. The zero Order is by records, the
// most first.
type Order struct {
	by    orderBy
	field flowlog.Field // for byField
}

type orderBy uint8

const (
	byRecords orderBy = iota
	byPackets
	byBytes
	byFirst
	byLast
	byField
)

var orderNames = map[string]orderBy{
	"": byRecords, "records": byRecords, "count": byRecords,
	"packets": byPackets, "bytes": byBytes, "first": byFirst, "last": byLast,
}

// ParseOrder reads a sort key for groups by keys: records (also "count" or
// ""), packets or bytes (the most first), last (the latest end first),
// first (the earliest start first), or one of keys by name (ascending,
// numerically for numbers). The error quotes s, for the caller to prefix
// with where s came from.
func ParseOrder(s string, keys []flowlog.Field) (Order, error) { return ParseOrderIn(nil, s, keys) }

// ParseOrderIn is ParseOrder for keys that may be derived fields of schema.
func ParseOrderIn(schema *flowlog.Schema, s string, keys []flowlog.Field) (Order, error) {
	if by, ok := orderNames[strings.ToLower(s)]; ok {
		return Order{by: by}, nil
	}
	if f, ok := schema.Lookup(s); ok && slices.Contains(keys, f) {
		return Order{by: byField, field: f}, nil
	}
	return Order{}, fmt.Errorf("%q: use records, packets, bytes, first, last or a group-by field", s)
}

// Sorted returns the groups in order o, ties broken by the key values, and
// only the first top of them if top > 0. Apply it to the merged result, not
// to partials (see Aggregation). An Order by a field a does not group by
// sorts by the key values alone. The groups share their Values with a.
func (a *Aggregation) Sorted(o Order, top int) []Group {
	ptrs := make([]*Group, 0, len(a.groups))
	for _, g := range a.groups {
		ptrs = append(ptrs, g)
	}
	compare := a.comparer(o)
	slices.SortFunc(ptrs, func(x, y *Group) int {
		if c := compare(x, y); c != 0 {
			return c
		}
		return slices.Compare(x.Values, y.Values)
	})
	if top > 0 && len(ptrs) > top {
		ptrs = ptrs[:top]
	}
	out := make([]Group, len(ptrs))
	for i, g := range ptrs {
		out[i] = *g
	}
	return out
}

func (a *Aggregation) comparer(o Order) func(x, y *Group) int {
	switch o.by {
	case byPackets:
		return func(x, y *Group) int { return cmp.Compare(y.Packets, x.Packets) }
	case byBytes:
		return func(x, y *Group) int { return cmp.Compare(y.Bytes, x.Bytes) }
	case byFirst:
		return func(x, y *Group) int { return x.First.Compare(y.First) }
	case byLast:
		return func(x, y *Group) int { return y.Last.Compare(x.Last) }
	case byField:
		return a.fieldComparer(o.field)
	}
	return func(x, y *Group) int { return cmp.Compare(y.Records, x.Records) }
}

func (a *Aggregation) fieldComparer(f flowlog.Field) func(x, y *Group) int {
	i := slices.Index(a.keys, f)
	switch {
	case i < 0:
		return func(x, y *Group) int { return 0 }
	case isNumeric(f):
		return func(x, y *Group) int {
			xv, _ := strconv.ParseInt(x.Values[i], 10, 64) // "-" sorts as 0
			yv, _ := strconv.ParseInt(y.Values[i], 10, 64)
			return cmp.Compare(xv, yv)
		}
	}
	return func(x, y *Group) int { return cmp.Compare(x.Values[i], y.Values[i]) }
}

func isNumeric(f flowlog.Field) bool {
	return f.Kind() == flowlog.KindInt || f.Kind() == flowlog.KindTime
}

// WriteGroups prints groups (from Sorted) to w in mode, through a
// RowWriter: a column per key, then records, packets, bytes, first_start
// and last_end. Tables show the times in tz (nil = UTC); the other modes
// give Unix seconds. It does not flush w.
func (a *Aggregation) WriteGroups(w io.Writer, mode Mode, tz *time.Location, groups []Group) error {
	tz = orUTC(tz)
	human := mode == Table
	rw := NewRowWriter(w, mode, a.headings(tz))
	cells := make([]string, 0, len(a.keys)+5)
	for _, g := range groups {
		cells = append(cells[:0], g.Values...)
		if human {
			a.humanKeys(cells)
		}
		cells = append(cells, strconv.FormatInt(g.Records, 10), strconv.FormatInt(g.Packets, 10),
			strconv.FormatInt(g.Bytes, 10), timeCell(g.First, tz, human), timeCell(g.Last, tz, human))
		if err := rw.WriteRow(cells); err != nil {
			return err
		}
	}
	return rw.Flush()
}

// humanKeys shows key values as a table shows the same field of a record:
// protocol numbers by name (TCP). CSV, JSON and raw keep the numbers.
func (a *Aggregation) humanKeys(cells []string) {
	for i, k := range a.keys {
		if k != flowlog.Protocol {
			continue
		}
		if n, err := strconv.ParseInt(cells[i], 10, 64); err == nil {
			if name := flowlog.ProtocolName(n); name != "" {
				cells[i] = name
			}
		}
	}
}

// headings are the columns WriteGroups prints.
func (a *Aggregation) headings(tz *time.Location) []Heading {
	hs := make([]Heading, 0, len(a.keys)+5)
	for i, k := range a.keys {
		hs = append(hs, Heading{Name: a.name(i), Numeric: isNumeric(k)})
	}
	return append(hs,
		Heading{Name: "records", Numeric: true},
		Heading{Name: "packets", Numeric: true},
		Heading{Name: "bytes", Numeric: true},
		Heading{Name: "first_start", Title: "FIRST (" + zoneLabel(tz) + ")", Numeric: true},
		Heading{Name: "last_end", Title: "LAST (" + zoneLabel(tz) + ")", Numeric: true})
}

// timeCell renders a group's time: in tz for people, else Unix seconds;
// "-" for none.
func timeCell(t time.Time, tz *time.Location, human bool) string {
	switch {
	case t.IsZero():
		return "-"
	case human:
		return t.In(tz).Format(timeLayout)
	}
	return strconv.FormatInt(t.Unix(), 10)
}
