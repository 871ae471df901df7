package fanout

import (
	"encoding/json"
	"errors"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// Protocol is the version of the request and reply format. A worker
// answers a request of another protocol with a Fatal reply, and the
// handshake (Hello) checks it before a scan starts.
const Protocol = 1

// Request is one invocation's payload.
type Request struct {
	Protocol int    `json:"protocol"`
	Hello    bool   `json:"hello,omitempty"` // a dry run: only the handshake
	Query    *Query `json:"query,omitempty"`
	Shard    int    `json:"shard"`
	// Objects are the shard's objects, in order (PlanObject.Source, Size).
	Objects []scan.Planned `json:"objects,omitempty"`
	Cursor  Cursor         `json:"cursor"`
}

// Cursor says where a part of a shard's reply starts: the object (an
// index into Request.Objects) and the events of it already received, or,
// for aggregations, the groups already received.
type Cursor struct {
	Object int `json:"object,omitempty"`
	Event  int `json:"event,omitempty"`
	Group  int `json:"group,omitempty"`
}

// Reply is one invocation's answer: one part of a shard's result.
type Reply struct {
	Protocol int    `json:"protocol"`
	Build    string `json:"build,omitempty"`
	// Fatal is a problem no retry can mend (a bad filter, another
	// protocol): the coordinator stops.
	Fatal string `json:"fatal,omitempty"`
	// Formats are the record formats Events use, as field names.
	Formats [][]string `json:"formats,omitempty"`
	// Origins are the partition values of the objects Events come from.
	Origins []Origin `json:"origins,omitempty"`
	Events  []Event  `json:"events,omitempty"`
	// Stats count the objects this part completes; nil when it completes
	// none (a part cut inside one object).
	Stats *Stats `json:"stats,omitempty"`
	// Groups is a partial output.Aggregation (its MarshalJSON form), or a
	// slice of its groups when they do not fit one reply.
	Groups json.RawMessage `json:"groups,omitempty"`
	// Next is where the next part starts; nil when the shard is done.
	Next *Cursor `json:"next,omitempty"`
}

// Origin is the partition values of one object of the shard.
type Origin struct {
	Object    int         `json:"object"`
	Partition [][2]string `json:"partition,omitempty"` // field name, value
}

// Event is one match or one problem, in the order a local scan delivers
// them.
type Event struct {
	Object int    `json:"o"`           // index into Request.Objects; -1: not one of them
	Format int    `json:"f,omitempty"` // index into Reply.Formats (matches)
	Line   int64  `json:"n,omitempty"`
	Text   string `json:"t,omitempty"` // the record as AWS wrote it (matches)
	// Problems: Source and Err say what *scan.ObjectError said; Kind is
	// "skip" for a *scan.SkipError; Sentinel names a scan error the
	// message wraps.
	Source   string `json:"src,omitempty"`
	Err      string `json:"err,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Sentinel string `json:"is,omitempty"`
	// Parse is the *flowlog.ParseError a malformed line's problem wraps.
	Parse *ParseError `json:"parse,omitempty"`
}

// ParseError is a *flowlog.ParseError as it travels.
type ParseError struct {
	Line   int64  `json:"line"`
	Column int    `json:"column,omitempty"`
	Field  string `json:"field,omitempty"`
	Text   string `json:"text,omitempty"`
	Class  string `json:"class,omitempty"` // the flowlog.Err* it wraps
	Err    string `json:"err"`
}

// parseClasses are flowlog's classes of malformed input, by name.
var parseClasses = map[string]error{
	"field-count": flowlog.ErrFieldCount, "not-number": flowlog.ErrNotNumber, "range": flowlog.ErrRange,
	"not-addr": flowlog.ErrNotAddr, "bad-enum": flowlog.ErrBadEnum, "too-long": flowlog.ErrLineTooLong,
	"bad-escape": flowlog.ErrBadEscape, "bad-header": flowlog.ErrBadHeader,
}

func encodeParseError(pe *flowlog.ParseError) *ParseError {
	w := &ParseError{Line: pe.Line, Column: pe.Column, Field: pe.Field, Text: pe.Text, Err: pe.Err.Error()}
	for name, class := range parseClasses {
		if errors.Is(pe.Err, class) {
			w.Class = name
		}
	}
	return w
}

func (w *ParseError) decode(source string) *flowlog.ParseError {
	return &flowlog.ParseError{Source: source, Line: w.Line, Column: w.Column, Field: w.Field, Text: w.Text,
		Err: &remoteError{msg: w.Err, is: parseClasses[w.Class]}}
}

// Stats is scan.Stats as it travels: problems as messages.
type Stats struct {
	scan.Stats
	Errors []Event `json:"Errors,omitempty"`
	Skips  []Event `json:"Skips,omitempty"`
}

// sentinels are the scan errors a problem's message may wrap, by name.
var sentinels = map[string]error{
	"notflowlog": scan.ErrNotFlowLog,
	"parquet":    scan.ErrParquet,
	"corrupt":    scan.ErrCorrupt,
}

// problemEvent encodes one problem reported by a scan.
func problemEvent(obj int, err error) Event {
	ev := Event{Object: obj, Err: err.Error()}
	var oe *scan.ObjectError
	var se *scan.SkipError
	switch {
	case errors.As(err, &se):
		ev.Source, ev.Kind, ev.Err = se.Source, "skip", se.Err.Error()
	case errors.As(err, &oe):
		ev.Source, ev.Line, ev.Err = oe.Source, oe.Line, oe.Err.Error()
	}
	for name, s := range sentinels {
		if errors.Is(err, s) {
			ev.Sentinel = name
		}
	}
	var pe *flowlog.ParseError
	if errors.As(err, &pe) && pe.Err != nil {
		ev.Parse = encodeParseError(pe)
		if pe.Source != "" && pe.Source != ev.Source {
			ev.Parse = nil // another name than the object's: keep the message only
		}
	}
	return ev
}

// remoteError is a problem's message from a worker, still answering
// errors.Is for the scan error it wrapped there.
type remoteError struct {
	msg string
	is  error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.is }

// problem decodes what problemEvent encoded: a *scan.SkipError or a
// *scan.ObjectError with the same message.
func (ev *Event) problem() error {
	var inner error = &remoteError{msg: ev.Err, is: sentinels[ev.Sentinel]}
	if ev.Parse != nil && ev.Sentinel == "" {
		if pe := ev.Parse.decode(ev.Source); pe.Error() == ev.Err {
			inner = pe
		}
	}
	if ev.Kind == "skip" {
		return &scan.SkipError{Source: ev.Source, Err: inner}
	}
	return &scan.ObjectError{Source: ev.Source, Line: ev.Line, Err: inner}
}

// wireStats encodes s for a reply.
func wireStats(s scan.Stats) *Stats {
	w := &Stats{Stats: s}
	for _, e := range s.Errors {
		w.Errors = append(w.Errors, problemEvent(-1, &e))
	}
	for _, e := range s.Skips {
		w.Skips = append(w.Skips, Event{Object: -1, Source: e.Source, Err: e.Err.Error(), Kind: "skip"})
	}
	w.Stats.Errors, w.Stats.Skips = nil, nil
	return w
}

// scanStats decodes what wireStats encoded.
func (w *Stats) scanStats() scan.Stats {
	s := w.Stats
	s.Errors, s.Skips = nil, nil
	for i := range w.Errors {
		ev := &w.Errors[i]
		s.Errors = append(s.Errors, scan.ObjectError{Source: ev.Source, Line: ev.Line,
			Err: &remoteError{msg: ev.Err, is: sentinels[ev.Sentinel]}})
	}
	for i := range w.Skips {
		ev := &w.Skips[i]
		s.Skips = append(s.Skips, scan.ObjectError{Source: ev.Source, Err: &remoteError{msg: ev.Err, is: sentinels[ev.Sentinel]}})
	}
	return s
}
