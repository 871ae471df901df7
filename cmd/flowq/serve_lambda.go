package main

import (
	"context"
	"errors"
	"time"

	"github.com/flowq/flowq/fanout"
	"github.com/flowq/flowq/scan"
)

// lambdaScan returns the page's Config.Scan for flowq serve --lambda: each
// search planned here and read by the worker function, as a search with
// --lambda is (workerQuery, connectLambda). Every match a worker sends
// is checked again with the page's matcher (the grant, the record
// sought), so the page shows nothing a local scan would not. It shakes
// hands with the worker once, before the page starts.
func lambdaScan(ctx context.Context, o *options, tz *time.Location) (func(context.Context, string, scan.Options, func(scan.Match) error) (scan.Stats, error), error) {
	if tz == time.Local {
		return nil, errors.New("--lambda: --tz Local differs between machines: name a zone (Asia/Tokyo)")
	}
	fo := lambdaOptions(o)
	if err := connectLambda(ctx, o, &fo); err != nil {
		return nil, err
	}
	return func(ctx context.Context, query string, opts scan.Options, emit func(scan.Match) error) (scan.Stats, error) {
		opts.Fields = opts.Fields.Union(opts.Filter.Fields()) // what the page's matcher reads, sent back
		fq, err := workerQuery(o, query, tz, opts)
		if err != nil {
			return scan.Stats{}, err
		}
		plan, err := scan.Plan(ctx, opts)
		if err != nil {
			return scan.Stats{}, err
		}
		run := fo // a copy per search: the callbacks are this search's
		run.OnError, run.Progress = opts.OnError, opts.Progress
		run.Emit = func(m scan.Match) error {
			if !opts.Filter.Match(m.Record) {
				return nil
			}
			return emit(m)
		}
		res, err := fanout.Run(ctx, fq, plan, run)
		return res.Stats, err
	}, nil
}

// checkServeLambda refuses what the workers cannot do for the page.
func checkServeLambda(so *serveOptions) error {
	switch {
	case len(so.o.enrich) > 0:
		return errors.New("--enrich is not supported with --lambda yet: the workers do not load enrichment files")
	case readsLogGroup(so.sources):
		return errors.New("log groups cannot be fanned out: the workers read s3:// objects")
	}
	return nil
}
