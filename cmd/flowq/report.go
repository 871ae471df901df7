package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// maxLineMessages bounds the malformed-line messages printed; the rest are
// counted in the summary.
const maxLineMessages = 20

// reporter writes diagnostics, the progress line and the summary to
// stderr, never mixed with the data on stdout.
type reporter struct {
	// mu serializes what reaches the terminal: the progress line, messages
	// and (on a terminal) table rows, so that rows never land on the
	// progress line.
	mu           sync.Mutex
	a            *app
	progressOn   bool
	lineMessages int
	drawn        bool
	last         error    // the last problem printed, so that a fatal one is said once
	sources      []string // as given, for messages
	namedSkipped bool     // a file named on the command line, or stdin, was not a flow log
}

func newReporter(a *app, q *query) *reporter {
	on := q.o.progress == "always" || (q.o.progress == "auto" && a.stderrTTY)
	return &reporter{a: a, progressOn: on, sources: q.scan.Sources}
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
	r.last = err
	r.print("flowq: " + err.Error())
}

// print writes one message. Object keys, file names and log text in it
// are data: whatever could drive the terminal is escaped (output.Visible).
func (r *reporter) print(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearProgress()
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = output.Visible(l)
	}
	fmt.Fprintln(r.a.stderr, strings.Join(lines, "\n"))
}

// progress draws the progress line (objects and bytes done, rate, time
// left), cut to the terminal's width so that it never wraps.
func (r *reporter) progress(s scan.Stats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	line := "flowq: " + output.Progress(s)
	if w := r.a.width; w > 1 && len(line) >= w {
		line = line[:w-1]
	}
	fmt.Fprintf(r.a.stderr, "\r\033[K%s", line)
	r.drawn = true
}

// aboveProgress runs write, which prints to stdout, with the progress line
// cleared first, so that the two never share a line of the terminal.
func (r *reporter) aboveProgress(write func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearProgress()
	return write()
}

// clearProgress erases the progress line; the caller holds mu or is the
// only goroutine left.
func (r *reporter) clearProgress() {
	if r.drawn {
		fmt.Fprint(r.a.stderr, "\r\033[K")
		r.drawn = false
	}
}

// maxSkipMessages bounds the skipped objects named one by one.
const maxSkipMessages = 20

// skipped names the objects passed over as not flow logs (other AWS logs
// in the bucket, junk), in key order, so that a file named by mistake does
// not vanish without a word.
func (r *reporter) skipped(s scan.Stats) {
	skips := slices.SortedFunc(slices.Values(s.Skips), func(a, b scan.ObjectError) int { return strings.Compare(a.Source, b.Source) })
	for i, e := range skips {
		if i == maxSkipMessages {
			break
		}
		r.print(fmt.Sprintf("flowq: skipped: %v", &e))
		if slices.Contains(r.sources, e.Source) && errors.Is(e.Err, scan.ErrNotFlowLog) {
			r.namedSkipped = true
			r.print("hint: if it is a flow log without a header line (a CloudWatch Logs export, Firehose), give its format: --format '${version} ${account-id} ...'")
		}
	}
	if more := s.ObjectsSkipped - int64(min(len(skips), maxSkipMessages)); more > 0 {
		r.print(fmt.Sprintf("flowq: skipped %s more objects (--stats counts them)", output.Thousands(more)))
	}
}

// shortened says when a table's values were cut to fit the terminal.
func (r *reporter) shortened(q *query) {
	if q.rw == nil || q.rw.Shortened() == 0 {
		return
	}
	r.print(fmt.Sprintf("flowq: %s values shortened (…) to fit %d columns; -o csv shows them whole",
		output.Thousands(q.rw.Shortened()), q.width))
}

// summary prints the --stats summary.
func (r *reporter) summary(s scan.Stats) {
	r.print("flowq: " + strings.ReplaceAll(output.Summary(s), "\n", "\nflowq: "))
}

// exitCode prints a fatal error, if any, and picks the exit status.
func (r *reporter) exitCode(ctx context.Context, s scan.Stats, err error) int {
	switch {
	case err != nil && isBrokenPipe(err):
		return exitMatch // the reader went away (| head): not an error
	case ctx.Err() != nil:
		r.print(fmt.Sprintf("flowq: interrupted after %s matches: the result above is partial", output.Thousands(s.Matched)))
		return exitInterrupted
	case errors.As(err, new(*readNothing)):
		r.print("flowq: " + err.Error())
		return exitError
	case err != nil:
		if !errors.Is(err, r.last) { // strict mode's problem was printed as it happened
			r.print("flowq: " + err.Error())
		}
		if s.ObjectsListed+s.PrefixesListed > 0 { // the scan had begun
			r.print("flowq: the scan stopped: the result above is partial")
		}
		return exitError
	case s.Incomplete():
		r.print("flowq: incomplete result: " + output.Incomplete(s))
		return exitError
	case r.namedSkipped:
		return exitError // what was asked for by name could not be read
	case s.Matched == 0:
		r.nothingRead(s)
		return exitNoMatch
	}
	return exitMatch
}

// nothingRead says why no record was looked at, so that a mistyped prefix
// or a window without data does not pass for "nothing matched".
func (r *reporter) nothingRead(s scan.Stats) {
	if msg := output.NothingRead(s, r.sources); msg != "" {
		r.print("flowq: " + msg)
	}
}

// readNothing is a scan that read nothing because S3 would not let it: a
// failure, not "no match".
type readNothing struct{ access *scan.AccessError }

func (e *readNothing) Error() string {
	return "nothing could be read: " + e.access.Kind.String() + "\nhint: " + accessHints[e.access.Kind]
}

// accessHints say what to do about each kind of access failure.
var accessHints = map[scan.AccessKind]string{
	scan.NoCredentials:  "give a profile (--profile NAME or AWS_PROFILE; for SSO, run aws sso login first), set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add --no-sign-request for a public bucket",
	scan.BadCredentials: "check the access key and secret, or choose another profile with --profile; an expired session needs a new login",
	scan.Denied:         "the credentials in use may not list or read here: flowq needs s3:ListBucket and s3:GetObject (see the README's S3 section), or try another --profile",
	scan.NoBucket:       "check the bucket's name in s3://BUCKET/prefix",
	scan.WrongRegion:    "give the bucket's region with --s3-region",
	scan.Unreachable:    "check --endpoint-url (or AWS_ENDPOINT_URL_S3) and the network",
}
