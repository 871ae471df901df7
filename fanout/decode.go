package fanout

import (
	"fmt"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// decoder turns a reply's events back into records with flowlog's own
// reader, in the format the worker read them with and with their
// object's partition values, so that writers and aggregations see what a
// local scan gives them. Not safe for concurrent use; a record it returns
// is valid until the next call.
type decoder struct {
	shard   *Shard
	formats []*flowlog.Format
	origins map[int]*flowlog.Origin
	text    strings.Reader
	rd      *flowlog.Reader
	bad     *flowlog.ParseError
}

// reset prepares for the events of rep, a reply about shard s.
func (d *decoder) reset(s *Shard, rep *Reply) {
	d.shard, d.formats, d.origins = s, make([]*flowlog.Format, len(rep.Formats)), map[int]*flowlog.Origin{}
	for i, names := range rep.Formats {
		d.formats[i], _ = flowlog.NewFormat(names...) // checked when used
	}
	for _, o := range rep.Origins {
		if o.Object < 0 || o.Object >= len(s.Objects) {
			continue
		}
		var vals []flowlog.FieldValue
		for _, p := range o.Partition {
			if f, ok := flowlog.Lookup(p[0]); ok {
				vals = append(vals, flowlog.FieldValue{Field: f, Text: []byte(p[1])})
			}
		}
		d.origins[o.Object] = flowlog.NewOrigin(s.Objects[o.Object].Source, vals...)
	}
}

var noFields flowlog.FieldSet

// match decodes one match event.
func (d *decoder) match(ev *Event) (scan.Match, error) {
	if ev.Object < 0 || ev.Object >= len(d.shard.Objects) || ev.Format < 0 || ev.Format >= len(d.formats) || d.formats[ev.Format] == nil {
		return scan.Match{}, fmt.Errorf("a match without a valid object or format (%d, %d)", ev.Object, ev.Format)
	}
	source := d.shard.Objects[ev.Object].Source
	d.text.Reset(ev.Text)
	// Nothing is decoded while reading: the worker decoded what the
	// filter and the output read (a match whose output fields did not
	// decode was malformed there), and accessors decode the rest as they
	// would in a local scan.
	opts := flowlog.ReaderOptions{Format: d.formats[ev.Format], Source: source, Fields: &noFields,
		OnMalformed: func(pe *flowlog.ParseError) { d.bad = pe }}
	if d.rd == nil {
		d.rd = flowlog.NewReader(&d.text, opts)
	} else {
		d.rd.Reset(&d.text, opts)
	}
	d.bad = nil
	if !d.rd.Scan() {
		if d.bad != nil {
			return scan.Match{}, fmt.Errorf("%s:%d: a match that does not parse again: %w", source, ev.Line, d.bad)
		}
		return scan.Match{}, fmt.Errorf("%s:%d: an empty match", source, ev.Line)
	}
	rec := d.rd.Record()
	rec.SetLineNumber(ev.Line)
	o, ok := d.origins[ev.Object]
	if !ok {
		o = flowlog.NewOrigin(source)
		d.origins[ev.Object] = o
	}
	rec.SetOrigin(o)
	return scan.Match{Record: rec, Source: source, Line: ev.Line}, nil
}
