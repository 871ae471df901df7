package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// query is a parsed, validated command line, ready to run.
type query struct {
	o      *options
	tz     *time.Location
	filter *filter.Filter
	scan   scan.Options
	mode   output.Mode
	out    *bufio.Writer  // stdout
	rw     *output.Writer // records
	agg    *output.Aggregation
	enrich *enrich.Set     // --enrich; nil without
	schema *flowlog.Schema // derived fields: -g day/hour, CloudWatch event fields, enrichment
	order  output.Order
	groups int // the groups printed (--top, --limit); 0: all
	width  int // stdout's terminal width, which a table is cut to fit (0: none)
}

// run is flowq's whole life: it parses args, searches and returns the
// exit code.
func (a *app) run(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "serve" {
		return a.serve(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "explain-reject" {
		return a.explainRejects(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "coverage" {
		return a.runCoverage(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "trace-nat" {
		return a.traceNAT(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "export" {
		return a.export(ctx, args[1:])
	}
	o, groups, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\nRun 'flowq --help' for the flags and examples.\n", err)
		return exitError
	}
	if o.help {
		printUsage(a.stdout, groups)
		return exitMatch
	}
	if o.version {
		fmt.Fprintln(a.stdout, versionString())
		return exitMatch
	}
	q, err := a.prepare(o)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	defer q.enrich.Close()
	if o.lambda != "" {
		return a.fanOut(ctx, q)
	}
	if o.explain {
		return a.explain(ctx, q)
	}
	if o.cpuProfile != "" {
		stop, err := startCPUProfile(o.cpuProfile)
		if err != nil {
			fmt.Fprintf(a.stderr, "flowq: --cpuprofile: %v\n", err)
			return exitError
		}
		defer stop()
	}
	return a.search(ctx, q)
}

// prepare turns options into a query: zone, filter, window, sources,
// output mode and columns, or aggregation.
func (a *app) prepare(o *options) (*query, error) {
	tz, err := loadZone(o.tz)
	if err != nil {
		return nil, err
	}
	q := &query{o: o, tz: tz, mode: o.mode, out: bufio.NewWriterSize(a.stdout, 64<<10)}
	if a.stdoutTTY {
		q.width = a.outWidth
	}
	if q.enrich, q.schema, err = loadSchema(o.enrich, tz); err != nil {
		return nil, err
	}
	if q.filter, err = filter.Compile(o.filter, filter.Options{Location: tz, Schema: q.schema}); err != nil {
		return nil, fmt.Errorf("invalid filter: %w", err)
	}
	if q.scan, err = a.scanOptions(o, tz); err != nil {
		return nil, err
	}
	q.scan.Filter, q.scan.Schema = q.filter, q.schema
	q.scan.Resolvers = logGroupResolvers(o, q.filter, q.scan.Format)
	if o.output == "" && a.stdoutTTY {
		q.mode = output.Table
	}
	if len(o.groupBy) > 0 {
		return q, q.chooseGroups()
	}
	if o.sortBy != "" || o.top != 0 {
		return nil, errors.New("--sort and --top need --group-by")
	}
	return q, q.chooseColumns()
}

// chooseGroups sets up the aggregation and the fields it reads.
func (q *query) chooseGroups() error {
	schema := q.schema
	keys, err := output.KeysOf(schema, q.o.groupBy...)
	if err != nil {
		return fmt.Errorf("--group-by: %w", err)
	}
	q.agg = output.NewAggregationOf(schema, keys...)
	if q.order, err = q.agg.Order(q.o.sortBy); err != nil {
		return fmt.Errorf("--sort %w", err)
	}
	q.scan.Fields, q.scan.Project = q.agg.Fields(), true
	// As in SQL, --limit cuts the groups, after they are sorted, not the
	// records that go into them.
	q.scan.Limit, q.groups = 0, q.o.top
	if l := int(q.o.limit); l > 0 && (q.groups == 0 || l < q.groups) {
		q.groups = l
	}
	return nil
}

// chooseColumns sets up the record writer and the fields it prints.
func (q *query) chooseColumns() error {
	cols, err := output.FieldColumnsIn(q.schema, q.o.fields)
	if err != nil {
		return fmt.Errorf("--fields: %w", err)
	}
	if q.mode == output.Table {
		cols = append(output.TableColumns(q.tz), cols...)
	}
	q.rw = output.NewWriter(q.out, output.Options{Mode: q.mode, Columns: cols, Location: q.tz,
		WithSource: q.o.withSource, MaxWidth: q.width})
	q.scan.Fields = q.rw.Fields()
	q.scan.Project = q.o.count || q.rw.Project()
	return nil
}

// loadZone resolves --tz; "Local" is the machine's zone.
func loadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "utc") {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("--tz %q: unknown time zone (use a name like Asia/Tokyo, UTC or Local)", name)
	}
	return loc, nil
}

// scanOptions maps flags onto scan.Options.
func (a *app) scanOptions(o *options, tz *time.Location) (scan.Options, error) {
	so := scan.Options{
		Sources: o.sources, Accounts: o.accounts, Regions: o.regions,
		Workers: o.workers, Unordered: o.unordered, Strict: o.strict, Limit: o.limit,
		Stdin: a.stdin, Inflate: o.inflate, CheckEveryLine: o.checkEveryLine,
		S3: scan.S3Options{Profile: o.profile, Region: o.s3Region, EndpointURL: o.endpoint,
			PathStyle: o.pathStyle, NoSignRequest: o.noSign},
	}
	if len(so.Sources) == 0 {
		if a.stdinTTY {
			return so, errors.New("no SOURCE given: name files, directories, s3://bucket/prefix or cwlogs:LOG-GROUP (or pipe data to stdin)")
		}
		so.Sources = []string{"-"}
	}
	if _, err := scan.ResolveInflate(o.inflate); err != nil {
		return so, err
	}
	var err error
	now := a.now()
	if o.since != "" {
		if so.Since, err = filter.ParseTime(o.since, tz, now); err != nil {
			return so, fmt.Errorf("--since: %w", err)
		}
	}
	if o.until != "" {
		if so.Until, err = filter.ParseTime(o.until, tz, now); err != nil {
			return so, fmt.Errorf("--until: %w", err)
		}
	}
	if !so.Since.IsZero() && !so.Until.IsZero() && !so.Since.Before(so.Until) {
		return so, fmt.Errorf("--since %s is not before --until %s", o.since, o.until)
	}
	if o.format != "" {
		if so.Format, err = flowlog.ParseFormat(o.format); err != nil {
			return so, fmt.Errorf("--format: %w", err)
		}
	}
	return so, nil
}

// search runs the scan and prints matches (or the count, or the groups).
func (a *app) search(ctx context.Context, q *query) int {
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	if rep.progressOn {
		q.scan.Progress, q.scan.ProgressInterval = q.progress(a, rep), a.progressEvery
	}
	ev := q.watchObjects(a.now())
	stats, err := scan.Run(ctx, q.scan, q.emit(a.stdoutTTY, rep))
	rep.clearProgress()
	err = q.printResult(stats, err)
	if merr := q.evidence(ctx, a, ev, stats); merr != nil && err == nil {
		err = merr
	}
	rep.skipped(stats)
	rep.shortened(q)
	if q.o.stats {
		rep.summary(stats)
		writeGapNote(a.stderr, ev.deliveries.Gaps(q.scan.Since, q.scan.Until))
	}
	return rep.exitCode(ctx, stats, err)
}

// printResult prints what was found — also before a failure or an
// interrupt: the exit status and a last message say it is partial — unless
// nothing could be read (no count, no empty table then). It returns the
// error the exit status reports.
func (q *query) printResult(stats scan.Stats, err error) error {
	if ae := stats.AccessFailure(); ae != nil {
		if err == nil {
			err = &readNothing{access: ae}
		}
		return err
	}
	if !isBrokenPipe(err) {
		if ferr := q.finish(stats); err == nil {
			err = ferr
		}
	}
	return err
}

// progress draws the progress line and, on a terminal, shows a table's
// held rows once the scan has run a second, so that rare matches of a slow
// scan show as they are found.
func (q *query) progress(a *app, rep *reporter) func(scan.Stats) {
	return func(s scan.Stats) {
		if a.stdoutTTY && q.rw != nil && s.Elapsed > time.Second {
			_ = rep.aboveProgress(func() error { // a write error surfaces at the next row
				if err := q.rw.Release(); err != nil {
					return err
				}
				return q.out.Flush()
			})
		}
		rep.progress(s)
	}
}

// emit returns what is done with each match: counted into its group,
// nothing (a count), or printed, at once on a terminal.
func (q *query) emit(tty bool, rep *reporter) func(scan.Match) error {
	switch {
	case q.agg != nil:
		return func(m scan.Match) error { q.agg.Add(m.Record); return nil }
	case q.o.count:
		return nil // workers count matches, nothing is copied out
	case !tty:
		return q.rw.Write
	}
	return func(m scan.Match) error { // a terminal: each row shows at once, above the progress line
		return rep.aboveProgress(func() error {
			if err := q.rw.Write(m); err != nil {
				return err
			}
			return q.out.Flush()
		})
	}
}

// finish prints what is printed at the end: the count, the groups, or the
// rest of the records.
func (q *query) finish(stats scan.Stats) error {
	switch {
	case q.o.count:
		fmt.Fprintln(q.out, stats.Matched)
		return q.out.Flush()
	case q.agg != nil:
		if err := q.agg.WriteGroups(q.out, q.mode, q.tz, q.agg.Sorted(q.order, q.groups)); err != nil {
			return err
		}
		return q.out.Flush()
	}
	return q.flush()
}

// flush prints the records held back and flushes stdout.
func (q *query) flush() error {
	if err := q.rw.Flush(); err != nil {
		return err
	}
	return q.out.Flush()
}

// startCPUProfile starts the Go CPU profiler writing to path and returns
// the function that stops it.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// isBrokenPipe reports whether err comes from writing to a closed pipe.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed)
}
