package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/flowq/flowq/fanout"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/fanscan"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// fanOut runs the search, or --explain, through flowq-lambda workers: the
// listing and pruning here, the reading in the workers (package fanout).
func (a *app) fanOut(ctx context.Context, q *query) int {
	fq, err := q.fanoutQuery()
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: --lambda: %v\n", err)
		return exitError
	}
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	fo := fanscan.Options(lambdaSettings(q.o))
	fo.OnError = rep.problem
	plan, err := scan.Plan(ctx, q.scan)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	if q.o.explain {
		return a.explainFanOut(q, plan, fo)
	}
	if err := fanscan.Connect(ctx, lambdaSettings(q.o), &fo); err != nil {
		fmt.Fprintf(a.stderr, "flowq: --lambda: %v\n", err)
		return exitError
	}
	switch fq.Mode {
	case fanout.Records:
		fo.Emit = q.deriveThen(q.emit(a.stdoutTTY, rep))
	case fanout.Groups:
		fo.Aggregation = q.agg
	}
	if rep.progressOn {
		fo.Progress = rep.progress
	}
	res, err := fanout.Run(ctx, fq, plan, fo)
	rep.clearProgress()
	return a.finishFanOut(ctx, q, rep, res.Stats, err)
}

// finishFanOut prints what is printed at the end and picks the exit
// status, as search does.
func (a *app) finishFanOut(ctx context.Context, q *query, rep *reporter, stats scan.Stats, err error) int {
	err = q.printResult(stats, err)
	rep.skipped(stats)
	rep.shortened(q)
	if q.o.stats {
		rep.summary(stats)
	}
	return rep.exitCode(ctx, stats, err)
}

// fanoutQuery is the query as the workers get it: the command line's
// text, and the list files the filter names.
func (q *query) fanoutQuery() (fanout.Query, error) {
	o := q.o
	if slices.Contains(q.scan.Sources, "-") {
		return fanout.Query{}, errors.New("standard input cannot be fanned out: name files or s3:// sources")
	}
	if o.strict {
		return fanout.Query{}, errors.New("--strict is not supported with --lambda yet")
	}
	if len(o.enrich) > 0 {
		return fanout.Query{}, errors.New("--enrich is not supported with --lambda yet: the workers do not load enrichment files")
	}
	if readsLogGroup(q.scan.Sources) {
		return fanout.Query{}, errors.New("log groups cannot be fanned out: the workers read s3:// objects")
	}
	if q.tz == time.Local {
		return fanout.Query{}, errors.New("--tz Local differs between machines: name a zone (Asia/Tokyo)")
	}
	fq, err := fanscan.Query(lambdaSettings(o), o.filter, q.tz, q.scan)
	if err != nil {
		return fq, err
	}
	fq.Limit, fq.GroupBy = q.scan.Limit, o.groupBy
	switch {
	case q.agg != nil:
		fq.Mode, fq.Fields = fanout.Groups, nil
	case o.count:
		fq.Mode, fq.Fields = fanout.Count, nil
	}
	return fq, nil
}

// lambdaSettings are the --lambda flags and those the workers take
// (--format, --inflate, the S3 flags).
func lambdaSettings(o *options) fanscan.Settings {
	return fanscan.Settings{Function: o.lambda, Profile: o.profile, Concurrency: o.lambdaJobs, MinShards: o.lambdaShards,
		Format: o.format, Inflate: o.inflate, S3: fanout.S3{Region: o.s3Region, PathStyle: o.pathStyle, NoSignRequest: o.noSign}}
}

// explainFanOut shows the usual explanation and the shard plan.
func (a *app) explainFanOut(q *query, plan *scan.PlanResult, fo fanout.Options) int {
	if err := output.WriteExplanation(a.stdout, output.Explanation{Filter: q.filter.String(), Fields: q.filter.Fields(),
		Range: q.filter.Range, Sources: q.scan.Sources, Plan: plan, Zone: q.tz}); err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	writeShardPlan(a.stdout, q.o.lambda, fanout.Shards(plan.Selected, fo.Shards), fo.Concurrency)
	if len(plan.Errors) > 0 {
		return exitError
	}
	return exitMatch
}

// maxShardLines bounds the shards --explain lists one by one.
const maxShardLines = 20

func writeShardPlan(w io.Writer, function string, shards []fanout.Shard, concurrency int) {
	var objects int
	var bytes int64
	for _, s := range shards {
		objects += len(s.Objects)
		bytes += s.Bytes
	}
	fmt.Fprintf(w, "\nFan-out to Lambda function %s:\n", output.Visible(function))
	fmt.Fprintf(w, "  %s shards, %s objects, %s; at least %s invocations (and one handshake), %d at once\n",
		output.Thousands(int64(len(shards))), output.Thousands(int64(objects)), output.HumanBytes(bytes),
		output.Thousands(int64(len(shards))), concurrency)
	for i, s := range shards {
		if i == maxShardLines {
			fmt.Fprintf(w, "  … %d more shards\n", len(shards)-i)
			break
		}
		fmt.Fprintf(w, "  shard %d: %d objects, %s, %s … %s\n", s.Index, len(s.Objects), output.HumanBytes(s.Bytes),
			output.Visible(s.Objects[0].Source), output.Visible(s.Objects[len(s.Objects)-1].Source))
	}
}

// deriveThen computes the derived fields the output prints (the day and
// hour of -g's time fields, say) on each match a worker sent, which
// travels as the line AWS wrote, before emit prints it.
func (q *query) deriveThen(emit func(scan.Match) error) func(scan.Match) error {
	var derived flowlog.FieldSet
	for _, f := range q.schema.Derived() {
		if q.scan.Fields.Has(f) {
			derived.Add(f)
		}
	}
	if derived.IsEmpty() {
		return emit
	}
	return func(m scan.Match) error {
		q.schema.Derive(m.Record, derived)
		return emit(m)
	}
}
