package main

import (
	"context"

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
	q, rep, ok := a.prepareReport("explain-reject", o, err, true)
	if !ok {
		return exitError
	}
	defer q.enrich.Close()
	fs, st, err := reject.Run(ctx, reject.Options{Scan: q.scan, Filter: o.filter,
		FilterOptions: filter.Options{Location: q.tz, Schema: q.schema}})
	if err == nil {
		err = reject.WriteText(a.stdout, reject.Groups(fs), rejectEvidence)
	}
	st.Matched = int64(len(fs)) // the exit status says whether there were REJECTs
	return rep.finishReport(ctx, o, st, err)
}
