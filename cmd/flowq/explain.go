package main

import (
	"context"
	"fmt"

	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// explain shows how the filter was understood and what a search would
// read, without reading any record.
func (a *app) explain(ctx context.Context, q *query) int {
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	plan, err := scan.Plan(ctx, q.scan)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	if err := output.WriteExplanation(a.stdout, output.Explanation{Filter: q.filter.String(), Fields: q.filter.Fields(),
		Range: q.filter.Range, Sources: q.scan.Sources, Plan: plan, Zone: q.tz, Schema: q.schema}); err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	if p := cwlogsOptions(q.o, q.filter, q.scan.Format).FilterPattern; p != "" && readsLogGroup(q.scan.Sources) {
		fmt.Fprintf(a.stdout, "log groups:  FilterLogEvents asks only for events matching %s\n", p)
	}
	if len(plan.Errors) > 0 {
		return exitError
	}
	return exitMatch
}
