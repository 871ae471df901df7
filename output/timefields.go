package output

import (
	"time"

	"github.com/flowq/flowq/flowlog"
)

// TimeFields are derived fields for grouping by time, in zone tz (nil is
// UTC): "day", the date a flow started (2026-01-15), and "hour", the hour
// it started in (2026-01-15 09:00). They go in a flowlog.Schema for the
// scan and the aggregation: -g day is "per day" as the reader of the
// table counts days. (The filter's own day is another thing: the UTC date
// of end, the S3 partition, as in Athena.)
func TimeFields(tz *time.Location) []flowlog.Derived {
	tz = orUTC(tz)
	at := func(layout string) func(dst []byte, r *flowlog.Record) ([]byte, bool) {
		return func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			t, ok := r.Time(flowlog.Start)
			if !ok {
				return dst, false
			}
			return t.In(tz).AppendFormat(dst, layout), true
		}
	}
	needs := flowlog.SetOf(flowlog.Start)
	return []flowlog.Derived{
		{Name: "day", Needs: needs, Derive: at("2006-01-02")},
		{Name: "hour", Needs: needs, Derive: at("2006-01-02 15:00")},
	}
}
