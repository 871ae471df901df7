package output

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// View is how a column renders its field for people (in Table mode, and
// in the cells of AppendCell). CSV and JSON print the value itself.
type View uint8

// The views.
const (
	ViewText      View = iota // the value as AWS wrote it (tags decoded)
	ViewTime                  // a Unix time, shown in the writer's zone
	ViewProtocol              // the protocol's name (TCP) instead of its number
	ViewAction                // action, or NODATA/SKIPDATA (Transit Gateway records have no action)
	ViewInterface             // interface-id, or what stands for it (TGW attachment, NAT gateway)
)

// Column is one output column: a field, its table header and its view.
type Column struct {
	Title string // table header
	Field flowlog.Field
	View  View
	// Name is the JSON key and CSV header; "" means the Athena column
	// name of Field. Derived fields carry their Schema's name here.
	Name string
}

// name returns the JSON key and CSV header of c.
func (c Column) name() string {
	if c.Name != "" {
		return c.Name
	}
	return c.Field.Column()
}

// fields returns the fields the column reads.
func (c Column) fields() flowlog.FieldSet {
	fs := flowlog.SetOf(c.Field)
	switch c.View {
	case ViewAction:
		fs.Add(flowlog.LogStatus)
	case ViewInterface:
		fs.Add(flowlog.TGWAttachmentID)
		fs.Add(flowlog.ResourceID)
	}
	return fs
}

// TableColumns are the default table columns: when (in tz), who, to whom,
// which port and protocol, allowed or not, how much, and where.
func TableColumns(tz *time.Location) []Column {
	return []Column{
		{Title: "START (" + zoneLabel(tz) + ")", Field: flowlog.Start, View: ViewTime},
		{Title: "SOURCE", Field: flowlog.SrcAddr},
		{Title: "DESTINATION", Field: flowlog.DstAddr},
		{Title: "PORT", Field: flowlog.DstPort},
		{Title: "PROTO", Field: flowlog.Protocol, View: ViewProtocol},
		{Title: "ACTION", Field: flowlog.Action, View: ViewAction},
		{Title: "BYTES", Field: flowlog.Bytes},
		{Title: "INTERFACE", Field: flowlog.InterfaceID, View: ViewInterface},
	}
}

// zoneLabel names tz in a header; nil is UTC.
func zoneLabel(tz *time.Location) string {
	if tz == nil || tz == time.UTC {
		return "UTC"
	}
	return tz.String()
}

// FieldColumns resolves field names (Athena or AWS style) to columns
// titled with the upper-case Athena name; times use ViewTime, the rest
// ViewText. The name "all" (any case) stands for every known field. An
// unknown name is an error; no names give nil.
func FieldColumns(names []string) ([]Column, error) { return FieldColumnsIn(nil, names) }

// FieldColumnsIn is FieldColumns for the fields of schema: the derived
// ones can be named too ("all" includes them).
func FieldColumnsIn(schema *flowlog.Schema, names []string) ([]Column, error) {
	var cols []Column
	for _, name := range names {
		if strings.EqualFold(name, "all") {
			for _, f := range append(flowlog.Fields(), schema.Derived()...) {
				cols = append(cols, fieldColumn(schema, f))
			}
			continue
		}
		f, ok := schema.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown field %q", name)
		}
		cols = append(cols, fieldColumn(schema, f))
	}
	return cols, nil
}

func fieldColumn(schema *flowlog.Schema, f flowlog.Field) Column {
	v := ViewText
	if f.Kind() == flowlog.KindTime {
		v = ViewTime
	}
	name := schema.Name(f)
	return Column{Title: strings.ToUpper(name), Field: f, View: v, Name: name}
}

// ColumnsOf returns a ViewText column, titled with the Athena name, for
// every known field of format, in the format's order.
func ColumnsOf(format *flowlog.Format) []Column {
	cols := make([]Column, 0, format.Len())
	for _, f := range format.Fields() {
		if f != flowlog.Unknown {
			cols = append(cols, Column{Title: f.Column(), Field: f})
		}
	}
	return cols
}

// AppendCell appends column c of r as a table shows it, with what could
// drive a terminal escaped (see Visible), with times in tz
// (nil = UTC), and "-" for null. It does not allocate.
func AppendCell(dst []byte, r *flowlog.Record, c Column, tz *time.Location) []byte {
	switch c.View {
	case ViewTime:
		if t, ok := r.Time(c.Field); ok {
			return t.In(orUTC(tz)).AppendFormat(dst, timeLayout)
		}
	case ViewProtocol:
		if n, ok := r.Int(c.Field); ok {
			if name := flowlog.ProtocolName(n); name != "" {
				return append(dst, name...)
			}
			return strconv.AppendInt(dst, n, 10)
		}
	case ViewAction:
		if text := r.Text(c.Field); text != nil {
			return appendVisible(dst, text)
		}
		if s := r.LogStatus(); s == flowlog.LogStatusNoData || s == flowlog.LogStatusSkipData {
			return append(dst, r.Text(flowlog.LogStatus)...)
		}
	case ViewInterface:
		return appendInterface(dst, r, c.Field)
	default:
		if text := r.Text(c.Field); text != nil {
			return appendVisible(dst, text) // a tag can hold anything
		}
	}
	return append(dst, '-')
}

// appendInterface appends f, or what stands for the interface where a
// record has none: Transit Gateway records name their attachment, and
// regional NAT gateway flows put the gateway in resource-id.
func appendInterface(dst []byte, r *flowlog.Record, f flowlog.Field) []byte {
	for _, f := range [...]flowlog.Field{f, flowlog.TGWAttachmentID, flowlog.ResourceID} {
		if text := r.Text(f); text != nil {
			return appendVisible(dst, text)
		}
	}
	return append(dst, '-')
}

// timeLayout is how tables print times (the zone is in the header).
const timeLayout = "2006-01-02 15:04:05"

func orUTC(tz *time.Location) *time.Location {
	if tz == nil {
		return time.UTC
	}
	return tz
}
