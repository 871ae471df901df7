package scan

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// walker lists folders depth-first in key order, pruning by layout,
// and hands each selected object to a callback in key order. Listings of
// sibling folders run ahead concurrently (up to prefetch per folder and
// lists in total) so that a deep layout costs few round trips.
type walker struct {
	sel      *selector
	scope    Scope
	prefetch int
	sem      chan struct{} // bounds concurrent list calls
	wg       sync.WaitGroup
	// add merges the walk's counts into the scan's statistics.
	add func(Stats)
	// report handles a prefix that cannot be listed; a non-nil result
	// stops the walk (strict mode).
	report func(*ObjectError) error
	// pruned, if not nil, hears about every pruned folder and object.
	pruned func(source string, dir bool, reason string)
	// prunedObject, if not nil, hears about every pruned object (OnObject).
	prunedObject func(o *object, reason string)
	// listed, if not nil, hears about every folder listed.
	listed func(source string)
	// skip, if not nil, hears about every entry a source could not read.
	skip func(*SkipError)
}

func newWalker(sel *selector, scope Scope, lists int, add func(Stats), report func(*ObjectError) error) *walker {
	return &walker{sel: sel, scope: scope, prefetch: lists, sem: make(chan struct{}, lists), add: add, report: report}
}

// wait blocks until every listing started has finished.
func (w *walker) wait() { w.wg.Wait() }

// pending is a listing under way.
type pending struct {
	prefix string
	done   chan struct{}
	l      Listing
	err    error
	// synthetic is set for a listing made without a request.
	synthetic bool
}

// maxDayFolders bounds the day folders a window may jump to.
const maxDayFolders = 62

// dayFolders returns the day folders of the window below a region folder
// of the plain S3 layout (.../vpcflowlogs/us-east-1/), so that reaching
// them takes no LIST of the region, year and month folders. AWS writes
// yyyy/mm/dd zero-padded in this layout (Athena's projection format
// yyyy/MM/dd); the Hive layout is listed, as its padding is not documented.
func (w *walker) dayFolders(s Source, prefix string) ([]string, bool) {
	if !isRemote(s) || !strings.HasSuffix(prefix, "/") {
		return nil, false
	}
	pi := ParsePath(layoutPath(s, prefix))
	if pi.next != lvYear || pi.Hive || pi.Region == "" {
		return nil, false
	}
	days, ok := w.sel.win.Prefixes(false, maxDayFolders)
	if !ok {
		return nil, false
	}
	for i, d := range days {
		days[i] = prefix + d
	}
	return days, true
}

func (w *walker) start(ctx context.Context, s Source, prefix string) *pending {
	p := &pending{prefix: prefix, done: make(chan struct{})}
	if days, ok := w.dayFolders(s, prefix); ok {
		p.l, p.synthetic = Listing{Dirs: days}, true
		close(p.done)
		return p
	}
	w.wg.Go(func() {
		defer close(p.done)
		select {
		case w.sem <- struct{}{}:
		case <-ctx.Done():
			p.err = ctx.Err()
			return
		}
		defer func() { <-w.sem }()
		p.l, p.err = s.List(ctx, prefix, w.scope)
	})
	return p
}

// walk visits the objects below prefix in key order.
func (w *walker) walk(ctx context.Context, s Source, prefix string, yield func(*object) error) error {
	return w.visit(ctx, s, w.start(ctx, s, prefix), yield)
}

// visit waits for one listing and walks its entries in key order.
func (w *walker) visit(ctx context.Context, s Source, p *pending, yield func(*object) error) error {
	select {
	case <-p.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if p.err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.add(Stats{PrefixesFailed: 1})
		return w.report(&ObjectError{Source: s.Name(p.prefix), Err: p.err})
	}
	if !p.synthetic {
		w.add(Stats{PrefixesListed: 1, ListRequests: p.l.Requests})
		if w.listed != nil {
			w.listed(s.Name(p.prefix))
		}
	}
	w.skipped(s, p.l.Skipped)
	dirs := w.keepDirs(s, sortedDirs(p.l.Dirs))
	objs := sortedObjects(p.l.Objects)
	futures := make([]*pending, len(dirs))
	ahead := func(i int) {
		if i < len(dirs) && futures[i] == nil {
			futures[i] = w.start(ctx, s, dirs[i])
		}
	}
	for i := range min(w.prefetch, len(dirs)) {
		ahead(i)
	}
	di, oi := 0, 0
	for di < len(dirs) || oi < len(objs) {
		if oi < len(objs) && (di == len(dirs) || objs[oi].Key < dirs[di]) {
			if err := w.object(s, listedObject(s, objs[oi]), yield); err != nil {
				return err
			}
			oi++
			continue
		}
		ahead(di)
		ahead(di + w.prefetch)
		if err := w.visit(ctx, s, futures[di], yield); err != nil {
			return err
		}
		futures[di] = nil
		di++
	}
	return nil
}

// skipped counts and names the entries a source could not read.
func (w *walker) skipped(s Source, entries []Skipped) {
	for _, sk := range entries {
		e := ObjectError{Source: s.Name(sk.Key), Err: sk.Reason}
		w.add(Stats{ObjectsListed: 1, ObjectsSkipped: 1, Skips: []ObjectError{e}})
		if w.skip != nil {
			w.skip(&SkipError{Source: e.Source, Err: sk.Reason})
		}
	}
}

// keepDirs returns the folders that can hold wanted records.
func (w *walker) keepDirs(s Source, dirs []string) []string {
	kept := dirs[:0:0]
	for _, d := range dirs {
		if ok, why := w.sel.keepDir(ParsePath(layoutPath(s, d))); !ok {
			w.add(Stats{PrefixesPruned: 1})
			if w.pruned != nil {
				w.pruned(s.Name(d), true, why)
			}
			continue
		}
		kept = append(kept, d)
	}
	return kept
}

// object selects one listed object.
func (w *walker) object(s Source, o *object, yield func(*object) error) error {
	if strings.HasSuffix(o.key, "/") { // a folder marker
		return nil
	}
	if ok, why := w.keep(o); !ok {
		w.add(Stats{ObjectsListed: 1, ObjectsPruned: 1})
		if w.pruned != nil {
			w.pruned(o.source, false, why)
		}
		if w.prunedObject != nil {
			w.prunedObject(o, why)
		}
		return nil
	}
	w.add(Stats{ObjectsListed: 1})
	return yield(o)
}

// keep decides on one object by its name and folders.
func (w *walker) keep(o *object) (bool, string) {
	if o.named {
		return w.sel.keepFile(o.info)
	}
	return w.sel.keepDir(o.path)
}

// sortedDirs returns dirs sorted and without duplicates: a source may
// list them in any order.
func sortedDirs(dirs []string) []string {
	dirs = slices.Clone(dirs)
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// sortedObjects returns objs sorted by key, without duplicate keys.
func sortedObjects(objs []Object) []Object {
	objs = slices.Clone(objs)
	slices.SortFunc(objs, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return slices.CompactFunc(objs, func(a, b Object) bool { return a.Key == b.Key })
}
