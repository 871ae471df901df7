package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// view is how a column renders its field for people.
type view uint8

const (
	viewText      view = iota // the value as AWS wrote it (tags decoded)
	viewTime                  // a Unix time shown in the --tz zone
	viewProto                 // protocol name (TCP) instead of its number
	viewAction                // action, or NODATA/SKIPDATA (Transit Gateway records have no action)
	viewInterface             // interface-id, or what stands for it (TGW attachment, NAT gateway)
)

// column is one output column.
type column struct {
	title string // table header
	field flowlog.Field
	view  view
}

// tableColumns are the default table columns: who, to whom, which port,
// when, allowed or not.
func tableColumns(tz *time.Location) []column {
	return []column{
		{"START (" + zoneLabel(tz) + ")", flowlog.Start, viewTime},
		{"SOURCE", flowlog.SrcAddr, viewText},
		{"DESTINATION", flowlog.DstAddr, viewText},
		{"PORT", flowlog.DstPort, viewText},
		{"PROTO", flowlog.Protocol, viewProto},
		{"ACTION", flowlog.Action, viewAction},
		{"BYTES", flowlog.Bytes, viewText},
		{"INTERFACE", flowlog.InterfaceID, viewInterface},
	}
}

func zoneLabel(tz *time.Location) string {
	if tz == time.UTC {
		return "UTC"
	}
	return tz.String()
}

// fieldColumns resolves --fields names ("all" = every known field).
func fieldColumns(names []string) ([]column, error) {
	var cols []column
	for _, name := range names {
		if strings.EqualFold(name, "all") {
			for _, f := range flowlog.Fields() {
				cols = append(cols, plainColumn(f))
			}
			continue
		}
		f, ok := flowlog.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("--fields: unknown field %q", name)
		}
		cols = append(cols, plainColumn(f))
	}
	return cols, nil
}

func plainColumn(f flowlog.Field) column {
	v := viewText
	if f.Kind() == flowlog.KindTime {
		v = viewTime
	}
	return column{strings.ToUpper(f.Column()), f, v}
}

// columnsOf returns a column for every known field of format.
func columnsOf(format *flowlog.Format) []column {
	cols := make([]column, 0, format.Len())
	for _, f := range format.Fields() {
		if f != flowlog.Unknown {
			cols = append(cols, column{f.Column(), f, viewText})
		}
	}
	return cols
}

// appendCell renders a column of r for a table. It does not allocate.
func appendCell(dst []byte, r *flowlog.Record, c column, tz *time.Location) []byte {
	switch c.view {
	case viewTime:
		if t, ok := r.Time(c.field); ok {
			return t.In(tz).AppendFormat(dst, "2006-01-02 15:04:05")
		}
	case viewProto:
		if n, ok := r.Int(c.field); ok {
			if name := flowlog.ProtocolName(n); name != "" {
				return append(dst, name...)
			}
			return strconv.AppendInt(dst, n, 10)
		}
	case viewAction:
		if text := r.Text(flowlog.Action); text != nil {
			return append(dst, text...)
		}
		if r.LogStatus() == flowlog.LogStatusNoData || r.LogStatus() == flowlog.LogStatusSkipData {
			return append(dst, r.Text(flowlog.LogStatus)...)
		}
	case viewInterface:
		// Transit Gateway records have no interface, and regional NAT
		// gateway flows put the gateway in resource-id instead.
		for _, f := range [...]flowlog.Field{flowlog.InterfaceID, flowlog.TGWAttachmentID, flowlog.ResourceID} {
			if text := r.Text(f); text != nil {
				return append(dst, text...)
			}
		}
	default:
		if text := r.Text(c.field); text != nil {
			return append(dst, text...)
		}
	}
	return append(dst, '-')
}
