package fanscan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/flowq/flowq/fanout"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// Settings are what a fan-out takes besides the search: the worker
// function, how it is cut and reached, and what the workers are told of
// the objects (format, inflater, S3 settings).
type Settings struct {
	Function    string // name or ARN
	Profile     string // the AWS profile invoking it ("" the default chain)
	Concurrency int    // shards in flight (0: fanout's default)
	MinShards   int    // at least this many shards (0: by size)
	Format      string // for headerless input
	Inflate     string
	S3          fanout.S3
}

// Query is a Records query of filter text for the scan opts: the list
// files the filter names read here, for the workers, and the AWS fields
// of opts.Fields decoded (derived fields are null in S3 objects).
func Query(s Settings, text string, tz *time.Location, opts scan.Options) (fanout.Query, error) {
	fq := fanout.Query{Filter: text, Zone: tz.String(), Since: opts.Since, Until: opts.Until,
		Format: s.Format, Project: opts.Project, Inflate: s.Inflate, CheckEveryLine: opts.CheckEveryLine, Mode: fanout.Records, S3: s.S3}
	// Compiled again to keep the list files it reads, for the workers.
	if _, err := filter.Compile(text, filter.Options{Location: tz, ReadList: fq.ListReader()}); err != nil {
		return fq, fmt.Errorf("invalid filter: %w", err)
	}
	for _, f := range opts.Fields.Fields() {
		if f < flowlog.NumFields {
			fq.Fields = append(fq.Fields, f.String())
		}
	}
	return fq, nil
}

// Options are the fan-out options of s, before the worker is reached.
func Options(s Settings) fanout.Options {
	return fanout.Options{Concurrency: s.Concurrency, Shards: fanout.ShardOptions{MinShards: s.MinShards}}
}

// Connect sets fo's invoker to s.Function and shakes hands with it, so
// that a missing or wrong function is said at once.
func Connect(ctx context.Context, s Settings, fo *fanout.Options) error {
	inv, err := fanout.NewLambdaInvoker(ctx, s.Function, fanout.LambdaOptions{Profile: s.Profile})
	if err != nil {
		return err
	}
	fo.Invoker = inv
	if _, err := fanout.Hello(ctx, *fo); err != nil {
		return fmt.Errorf("%s: %w", output.Visible(s.Function), err)
	}
	return nil
}

// ScanFunc is serve.Config's Scan.
type ScanFunc = func(ctx context.Context, query string, opts scan.Options, emit func(scan.Match) error) (scan.Stats, error)

// PageScan connects to s.Function and returns the help-desk page's
// Config.Scan: each search planned here and read by the workers. Every
// match a worker sends is checked again with the page's matcher (the
// grant, the record sought), so the page shows nothing a local scan of
// opts would not. tz is the zone the page compiles its filters in. The
// function is safe for concurrent use.
func PageScan(ctx context.Context, s Settings, tz *time.Location) (ScanFunc, error) {
	if tz == time.Local {
		return nil, errors.New("the zone Local differs between machines: name a zone (Asia/Tokyo)")
	}
	fo := Options(s)
	if err := Connect(ctx, s, &fo); err != nil {
		return nil, err
	}
	return func(ctx context.Context, query string, opts scan.Options, emit func(scan.Match) error) (scan.Stats, error) {
		opts.Fields = opts.Fields.Union(opts.Filter.Fields()) // what the page's matcher reads, sent back
		fq, err := Query(s, query, tz, opts)
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
