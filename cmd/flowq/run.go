package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// query is a parsed, validated command line, ready to run.
type query struct {
	o      *options
	tz     *time.Location
	filter *filter.Filter
	scan   scan.Options
	mode   string
	cols   []column // table, csv and json columns (json: nil = per format)
	agg    *aggregator
}

// run is flowq's whole life: it parses args, searches and returns the
// exit code.
func (a *app) run(ctx context.Context, args []string) int {
	o, groups, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n\n", err)
		printUsage(a.stderr, groups)
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
// output mode and columns.
func (a *app) prepare(o *options) (*query, error) {
	tz, err := loadZone(o.tz)
	if err != nil {
		return nil, err
	}
	q := &query{o: o, tz: tz, mode: o.output}
	if q.filter, err = filter.Compile(o.filter, filter.Options{Location: tz}); err != nil {
		return nil, fmt.Errorf("invalid filter: %w", err)
	}
	if q.scan, err = a.scanOptions(o, tz); err != nil {
		return nil, err
	}
	q.scan.Filter = q.filter
	if q.mode == "" {
		q.mode = "raw"
		if a.stdoutTTY {
			q.mode = "table"
		}
	}
	if len(o.groupBy) > 0 {
		if q.agg, err = newAggregator(o.groupBy); err != nil {
			return nil, err
		}
		if _, err := q.agg.comparer(o.sortBy); err != nil {
			return nil, err
		}
		q.scan.Fields, q.scan.Project = q.agg.fields(), true
		return q, nil
	}
	if o.sortBy != "" || o.top != 0 {
		return nil, errors.New("--sort and --top need --group-by")
	}
	return q, q.chooseColumns()
}

// chooseColumns picks the output columns and the fields to decode.
func (q *query) chooseColumns() error {
	extra, err := fieldColumns(q.o.fields)
	if err != nil {
		return err
	}
	switch q.mode {
	case "table":
		q.cols = append(tableColumns(q.tz), extra...)
	case "csv":
		q.cols = extra
		if q.cols == nil {
			q.cols = columnsOf(flowlog.DefaultFormat())
		}
	case "json":
		q.cols = extra
	}
	for _, c := range q.cols {
		q.scan.Fields.Add(c.field)
	}
	if q.mode == "table" {
		for _, f := range []flowlog.Field{flowlog.LogStatus, flowlog.TGWAttachmentID, flowlog.ResourceID} {
			q.scan.Fields.Add(f)
		}
	}
	// Sources without lines (Parquet) read only the columns printed,
	// unless the whole record is: raw lines, or JSON of every field.
	q.scan.Project = q.o.count || q.mode == "table" || q.mode == "csv" || (q.mode == "json" && q.cols != nil)
	if q.mode == "json" && q.cols == nil {
		q.scan.Fields = flowlog.AllFields()
	}
	return nil
}

// scanOptions maps flags onto scan.Options.
func (a *app) scanOptions(o *options, tz *time.Location) (scan.Options, error) {
	so := scan.Options{
		Sources: o.sources, Accounts: o.accounts, Regions: o.regions,
		Workers: o.workers, Unordered: o.unordered, Strict: o.strict, Limit: o.limit,
		Stdin: a.stdin,
		S3: scan.S3Options{Profile: o.profile, Region: o.s3Region, EndpointURL: o.endpoint,
			PathStyle: o.pathStyle, NoSignRequest: o.noSign},
	}
	if len(so.Sources) == 0 {
		if a.stdinTTY {
			return so, errors.New("no SOURCE given: name files, directories or s3://bucket/prefix (or pipe data to stdin)")
		}
		so.Sources = []string{"-"}
	}
	var err error
	now := a.now()
	if o.since != "" {
		if so.Since, err = parseWhen(o.since, tz, now); err != nil {
			return so, fmt.Errorf("--since: %w", err)
		}
	}
	if o.until != "" {
		if so.Until, err = parseWhen(o.until, tz, now); err != nil {
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
	w := bufio.NewWriterSize(a.stdout, 64<<10)
	rw := q.recordWriter(w)
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	if rep.progressOn {
		q.scan.Progress = rep.progress
	}
	emit := func(m scan.Match) error {
		switch {
		case q.agg != nil:
			q.agg.add(m.Record)
		case q.o.count:
		default:
			if err := rw.write(m); err != nil {
				return err
			}
			if a.stdoutTTY {
				return w.Flush()
			}
		}
		return nil
	}
	if q.o.count {
		emit = nil // workers count matches, nothing is copied out
	}
	stats, err := scan.Run(ctx, q.scan, emit)
	rep.clearProgress()
	switch {
	case err == nil:
		err = q.finish(w, rw, stats)
	case !isBrokenPipe(err) && q.agg == nil && !q.o.count:
		rw.flush() // deliver what was found before the failure
	}
	rep.skipped(stats)
	if q.o.stats {
		rep.summary(stats)
	}
	return rep.exitCode(ctx, stats, err)
}

func (q *query) recordWriter(w *bufio.Writer) recordWriter {
	switch q.mode {
	case "json":
		return &jsonWriter{w: w, cols: q.cols, withSource: q.o.withSource, formatCols: map[*flowlog.Format][]column{}}
	case "csv":
		return &csvWriter{w: w, cols: q.cols, withSource: q.o.withSource}
	case "table":
		return newTableWriter(w, q.cols, q.tz, q.o.withSource)
	}
	return &rawWriter{w: w, withSource: q.o.withSource}
}

// finish prints what is printed at the end: the count, the groups, or the
// rest of the records.
func (q *query) finish(w *bufio.Writer, rw recordWriter, stats scan.Stats) error {
	switch {
	case q.o.count:
		fmt.Fprintln(w, stats.Matched)
		return w.Flush()
	case q.agg != nil:
		groups, err := q.agg.sorted(q.o.sortBy)
		if err != nil {
			return err
		}
		if q.o.top > 0 && len(groups) > q.o.top {
			groups = groups[:q.o.top]
		}
		return writeGroups(w, q.mode, q.agg.table(groups, q.tz, q.mode == "table"), q.tz)
	}
	return rw.flush()
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
