package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// maxLineMessages bounds the malformed-line messages printed; the rest are
// counted in the summary.
const maxLineMessages = 20

// reporter writes diagnostics, the progress line and the summary to
// stderr, never mixed with the data on stdout.
type reporter struct {
	a            *app
	progressOn   bool
	lineMessages int
	drawn        bool
}

func newReporter(a *app, q *query) *reporter {
	on := q.o.progress == "always" || (q.o.progress == "auto" && a.stderrTTY)
	return &reporter{a: a, progressOn: on}
}

// problem prints one per-object or per-line problem as it happens.
func (r *reporter) problem(err error) {
	if _, skipped := errors.AsType[*scan.SkipError](err); skipped {
		return // said once, at the end (skipped)
	}
	var pe *flowlog.ParseError
	if errors.As(err, &pe) {
		if pe.Source != "" {
			err = pe // it names the object and line already
		}
		r.lineMessages++
		if r.lineMessages > maxLineMessages {
			if r.lineMessages == maxLineMessages+1 {
				r.print("flowq: more malformed lines; they are counted in the summary (--stats)")
			}
			return
		}
	}
	r.print("flowq: " + err.Error())
}

func (r *reporter) print(msg string) {
	r.clearProgress()
	fmt.Fprintln(r.a.stderr, msg)
}

// progress draws the progress line (objects and bytes done, rate, ETA).
func (r *reporter) progress(s scan.Stats) {
	done := s.ObjectsRead + s.ObjectsFailed + s.ObjectsSkipped
	total := s.ObjectsListed - s.ObjectsPruned
	line := fmt.Sprintf("flowq: %d/%d objects, %s read, %s/s, %s matched",
		done, total, humanBytes(s.BytesCompressed), humanBytes(rate(s.BytesUncompressed, s.Elapsed)),
		thousands(s.Matched))
	if done > 0 && total > done {
		eta := time.Duration(float64(s.Elapsed) / float64(done) * float64(total-done))
		line += fmt.Sprintf(", ETA %s", eta.Round(time.Second))
	}
	fmt.Fprintf(r.a.stderr, "\r\033[K%s", line)
	r.drawn = true
}

func (r *reporter) clearProgress() {
	if r.drawn {
		fmt.Fprint(r.a.stderr, "\r\033[K")
		r.drawn = false
	}
}

func rate(n int64, d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(float64(n) / d.Seconds())
}

// skipped says, in one line, that objects were passed over as not flow
// logs (other AWS logs in the bucket, junk), so that a file named by
// mistake does not vanish without a word.
func (r *reporter) skipped(s scan.Stats) {
	if s.ObjectsSkipped == 0 || len(s.Skips) == 0 {
		return
	}
	msg := fmt.Sprintf("flowq: skipped: %v", &s.Skips[0])
	if s.ObjectsSkipped > 1 {
		msg = fmt.Sprintf("flowq: skipped %s objects; the first: %v", thousands(s.ObjectsSkipped), &s.Skips[0])
	}
	r.print(msg)
}

// summary prints the --stats summary.
func (r *reporter) summary(s scan.Stats) {
	var b strings.Builder
	fmt.Fprintf(&b, "flowq: %s objects listed, %s pruned, %s read, %s skipped, %s failed",
		thousands(s.ObjectsListed), thousands(s.ObjectsPruned), thousands(s.ObjectsRead),
		thousands(s.ObjectsSkipped), thousands(s.ObjectsFailed))
	if s.PrefixesListed+s.PrefixesPruned+s.PrefixesFailed > 0 {
		fmt.Fprintf(&b, "; folders: %s listed, %s pruned, %s failed",
			thousands(s.PrefixesListed), thousands(s.PrefixesPruned), thousands(s.PrefixesFailed))
	}
	fmt.Fprintf(&b, "\nflowq: %s read (%s of text), %s records, %s matched, %s malformed lines",
		humanBytes(s.BytesCompressed), humanBytes(s.BytesUncompressed), thousands(s.Records),
		thousands(s.Matched), thousands(s.Malformed))
	if s.RowGroups > 0 {
		fmt.Fprintf(&b, "; Parquet: %s of %s row groups and %s pages skipped on statistics",
			thousands(s.RowGroupsSkipped), thousands(s.RowGroups), thousands(s.PagesSkipped))
	}
	if s.ListRequests+s.GetRequests > 0 {
		fmt.Fprintf(&b, "; S3: %s LIST, %s GET", thousands(s.ListRequests), thousands(s.GetRequests))
	}
	fmt.Fprintf(&b, "; %s", s.Elapsed.Round(time.Millisecond))
	r.print(b.String())
}

// exitCode prints a fatal error, if any, and picks the exit status.
func (r *reporter) exitCode(ctx context.Context, s scan.Stats, err error) int {
	switch {
	case err != nil && isBrokenPipe(err):
		return exitMatch // the reader went away (| head): not an error
	case ctx.Err() != nil:
		r.print(fmt.Sprintf("flowq: interrupted after %s matches", thousands(s.Matched)))
		return exitInterrupted
	case err != nil:
		r.print("flowq: " + err.Error())
		return exitError
	case s.Incomplete():
		r.print("flowq: incomplete result: " + incompleteText(s))
		return exitError
	case s.Matched == 0:
		return exitNoMatch
	}
	return exitMatch
}

// humanBytes renders a byte count in SI units (kB, MB, GB).
func humanBytes(n int64) string {
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

// thousands renders n with comma separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
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

// incompleteText says what could not be read.
func incompleteText(s scan.Stats) string {
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
			parts = append(parts, thousands(p.n)+" "+p.what)
		}
	}
	return strings.Join(parts, ", ")
}
