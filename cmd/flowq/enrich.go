package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/flowq/flowq/coverage"
	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/manifest"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// loadSchema loads the --enrich files and makes the schema of the derived
// fields: day and hour (for -g) and the enrichment's.
func loadSchema(files []string, tz *time.Location) (*enrich.Set, *flowlog.Schema, error) {
	set, err := enrich.Load(context.Background(), files...)
	if err != nil {
		return nil, nil, err
	}
	fields := append(output.TimeFields(tz), flowlog.EventFields()...)
	schema, err := flowlog.NewSchema(append(fields, set.Fields()...)...)
	if err != nil {
		set.Close()
		return nil, nil, fmt.Errorf("--enrich: %w", err)
	}
	return set, schema, nil
}

// warnNewer says which enrichment files were made after the first flow
// matched: AWS moves prefixes and databases change, so their answers
// describe a later time than the flows.
func warnNewer(w io.Writer, set *enrich.Set, schema *flowlog.Schema, read flowlog.FieldSet, first time.Time) {
	if first.IsZero() {
		return
	}
	used := func(name string) bool {
		f, ok := schema.Lookup(name)
		return ok && read.Has(f)
	}
	for _, f := range set.Newer(first, used) {
		fmt.Fprintf(w, "flowq: warning: --enrich %s was made %s, after the flows (from %s): its answers may not hold for them\n",
			output.Visible(f.Path), f.Date.UTC().Format(time.RFC3339), first.UTC().Format(time.RFC3339))
	}
}

// objectWatch follows the objects a search reads: the first delivery
// stamp with matches (for warnNewer) and the manifest's collector.
type objectWatch struct {
	mu         sync.Mutex
	first      time.Time
	collector  *manifest.Collector // --manifest; nil without
	deliveries coverage.Deliveries // for --stats' note on gaps
}

// watchObjects sets OnObject when --manifest or --enrich need it.
func (q *query) watchObjects(now time.Time) *objectWatch {
	ev := &objectWatch{}
	if q.o.manifest != "" {
		ev.collector = manifest.NewCollector(now)
	}
	if ev.collector == nil && len(q.enrich.Files()) == 0 && !q.o.stats {
		return ev
	}
	q.scan.OnObject = func(r scan.ObjectReport) {
		ev.deliveries.Add(r)
		if ev.collector != nil {
			ev.collector.Add(r)
		}
		if r.Matched > 0 && !r.Stamp.IsZero() {
			ev.mu.Lock()
			if ev.first.IsZero() || r.Stamp.Before(ev.first) {
				ev.first = r.Stamp
			}
			ev.mu.Unlock()
		}
	}
	return ev
}

// evidence warns of enrichment newer than the flows and writes the
// manifest.
func (q *query) evidence(ctx context.Context, a *app, ev *objectWatch, st scan.Stats) error {
	first := q.scan.Since
	if first.IsZero() {
		first = ev.first.Add(-15 * time.Minute) // a record may start before its object's stamp
	}
	if !ev.first.IsZero() || !q.scan.Since.IsZero() {
		warnNewer(a.stderr, q.enrich, q.schema, q.scan.Filter.Fields().Union(q.scan.Fields), first)
	}
	if ev.collector == nil {
		return nil
	}
	query := manifest.Query{Filter: q.o.filter, Canonical: q.filter.String(), Sources: q.scan.Sources,
		Since: q.scan.Since, Until: q.scan.Until, Accounts: q.o.accounts, Regions: q.o.regions, Format: q.o.format}
	m, err := ev.collector.Build(ctx, versionString(), query, q.enrich, st, a.now())
	if err != nil {
		return fmt.Errorf("--manifest: %w", err)
	}
	if err := m.WriteFile(q.o.manifest); err != nil {
		return fmt.Errorf("--manifest %w", err)
	}
	return nil
}
