package scan

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// walker lists folders depth-first in key order, pruning by layout,
// and hands each selected object to a callback in key order. Listings of
// sibling folders run ahead concurrently (up to prefetch per folder and
// lists in total) so that a deep layout costs few round trips.
type walker struct {
	sel      *selector
	prefetch int
	sem      chan struct{} // bounds concurrent list calls
	wg       sync.WaitGroup
	st       *counters
	// report handles a prefix that cannot be listed; a non-nil result
	// stops the walk (strict mode).
	report func(*ObjectError) error
	// pruned, if not nil, hears about every pruned folder and object.
	pruned func(source string, dir bool, reason string)
	// listed, if not nil, hears about every folder listed.
	listed func(source string)
}

func newWalker(sel *selector, lists int, st *counters, report func(*ObjectError) error) *walker {
	return &walker{sel: sel, prefetch: lists, sem: make(chan struct{}, lists), st: st, report: report}
}

// wait blocks until every listing started has finished.
func (w *walker) wait() { w.wg.Wait() }

// pending is a listing under way.
type pending struct {
	prefix string
	done   chan struct{}
	l      listing
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
func (w *walker) dayFolders(s store, prefix string) ([]string, bool) {
	if !s.remote() || !strings.HasSuffix(prefix, "/") {
		return nil, false
	}
	pi := ParsePath(s.layoutPath(prefix))
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

func (w *walker) start(ctx context.Context, s store, prefix string) *pending {
	p := &pending{prefix: prefix, done: make(chan struct{})}
	if days, ok := w.dayFolders(s, prefix); ok {
		p.l, p.synthetic = listing{dirs: days}, true
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
		p.l, p.err = s.list(ctx, prefix)
	})
	return p
}

// walk visits the objects below prefix in key order.
func (w *walker) walk(ctx context.Context, s store, prefix string, yield func(*object) error) error {
	return w.visit(ctx, s, w.start(ctx, s, prefix), yield)
}

// visit waits for one listing and walks its entries in key order.
func (w *walker) visit(ctx context.Context, s store, p *pending, yield func(*object) error) error {
	select {
	case <-p.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if p.err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.st.prefixesFailed.Add(1)
		return w.report(&ObjectError{Source: s.source(p.prefix), Err: p.err})
	}
	if !p.synthetic {
		w.st.prefixesListed.Add(1)
		if w.listed != nil {
			w.listed(s.source(p.prefix))
		}
	}
	dirs := w.keepDirs(s, p.l.dirs)
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
	for di < len(dirs) || oi < len(p.l.objs) {
		if oi < len(p.l.objs) && (di == len(dirs) || p.l.objs[oi].key < dirs[di]) {
			if err := w.object(s, p.l.objs[oi], yield); err != nil {
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

// keepDirs returns the folders that can hold wanted records.
func (w *walker) keepDirs(s store, dirs []string) []string {
	kept := dirs[:0:0]
	for _, d := range dirs {
		if ok, why := w.sel.keepDir(ParsePath(s.layoutPath(d))); !ok {
			w.st.prefixesPruned.Add(1)
			if w.pruned != nil {
				w.pruned(s.source(d), true, why)
			}
			continue
		}
		kept = append(kept, d)
	}
	return kept
}

// object selects one listed object.
func (w *walker) object(s store, o *object, yield func(*object) error) error {
	if strings.HasSuffix(o.key, "/") { // a folder marker
		return nil
	}
	w.st.objectsListed.Add(1)
	if ok, why := w.keep(s, o); !ok {
		w.st.objectsPruned.Add(1)
		if w.pruned != nil {
			w.pruned(o.source, false, why)
		}
		return nil
	}
	return yield(o)
}

// keep decides on one object by its name and folders.
func (w *walker) keep(s store, o *object) (bool, string) {
	if o.named {
		return w.sel.keepFile(o.info)
	}
	return w.sel.keepDir(ParsePath(s.layoutPath(o.key)))
}

// errStop ends a walk early without an error (a limit was reached).
var errStop = errors.New("stop")
