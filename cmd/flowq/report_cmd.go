package main

import (
	"context"
	"fmt"

	"github.com/flowq/flowq/scan"
)

// prepareReport checks the flags of a command that prints a report
// rather than records (coverage, trace-nat, explain-reject: the selecting,
// running and S3 flags, not the output ones) and prepares its scan. With
// ok false the problem has been printed: exit with exitError. The caller
// closes q.enrich.
func (a *app) prepareReport(name string, o *options, err error, limitOK bool) (q *query, rep *reporter, ok bool) {
	if err == nil && (o.help || o.version || len(o.groupBy) > 0 || o.count || (o.limit > 0 && !limitOK)) {
		not := "--help, --version, --group-by, --count or --limit"
		if limitOK {
			not = "--help, --version, --group-by or --count"
		}
		err = fmt.Errorf("%s takes the selecting, running and S3 flags; not %s", name, not)
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq %s: %v\nRun 'flowq --help' for the flags and examples.\n", name, err)
		return nil, nil, false
	}
	if q, err = a.prepare(o); err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return nil, nil, false
	}
	rep = newReporter(a, q)
	q.scan.OnError = rep.problem
	return q, rep, true
}

// finishReport says what a report's scan passed over (and its summary,
// with --stats) and picks the exit status.
func (r *reporter) finishReport(ctx context.Context, o *options, st scan.Stats, err error) int {
	r.skipped(st)
	if o.stats {
		r.summary(st)
	}
	return r.exitCode(ctx, st, err)
}
