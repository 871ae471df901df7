package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// maxExplainObjects bounds the objects --explain lists one by one.
const maxExplainObjects = 50

// explain shows how the filter was understood and what a search would
// read, without reading any record.
func (a *app) explain(ctx context.Context, q *query) int {
	w := a.stdout
	fmt.Fprintf(w, "filter:      %s\n", orAll(q.filter.String()))
	fmt.Fprintf(w, "fields read: %s\n", fieldNames(q.filter.Fields()))
	for _, f := range []flowlog.Field{flowlog.Start, flowlog.End} {
		if lo, hi, ok := q.filter.Range(f); ok {
			fmt.Fprintf(w, "%-12s %s\n", f.String()+":", rangeText(lo, hi, q.tz))
		}
	}
	rep := newReporter(a, q)
	q.scan.OnError = rep.problem
	plan, err := scan.Plan(ctx, q.scan)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq: %v\n", err)
		return exitError
	}
	fmt.Fprintf(w, "window:      %s\n", windowText(plan.Window, q.tz))
	fmt.Fprintf(w, "sources:     %s\n", strings.Join(q.scan.Sources, " "))
	a.explainObjects(w, plan)
	if len(plan.Errors) > 0 {
		return exitError
	}
	return exitMatch
}

func (a *app) explainObjects(w io.Writer, plan *scan.PlanResult) {
	var bytes int64
	for _, o := range plan.Selected {
		bytes += max(o.Size, 0)
	}
	var prunedDirs, prunedObjects int
	for _, p := range plan.Pruned {
		if p.Dir {
			prunedDirs++
		} else {
			prunedObjects++
		}
	}
	fmt.Fprintf(w, "folders:     %d listed, %d pruned without listing\n", len(plan.Listed), prunedDirs)
	fmt.Fprintf(w, "objects:     %d to read (%s), %d pruned\n", len(plan.Selected), output.HumanBytes(bytes), prunedObjects)
	for i, o := range plan.Selected {
		if i == maxExplainObjects {
			fmt.Fprintf(w, "  ... and %d more\n", len(plan.Selected)-i)
			break
		}
		fmt.Fprintf(w, "  read  %s (%s)\n", o.Source, output.HumanBytes(max(o.Size, 0)))
	}
	for i, p := range plan.Pruned {
		if i == maxExplainObjects {
			fmt.Fprintf(w, "  ... and %d more pruned\n", len(plan.Pruned)-i)
			break
		}
		fmt.Fprintf(w, "  skip  %s (%s)\n", p.Source, p.Reason)
	}
}

func orAll(s string) string {
	if s == "" {
		return "true (every record)"
	}
	return s
}

func fieldNames(fs flowlog.FieldSet) string {
	var names []string
	for _, f := range fs.Fields() {
		names = append(names, f.Column())
	}
	if names == nil {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

func rangeText(lo, hi int64, tz *time.Location) string {
	return fmt.Sprintf("%s … %s", unixText(lo, tz), unixText(hi, tz))
}

func unixText(v int64, tz *time.Location) string {
	if v <= 0 || v >= 253402300799 {
		return "unbounded"
	}
	t := time.Unix(v, 0)
	local := t.In(tz).Format("2006-01-02 15:04:05 MST")
	if tz == time.UTC {
		return local
	}
	return fmt.Sprintf("%s (%s UTC)", local, t.UTC().Format("2006-01-02 15:04:05"))
}

func windowText(win scan.Window, tz *time.Location) string {
	if !win.Bounded() {
		return "unbounded (every day is read)"
	}
	lo, hi := "unbounded", "unbounded"
	if win.HasLo {
		lo = unixText(win.Lo, tz)
	}
	if win.HasHi {
		hi = unixText(win.Hi, tz)
	}
	return fmt.Sprintf("records ending at or after %s and starting at or before %s", lo, hi)
}
