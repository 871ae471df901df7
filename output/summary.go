package output

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/scan"
)

// Summary describes a finished scan in two lines (joined by "\n", without
// a final one): objects (and folders, for listed stores), then bytes,
// records, matches, malformed lines, Parquet pruning and the requests to
// S3 or CloudWatch Logs where there were any, and the time taken.
func Summary(s scan.Stats) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s objects listed, %s pruned, %s read, %s skipped, %s failed",
		Thousands(s.ObjectsListed), Thousands(s.ObjectsPruned), Thousands(s.ObjectsRead),
		Thousands(s.ObjectsSkipped), Thousands(s.ObjectsFailed))
	if s.PrefixesListed+s.PrefixesPruned+s.PrefixesFailed > 0 {
		fmt.Fprintf(&b, "; folders: %s listed, %s pruned, %s failed",
			Thousands(s.PrefixesListed), Thousands(s.PrefixesPruned), Thousands(s.PrefixesFailed))
	}
	fmt.Fprintf(&b, "\n%s read (%s of text), %s records, %s matched, %s malformed lines",
		HumanBytes(s.BytesCompressed), HumanBytes(s.BytesUncompressed), Thousands(s.Records),
		Thousands(s.Matched), Thousands(s.Malformed))
	if s.LinesPassed > 0 {
		fmt.Fprintf(&b, " (%s records passed over unsplit, without the filter's literal)", Thousands(s.LinesPassed))
	}
	if s.RowGroups > 0 {
		fmt.Fprintf(&b, "; Parquet: %s of %s row groups and %s pages skipped on statistics",
			Thousands(s.RowGroupsSkipped), Thousands(s.RowGroups), Thousands(s.PagesSkipped))
	}
	if s.GzipWhole+s.GzipStreamed > 0 {
		fmt.Fprintf(&b, "; gzip: %s whole (libdeflate), %s streamed (go)", Thousands(s.GzipWhole), Thousands(s.GzipStreamed))
	}
	if s.ControlMessages > 0 {
		fmt.Fprintf(&b, "; %s CloudWatch Logs control messages skipped", Thousands(s.ControlMessages))
	}
	if s.ListRequests+s.GetRequests > 0 {
		fmt.Fprintf(&b, "; requests: %s to list, %s to read", Thousands(s.ListRequests), Thousands(s.GetRequests))
	}
	fmt.Fprintf(&b, "; %s", s.Elapsed.Round(time.Millisecond))
	return b.String()
}

// Progress describes a scan under way in one line: objects done of those
// to read, bytes read, the rate of text, matches, and the time left.
func Progress(s scan.Stats) string {
	done := s.ObjectsRead + s.ObjectsFailed + s.ObjectsSkipped
	total := Thousands(s.ObjectsListed - s.ObjectsPruned)
	if !s.ListingDone {
		total += "+" // still listing: more may come
	}
	line := fmt.Sprintf("%s/%s objects, %s read at %s/s, %s matched", Thousands(done), total,
		HumanBytes(s.BytesCompressed), HumanBytes(rate(s.BytesCompressed, s.Elapsed)), Thousands(s.Matched))
	if left := s.ObjectsListed - s.ObjectsPruned - done; s.ListingDone && done > 0 && left > 0 {
		eta := time.Duration(float64(s.Elapsed) / float64(done) * float64(left))
		line += fmt.Sprintf(", %s left", eta.Round(time.Second))
	}
	return line
}

func rate(n int64, d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(float64(n) / d.Seconds())
}

// Incomplete says what a scan could not read ("4 malformed lines were
// skipped"), or "" if it read everything (s.Incomplete() is false).
func Incomplete(s scan.Stats) string {
	var parts []string
	for _, p := range []struct {
		n    int64
		what string
	}{
		{s.ObjectsFailed, "objects could not be read"},
		{s.PrefixesFailed, "folders could not be listed"},
		{s.Malformed, "malformed lines were skipped"},
	} {
		if p.n > 0 {
			parts = append(parts, Thousands(p.n)+" "+p.what)
		}
	}
	return strings.Join(parts, ", ")
}

// HumanBytes renders a byte count in SI units: 512 B, 1.5 kB, 2.0 GB.
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// Thousands renders n with comma separators: 12,345,678.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// NothingRead says why a scan looked at no record — no objects under its
// sources, or all of them outside the window, accounts or regions asked
// for — or "" if it read something (or skipped something, which is said
// apart).
func NothingRead(s scan.Stats, sources []string) string {
	if s.ObjectsRead > 0 || s.ObjectsSkipped > 0 {
		return ""
	}
	if s.ObjectsListed == 0 && s.ObjectsPruned+s.PrefixesPruned == 0 {
		return "nothing was read: no objects under " + Visible(strings.Join(sources, " "))
	}
	return fmt.Sprintf("nothing was read: %s objects and %s folders were outside the time window, accounts or regions asked for (--explain shows them)",
		Thousands(s.ObjectsPruned), Thousands(s.PrefixesPruned))
}
