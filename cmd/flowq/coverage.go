package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/flowq/flowq/coverage"
)

// runCoverage is `flowq coverage`: the window's delivery gaps, SKIPDATA
// and NODATA (package coverage). Its exit status is 0 once the report is
// printed, whatever it says, and 2 on errors.
func (a *app) runCoverage(ctx context.Context, args []string) int {
	o, _, err := parseArgs(append([]string{""}, args...)) // no filter: every record's status counts
	if err == nil && (o.help || o.version || len(o.groupBy) > 0 || o.count || o.limit > 0) {
		err = fmt.Errorf("coverage takes the selecting, running and S3 flags; not --help, --version, --group-by, --count or --limit")
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq coverage: %v\nRun 'flowq --help' for the flags and examples.\n", err)
		return exitError
	}
	q, err := a.prepare(o)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	defer q.enrich.Close()
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	r, st, err := coverage.Run(ctx, q.scan)
	if err == nil {
		err = coverage.WriteText(a.stdout, r, q.tz)
	}
	st.Matched = 1 // a report, not matches: exit 0 when it is printed
	rep.skipped(st)
	if o.stats {
		rep.summary(st)
	}
	return rep.exitCode(ctx, st, err)
}

// writeGapNote is --stats' line on delivery gaps in a search's window.
func writeGapNote(w io.Writer, gaps []coverage.Gap) {
	if len(gaps) == 0 {
		return
	}
	missing, logs := 0, map[string]bool{}
	for _, g := range gaps {
		missing += g.Missing
		logs[coverage.GapSubject(g)] = true
	}
	names := make([]string, 0, len(logs))
	for n := range logs {
		names = append(names, n)
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	fmt.Fprintf(w, "flowq: the window has delivery gaps: %d five-minute deliveries missing in %s (flowq coverage lists them)\n",
		missing, strings.Join(names, ", "))
}
