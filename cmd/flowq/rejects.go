package main

import (
	"context"
	"fmt"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/reject"
)

// rejectEvidence is how many REJECTs of each group show their lines.
const rejectEvidence = 3

// explainRejects is `flowq explain-reject`: the REJECTs the filter
// selects, each paired with its reverse flow and classified (package
// reject), grouped by class, service address and port.
func (a *app) explainRejects(ctx context.Context, args []string) int {
	o, _, err := parseArgs(args)
	if err == nil && (o.help || o.version || len(o.groupBy) > 0 || o.count) {
		err = fmt.Errorf("explain-reject takes the selecting, running and S3 flags; not --help, --version, --group-by or --count")
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq explain-reject: %v\nRun 'flowq --help' for the flags and examples.\n", err)
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
	fs, st, err := reject.Run(ctx, reject.Options{Scan: q.scan, Filter: o.filter,
		FilterOptions: filter.Options{Location: q.tz, Schema: q.schema}})
	if err == nil {
		err = reject.WriteText(a.stdout, reject.Groups(fs), rejectEvidence)
	}
	st.Matched = int64(len(fs)) // the exit status says whether there were REJECTs
	rep.skipped(st)
	if o.stats {
		rep.summary(st)
	}
	return rep.exitCode(ctx, st, err)
}
