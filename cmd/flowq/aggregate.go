package main

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// group is the running totals of one group-by key.
type group struct {
	values           []string // one per key field, as AWS wrote it ("-" for null)
	records          int64
	packets, bytes   int64
	firstStart       int64 // min start, 0 if none seen
	lastEnd          int64 // max end
	hasStart, hasEnd bool
}

// aggregator groups matches by key fields. Memory grows with the number of
// groups, not of records. It is used from one goroutine.
type aggregator struct {
	keys   []flowlog.Field
	groups map[string]*group
	keyBuf []byte
}

func newAggregator(names []string) (*aggregator, error) {
	a := &aggregator{groups: map[string]*group{}}
	for _, name := range names {
		f, ok := flowlog.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("--group-by: unknown field %q", name)
		}
		a.keys = append(a.keys, f)
	}
	return a, nil
}

// fields returns the fields the aggregator reads from each match.
func (a *aggregator) fields() flowlog.FieldSet {
	fs := flowlog.SetOf(flowlog.Packets, flowlog.Bytes, flowlog.Start, flowlog.End)
	for _, k := range a.keys {
		fs.Add(k)
	}
	return fs
}

// add counts r into its group. Only a new group allocates.
func (a *aggregator) add(r *flowlog.Record) {
	b := a.keyBuf[:0]
	for _, k := range a.keys {
		tok := r.Raw(k)
		if tok == nil {
			tok = []byte{'-'}
		}
		b = append(b, tok...)
		b = append(b, 0)
	}
	a.keyBuf = b
	g, ok := a.groups[string(b)]
	if !ok {
		g = &group{values: strings.Split(string(b[:len(b)-1]), "\x00")}
		a.groups[string(b)] = g
	}
	g.records++
	if v, ok := r.Int(flowlog.Packets); ok {
		g.packets += v
	}
	if v, ok := r.Int(flowlog.Bytes); ok {
		g.bytes += v
	}
	if v, ok := r.Int(flowlog.Start); ok && (!g.hasStart || v < g.firstStart) {
		g.firstStart, g.hasStart = v, true
	}
	if v, ok := r.Int(flowlog.End); ok && (!g.hasEnd || v > g.lastEnd) {
		g.lastEnd, g.hasEnd = v, true
	}
}

// sorted returns the groups ordered by key (descending for totals,
// ascending for a group field), ties broken by the group values.
func (a *aggregator) sorted(by string) ([]*group, error) {
	less, err := a.comparer(by)
	if err != nil {
		return nil, err
	}
	out := make([]*group, 0, len(a.groups))
	for _, g := range a.groups {
		out = append(out, g)
	}
	slices.SortFunc(out, func(x, y *group) int {
		if c := less(x, y); c != 0 {
			return c
		}
		return slices.Compare(x.values, y.values)
	})
	return out, nil
}

func (a *aggregator) comparer(by string) (func(x, y *group) int, error) {
	switch strings.ToLower(by) {
	case "", "records", "count":
		return func(x, y *group) int { return cmp.Compare(y.records, x.records) }, nil
	case "packets":
		return func(x, y *group) int { return cmp.Compare(y.packets, x.packets) }, nil
	case "bytes":
		return func(x, y *group) int { return cmp.Compare(y.bytes, x.bytes) }, nil
	case "first":
		return func(x, y *group) int { return cmp.Compare(x.firstStart, y.firstStart) }, nil
	case "last":
		return func(x, y *group) int { return cmp.Compare(y.lastEnd, x.lastEnd) }, nil
	}
	f, ok := flowlog.Lookup(by)
	i := slices.Index(a.keys, f)
	if !ok || i < 0 {
		return nil, fmt.Errorf("--sort %q: use records, packets, bytes, first, last or a --group-by field", by)
	}
	numeric := f.Kind() == flowlog.KindInt || f.Kind() == flowlog.KindTime
	return func(x, y *group) int {
		if numeric {
			xv, _ := strconv.ParseInt(x.values[i], 10, 64)
			yv, _ := strconv.ParseInt(y.values[i], 10, 64)
			return cmp.Compare(xv, yv)
		}
		return cmp.Compare(x.values[i], y.values[i])
	}, nil
}

// groupTable is the aggregation result as rows of text.
type groupTable struct {
	names   []string // column names (Athena style)
	numeric []bool   // JSON numbers rather than strings
	rows    [][]string
}

func (a *aggregator) table(groups []*group, tz *time.Location, human bool) groupTable {
	var t groupTable
	for _, k := range a.keys {
		t.names = append(t.names, k.Column())
		t.numeric = append(t.numeric, k.Kind() == flowlog.KindInt || k.Kind() == flowlog.KindTime)
	}
	t.names = append(t.names, "records", "packets", "bytes", "first_start", "last_end")
	t.numeric = append(t.numeric, true, true, true, !human, !human)
	for _, g := range groups {
		row := append([]string(nil), g.values...)
		row = append(row, strconv.FormatInt(g.records, 10), strconv.FormatInt(g.packets, 10),
			strconv.FormatInt(g.bytes, 10), timeCell(g.firstStart, g.hasStart, tz, human),
			timeCell(g.lastEnd, g.hasEnd, tz, human))
		t.rows = append(t.rows, row)
	}
	return t
}

func timeCell(v int64, ok bool, tz *time.Location, human bool) string {
	switch {
	case !ok:
		return "-"
	case human:
		return time.Unix(v, 0).In(tz).Format("2006-01-02 15:04:05")
	}
	return strconv.FormatInt(v, 10)
}

// writeGroups prints t in an output mode.
func writeGroups(w *bufio.Writer, mode string, t groupTable, tz *time.Location) error {
	switch mode {
	case "json":
		for _, row := range t.rows {
			b := []byte{'{'}
			for i, v := range row {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, t.names[i])
				b = append(b, ':')
				switch {
				case v == "-":
					b = append(b, "null"...)
				case t.numeric[i]:
					b = append(b, v...)
				default:
					b = appendJSONString(b, v)
				}
			}
			w.Write(append(b, '}', '\n'))
		}
	case "csv":
		writeDelimited(w, t.names, ',')
		for _, row := range t.rows {
			writeDelimited(w, row, ',')
		}
	case "raw":
		for _, row := range t.rows {
			writeDelimited(w, row, ' ')
		}
	default:
		tw := newTableWriter(w, nil, tz, false)
		header := make([][]byte, len(t.names))
		for i, n := range t.names {
			header[i] = []byte(strings.ToUpper(n))
		}
		header[len(header)-2] = []byte("FIRST (" + zoneLabel(tz) + ")")
		header[len(header)-1] = []byte("LAST (" + zoneLabel(tz) + ")")
		tw.held, tw.widths = [][][]byte{header}, make([]int, len(header))
		for _, row := range t.rows {
			cells := make([][]byte, len(row))
			for i, v := range row {
				cells[i] = []byte(v)
			}
			tw.held = append(tw.held, cells)
		}
		if len(t.rows) > 0 {
			if err := tw.release(); err != nil {
				return err
			}
		}
	}
	return w.Flush()
}

func writeDelimited(w *bufio.Writer, cells []string, sep byte) {
	b := make([]byte, 0, 128)
	for i, c := range cells {
		if i > 0 {
			b = append(b, sep)
		}
		if sep == ',' {
			b = appendCSVField(b, c)
		} else {
			b = append(b, c...)
		}
	}
	w.Write(append(b, '\n'))
}
