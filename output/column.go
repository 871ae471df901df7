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
		{"START (" + zoneLabel(tz) + ")", flowlog.Start, ViewTime},
		{"SOURCE", flowlog.SrcAddr, ViewText},
		{"DESTINATION", flowlog.DstAddr, ViewText},
		{"PORT", flowlog.DstPort, ViewText},
		{"PROTO", flowlog.Protocol, ViewProtocol},
		{"ACTION", flowlog.Action, ViewAction},
		{"BYTES", flowlog.Bytes, ViewText},
		{"INTERFACE", flowlog.InterfaceID, ViewInterface},
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
func FieldColumns(names []string) ([]Column, error) {
	var cols []Column
	for _, name := range names {
		if strings.EqualFold(name, "all") {
			for _, f := range flowlog.Fields() {
				cols = append(cols, fieldColumn(f))
			}
			continue
		}
		f, ok := flowlog.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown field %q", name)
		}
		cols = append(cols, fieldColumn(f))
	}
	return cols, nil
}

func fieldColumn(f flowlog.Field) Column {
	v := ViewText
	if f.Kind() == flowlog.KindTime {
		v = ViewTime
	}
	return Column{strings.ToUpper(f.Column()), f, v}
}

// ColumnsOf returns a ViewText column, titled with the Athena name, for
// every known field of format, in the format's order.
func ColumnsOf(format *flowlog.Format) []Column {
	cols := make([]Column, 0, format.Len())
	for _, f := range format.Fields() {
		if f != flowlog.Unknown {
			cols = append(cols, Column{f.Column(), f, ViewText})
		}
	}
	return cols
}

// AppendCell appends column c of r as a table shows it, with times in tz
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
			return append(dst, text...)
		}
		if s := r.LogStatus(); s == flowlog.LogStatusNoData || s == flowlog.LogStatusSkipData {
			return append(dst, r.Text(flowlog.LogStatus)...)
		}
	case ViewInterface:
		return appendInterface(dst, r, c.Field)
	default:
		if text := r.Text(c.Field); text != nil {
			return append(dst, text...)
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
			return append(dst, text...)
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
