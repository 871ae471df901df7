package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/flowq/flowq/export"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

const exportUsage = "usage: flowq export --parquet DIR [flags] FILTER SOURCE..."

// export is "flowq export --parquet DIR [flags] FILTER SOURCE…": the
// selected records written as Parquet in AWS's Hive layout below DIR (a
// local directory; never a bucket, never over an existing file).
func (a *app) export(ctx context.Context, args []string) int {
	dir, rest, err := cutParquetFlag(args)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq export: %v\n%s\n", err, exportUsage)
		return exitError
	}
	o, _, err := parseArgs(rest)
	if err != nil || o.help {
		if err == nil {
			fmt.Fprintln(a.stdout, exportUsage)
			return exitMatch
		}
		fmt.Fprintf(a.stderr, "flowq export: %v\n%s\n", err, exportUsage)
		return exitError
	}
	if o.count || len(o.groupBy) > 0 || o.lambda != "" || o.explain {
		fmt.Fprintln(a.stderr, "flowq export: -c, --group-by, --lambda and --explain do not apply")
		return exitError
	}
	q, err := a.prepare(o)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq export: %v\n", err)
		return exitError
	}
	ex, err := export.New(export.Options{Dir: dir})
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	q.scan.Fields, q.scan.Project = flowlog.AllFields(), false // every column goes out
	var unplaced int64
	stats, err := scan.Run(ctx, q.scan, func(m scan.Match) error {
		err := ex.Write(m)
		if errors.Is(err, export.ErrNoPartition) {
			unplaced++
			rep.problem(err)
			return nil
		}
		return err
	})
	if cerr := ex.Close(); err == nil {
		err = cerr
	}
	keys, _ := ex.Objects()
	fmt.Fprintf(a.stdout, "exported %s records into %s Parquet objects below %s\n",
		output.Thousands(stats.Matched-unplaced), output.Thousands(int64(len(keys))), output.Visible(dir))
	if unplaced > 0 && err == nil {
		err = fmt.Errorf("%s records had no account, region or time to place them by, and were not exported", output.Thousands(unplaced))
	}
	rep.skipped(stats)
	if q.o.stats {
		rep.summary(stats)
	}
	return rep.exitCode(ctx, stats, err)
}

// cutParquetFlag takes --parquet DIR (or --parquet=DIR) out of args.
func cutParquetFlag(args []string) (dir string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--parquet" && i+1 < len(args):
			dir = args[i+1]
			i++
		case strings.HasPrefix(a, "--parquet="):
			dir = strings.TrimPrefix(a, "--parquet=")
		default:
			rest = append(rest, a)
		}
	}
	if dir == "" {
		return "", nil, errors.New("--parquet DIR is required")
	}
	return dir, rest, nil
}
