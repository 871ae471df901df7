package coverage

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/flowq/flowq/output"
)

// WriteText prints r for people, times in tz (nil: UTC), values escaped.
func WriteText(w io.Writer, r *Report, tz *time.Location) error {
	if tz == nil {
		tz = time.UTC
	}
	bw := bufio.NewWriter(w)
	if r.FlowLogs == 0 && len(r.Statuses) == 0 {
		fmt.Fprintln(bw, "no flow log objects with AWS names were found: nothing to measure coverage by")
		return bw.Flush()
	}
	if len(r.Gaps) == 0 && len(r.Statuses) == 0 {
		fmt.Fprintln(bw, "no delivery gaps, SKIPDATA or NODATA in the window")
		return bw.Flush()
	}
	if len(r.Gaps) > 0 {
		fmt.Fprintln(bw, "delivery gaps (no object for these 5-minute windows: quiet, or lost; the logs cannot tell):")
		for _, g := range r.Gaps {
			fmt.Fprintf(bw, "  %s: %s, %d %s missing\n", GapSubject(g), span(g.From, g.To, tz), g.Missing, plural(g.Missing, "delivery", "deliveries"))
		}
	}
	for _, kind := range []struct{ status, title string }{
		{"SKIPDATA", "SKIPDATA (records lost at the source, capacity):"},
		{"NODATA", "NODATA (the interface logged no traffic):"},
	} {
		first := true
		for _, s := range r.Statuses {
			if s.Status != kind.status {
				continue
			}
			if first {
				fmt.Fprintln(bw, kind.title)
				first = false
			}
			fmt.Fprintf(bw, "  %s: %d %s, %s\n", output.Visible(s.Interface), s.Records, plural(s.Records, "record", "records"), span(s.First, s.Last, tz))
		}
	}
	return bw.Flush()
}

// GapSubject names a gap's flow log: "fl-0a1 (111122223333 us-east-1)".
func GapSubject(g Gap) string {
	return fmt.Sprintf("%s (%s %s)", output.Visible(g.FlowLog.ID), output.Visible(g.FlowLog.Account), output.Visible(g.FlowLog.Region))
}

func span(from, to time.Time, tz *time.Location) string {
	f, t := from.In(tz), to.In(tz)
	const day, clock = "2006-01-02 15:04:05", "15:04:05"
	zone := f.Format("MST")
	if f.Format("2006-01-02") == t.Format("2006-01-02") {
		return f.Format(day) + "–" + t.Format(clock) + " " + zone
	}
	return f.Format(day) + " – " + t.Format(day) + " " + zone
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
