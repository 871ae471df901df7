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
	q, rep, ok := a.prepareReport("coverage", o, err, false)
	if !ok {
		return exitError
	}
	defer q.enrich.Close()
	r, st, err := coverage.Run(ctx, q.scan)
	if err == nil {
		err = coverage.WriteText(a.stdout, r, q.tz)
	}
	st.Matched = 1 // a report, not matches: exit 0 when it is printed
	return rep.finishReport(ctx, o, st, err)
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
