package flowlog

import "time"

// Event is the CloudWatch Logs envelope of a record: the log event whose
// message the record's line is. Records read from a log group, a
// subscription (Firehose) payload or an export carry one; others carry
// none. An Event never changes once made, so records, clones and batches
// share it, and it is safe for concurrent use.
type Event struct {
	Group  string // log group name; "" if not known (an export)
	Stream string // log stream name; "" if not known
	ID     string // event ID; "" if not known (an export)
	Time   int64  // event timestamp, Unix milliseconds (for flow logs: start)
}

// Event returns the record's CloudWatch Logs event, or nil.
func (r *Record) Event() *Event { return r.event }

// SetEvent attaches e (which must not change afterwards) to r; nil clears it.
func (r *Record) SetEvent(e *Event) { r.event = e }

// EventFields are derived fields from a record's Event, for a Schema:
// "event_time" (the event timestamp, RFC 3339 UTC with milliseconds, as
// CloudWatch's @timestamp), "log_group", "log_stream" (which names the
// interface) and "event_id". Records without an Event have them null.
// They read no AWS field and are safe for concurrent use.
func EventFields() []Derived {
	text := func(get func(*Event) string) func([]byte, *Record) ([]byte, bool) {
		return func(dst []byte, r *Record) ([]byte, bool) {
			if r.event == nil || get(r.event) == "" {
				return dst, false
			}
			return append(dst, get(r.event)...), true
		}
	}
	return []Derived{
		{Name: "event_time", Derive: eventTime},
		{Name: "log_group", Derive: text(func(e *Event) string { return e.Group })},
		{Name: "log_stream", Derive: text(func(e *Event) string { return e.Stream })},
		{Name: "event_id", Derive: text(func(e *Event) string { return e.ID })},
	}
}

func eventTime(dst []byte, r *Record) ([]byte, bool) {
	if r.event == nil {
		return dst, false
	}
	return time.UnixMilli(r.event.Time).UTC().AppendFormat(dst, "2006-01-02T15:04:05.000Z07:00"), true
}
