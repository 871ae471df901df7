package parquetlog

import (
	"reflect"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
)

// awsInt64 lists the integer fields AWS writes as INT64; the other integer
// fields are INT32 (FLOWLOGS.md §2 and §4.1).
var awsInt64 = flowlog.SetOf(flowlog.Packets, flowlog.Bytes, flowlog.Start, flowlog.End,
	flowlog.PacketsLostNoRoute, flowlog.PacketsLostBlackhole,
	flowlog.PacketsLostMTUExceeded, flowlog.PacketsLostTTLExpired)

// tgwOnly lists fields only Transit Gateway flow logs have; a format with
// any of them is written with an INT64 protocol column, as AWS does.
var tgwOnly = flowlog.SetOf(flowlog.ResourceType, flowlog.TGWID, flowlog.TGWAttachmentID,
	flowlog.TGWSrcVPCAccountID, flowlog.TGWDstVPCAccountID, flowlog.TGWSrcVPCID,
	flowlog.TGWDstVPCID, flowlog.TGWSrcSubnetID, flowlog.TGWDstSubnetID,
	flowlog.TGWSrcENI, flowlog.TGWDstENI, flowlog.TGWSrcAZID, flowlog.TGWDstAZID,
	flowlog.TGWPairAttachmentID, flowlog.PacketsLostNoRoute, flowlog.PacketsLostBlackhole,
	flowlog.PacketsLostMTUExceeded, flowlog.PacketsLostTTLExpired)

// physical is how a column is stored, as far as decoding cares.
type physical uint8

const (
	physInt32 physical = iota + 1
	physInt64
	physText
)

// awsPhysical returns the physical type AWS uses for field f in a file of
// format fm.
func awsPhysical(f flowlog.Field, fm *flowlog.Format) physical {
	if f >= flowlog.NumFields {
		return physText
	}
	switch f.Kind() {
	case flowlog.KindInt, flowlog.KindTime:
		if awsInt64.Has(f) || (f == flowlog.Protocol && !fm.Set().Intersect(tgwOnly).IsEmpty()) {
			return physInt64
		}
		return physInt32
	}
	return physText
}

// columnName returns the Parquet column name of format column i: the
// Athena (underscore) spelling.
func columnName(fm *flowlog.Format, i int) string {
	return strings.ReplaceAll(fm.Name(i), "-", "_")
}

// schemaFor returns the Parquet schema AWS would write for format fm: one
// optional column per format column, in format order.
func schemaFor(fm *flowlog.Format) *parquet.Schema {
	g := &orderedGroup{fields: make([]parquet.Field, fm.Len())}
	for i := range fm.Len() {
		var n parquet.Node
		switch awsPhysical(fm.Field(i), fm) {
		case physInt32:
			n = parquet.Int(32)
		case physInt64:
			n = parquet.Int(64)
		default:
			n = parquet.String()
		}
		g.fields[i] = &namedField{Node: parquet.Optional(n), name: columnName(fm, i)}
	}
	return parquet.NewSchema("flow_logs", g)
}

// orderedGroup is a Parquet group whose columns keep the order given, unlike
// parquet.Group which sorts them by name: AWS writes columns in the order of
// the flow log format, and readers rebuild the format from that order.
type orderedGroup struct {
	parquet.Group // empty; supplies the group-node behaviour
	fields        []parquet.Field
}

func (g *orderedGroup) Fields() []parquet.Field { return g.fields }

func (g *orderedGroup) String() string {
	var b strings.Builder
	b.WriteString("group {")
	for _, f := range g.fields {
		b.WriteString(" " + f.Name())
	}
	b.WriteString(" }")
	return b.String()
}

func (g *orderedGroup) GoType() reflect.Type {
	fields := make([]reflect.StructField, len(g.fields))
	for i, f := range g.fields {
		fields[i] = reflect.StructField{Name: "F" + f.Name(), Type: f.GoType(),
			Tag: reflect.StructTag(`parquet:"` + f.Name() + `"`)}
	}
	return reflect.StructOf(fields)
}

// namedField names a node inside an orderedGroup.
type namedField struct {
	parquet.Node
	name string
}

func (f *namedField) Name() string { return f.name }

// Value is part of parquet.Field; the Writer writes parquet.Rows and never
// maps Go values, so it only supports maps keyed by column name.
func (f *namedField) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Map {
		return base.MapIndex(reflect.ValueOf(f.name))
	}
	return reflect.Value{}
}
