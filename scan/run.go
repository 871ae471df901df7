package scan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flowq/flowq/flowlog"
	"golang.org/x/sync/errgroup"
)

// location is one place to scan, resolved: a walk below a prefix, or a
// single object (a file named on the command line, stdin) read as it is.
type location struct {
	Location
	single  *object
	planned bool // single came from a plan: not counted as listed again
}

// runner is one scan's shared state.
type runner struct {
	opts      Options
	cfg       streamConfig
	sel       *selector
	scope     Scope
	tally     *tally
	locs      []location
	workers   int
	countOnly bool // no emit: workers count matches
	s3c       *s3Clients
	errMu     sync.Mutex
	onObject  *reporter // OnObject, serialized; nil without
}

func newRunner(ctx context.Context, opts Options) (*runner, error) {
	if len(opts.Sources)+len(opts.Locations)+len(opts.Planned) == 0 {
		return nil, errors.New("scan: no sources")
	}
	if !opts.Since.IsZero() && !opts.Until.IsZero() && !opts.Until.After(opts.Since) {
		return nil, fmt.Errorf("scan: until (%s) is not after since (%s)", opts.Until.Format(time.RFC3339), opts.Since.Format(time.RFC3339))
	}
	r := &runner{opts: opts, tally: &tally{start: time.Now()}}
	r.cfg = newStreamConfig(&opts)
	var err error
	if r.cfg.inflate, err = ResolveInflate(opts.Inflate); err != nil {
		return nil, err
	}
	r.cfg.budget = newBudget(WholeInflateBudget)
	regions, none := scopeRegions(opts.Regions, opts.Filter)
	r.scope = Scope{Window: r.cfg.win, Accounts: opts.Accounts, Regions: regions}
	r.sel = newSelector(r.cfg.win, opts.Accounts, regions, none)
	r.s3c = newS3Clients(opts.S3)
	r.tally.requests = r.requestCounts
	if err := r.resolveAll(ctx); err != nil {
		r.s3c.close()
		return nil, err
	}
	r.workers = opts.Workers
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
		if slices.ContainsFunc(r.locs, func(l location) bool { return isRemote(l.Source) }) {
			r.workers = max(32, 8*r.workers)
		}
	}
	r.s3c.setWorkers(r.workers)
	return r, nil
}

// scopeRegions combines the --region list with the regions the filter
// allows; none reports that the two have nothing in common.
func scopeRegions(given []string, m Matcher) (regions []string, none bool) {
	v, ok := m.(Valuer)
	if !ok {
		return given, false
	}
	allowed, ok := v.Values(flowlog.Region)
	if !ok {
		return given, false
	}
	if len(given) == 0 {
		return allowed, len(allowed) == 0
	}
	for _, g := range given {
		if slices.Contains(allowed, g) {
			regions = append(regions, g)
		}
	}
	return regions, len(regions) == 0
}

// resolveAll turns Sources and Locations into locations.
func (r *runner) resolveAll(ctx context.Context) error {
	for _, src := range r.opts.Sources {
		l, err := r.resolve(ctx, src)
		if err != nil {
			return err
		}
		r.locs = append(r.locs, l)
	}
	for _, l := range r.opts.Locations {
		if l.Source == nil {
			return errors.New("scan: a Location without a Source")
		}
		r.locs = append(r.locs, location{Location: l})
	}
	for _, p := range r.opts.Planned {
		l, err := r.resolvePlanned(ctx, p)
		if err != nil {
			return err
		}
		r.locs = append(r.locs, l)
	}
	return nil
}

func isS3(src string) bool { return strings.HasPrefix(src, "s3://") }

// resolve turns one source string into a location.
func (r *runner) resolve(ctx context.Context, src string) (location, error) {
	if l, ok, err := r.resolveHook(ctx, src); ok {
		return l, err
	}
	switch {
	case src == "-":
		in := r.opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		st := streamSource{r: in}
		return location{Location: Location{Source: st}, single: newObject(st, "-", -1)}, nil
	case isS3(src):
		bucket, prefix, _ := strings.Cut(strings.TrimPrefix(src, "s3://"), "/")
		if bucket == "" {
			return location{}, fmt.Errorf("scan: %q: no bucket", src)
		}
		st, err := r.s3c.store(ctx, bucket)
		if err != nil {
			return location{}, err
		}
		return location{Location: Location{Source: st, Prefix: prefix}}, nil
	}
	fi, err := os.Stat(src)
	if err != nil {
		return location{}, fmt.Errorf("scan: %w", err)
	}
	if fi.IsDir() {
		st, err := newDirSource(src)
		if err != nil {
			return location{}, fmt.Errorf("scan: %w", err)
		}
		return location{Location: Location{Source: st}}, nil
	}
	st := fileSource{path: src}
	return location{Location: Location{Source: st}, single: newObject(st, src, fi.Size())}, nil
}

// report handles one problem: it is counted and passed to OnError (one at a
// time). In strict mode the problem becomes the scan's error.
func (r *runner) report(e *ObjectError) error {
	r.tally.addError(e)
	r.notify(e)
	if r.opts.Strict {
		return e
	}
	return nil
}

// notify passes err to OnError, one call at a time.
func (r *runner) notify(err error) {
	if r.opts.OnError != nil {
		r.errMu.Lock()
		r.opts.OnError(err)
		r.errMu.Unlock()
	}
}

// walkAll visits every selected object of every location, in order.
func (r *runner) walkAll(ctx context.Context, w *walker, yield func(*object) error) error {
	defer r.tally.add(Stats{ListingDone: true})
	defer w.wait()
	for _, l := range r.locs {
		if l.single != nil {
			if !l.planned {
				r.tally.add(Stats{ObjectsListed: 1})
			}
			if err := yield(l.single); err != nil {
				return err
			}
			continue
		}
		if err := w.walk(ctx, l.Source, l.Prefix, yield); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) listConcurrency() int {
	for _, l := range r.locs {
		if isRemote(l.Source) {
			return 16
		}
	}
	return 4
}

// Run scans opts.Sources and opts.Locations and calls emit for each
// match, from one goroutine at a time. A non-nil error from emit stops the
// scan and is returned. A nil emit counts matches (Stats.Matched) without
// delivering them, which is faster: workers copy nothing out.
//
// Problems with single objects, prefixes or lines are counted in Stats and
// reported through OnError, and the scan goes on; Run's error is for fatal
// problems: bad options, cancellation, or the first problem in strict mode.
// Matches found before a cancellation are delivered. When Run returns, no
// goroutine it started is left running.
func Run(ctx context.Context, opts Options, emit func(Match) error) (Stats, error) {
	r, err := newRunner(ctx, opts)
	if err != nil {
		return Stats{}, err
	}
	defer r.s3c.close()
	if emit == nil {
		emit = func(Match) error { return nil }
		r.countOnly = opts.Limit == 0
	}
	stop := r.progress()
	err = r.run(ctx, emit)
	stop()
	return r.tally.snapshot(), err
}

// progress starts the Progress ticker and returns a function that stops it
// and waits for it.
func (r *runner) progress() func() {
	if r.opts.Progress == nil {
		return func() {}
	}
	every := r.opts.ProgressInterval
	if every <= 0 {
		every = 250 * time.Millisecond
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				r.opts.Progress(r.tally.snapshot())
			case <-done:
				return
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// run is the pipeline: a walker goroutine feeding tasks to workers in key
// order, workers scanning objects, and the calling goroutine delivering
// matches.
func (r *runner) run(parent context.Context, emit func(Match) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	work := make(chan *task, r.workers)
	var order chan *task // ordered mode: tasks in key order
	out := make(chan *batch, 4*r.workers)
	if !r.opts.Unordered {
		order = make(chan *task, 2*r.workers)
	}
	w := newWalker(r.sel, r.scope, r.listConcurrency(), r.tally.add, r.report)
	w.skip = func(e *SkipError) { r.notify(e) }
	r.hookWalker(w)
	g.Go(func() error {
		defer close(work)
		if order != nil {
			defer close(order)
		}
		return r.walkAll(gctx, w, func(o *object) error { return r.dispatch(gctx, o, work, order) })
	})
	for range r.workers {
		g.Go(func() error { return r.worker(gctx, work, out) })
	}
	// stopped is closed when the walker and every worker have returned:
	// what is buffered then is all there will be.
	stopped := make(chan struct{})
	var gerr error
	go func() { gerr = g.Wait(); close(out); close(stopped) }()

	e := &emitter{emit: emit, notify: r.notify, limit: r.opts.Limit, n: r.tally}
	var emitErr error
	if order != nil {
		emitErr = r.consumeOrdered(order, stopped, e)
	} else {
		emitErr = r.consume(out, e)
	}
	cancel()
	for b := range out { // let blocked workers finish
		b.release()
	}
	<-stopped
	if order != nil {
		drainOrder(order)
	}
	return finalError(parent, emitErr, gerr)
}

// batchBudget bounds the matches waiting in ordered mode, in batches
// (256 × 64 KiB = 16 MiB), shared by the objects in progress. A worker ahead
// of the consumer can buffer its object's share before it waits: with few
// workers that is enough to keep every core busy even when a quarter of the
// records match (BenchmarkLocal/scan-port22-25pct).
const batchBudget = 256

func (r *runner) taskBatches() int { return max(2, batchBudget/r.workers) }

// dispatch sends one object to the workers (and, in ordered mode, its
// place in the order to the consumer).
func (r *runner) dispatch(ctx context.Context, o *object, work, order chan<- *task) error {
	t := &task{obj: o}
	if order != nil {
		t.ch = make(chan *batch, r.taskBatches())
		select {
		case order <- t:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	select {
	case work <- t:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// worker scans tasks until there are no more.
func (r *runner) worker(ctx context.Context, work <-chan *task, out chan<- *batch) error {
	ws := newStreamScanner(&r.cfg)
	defer ws.close()
	for t := range work {
		dst := out
		if t.ch != nil {
			dst = t.ch
		}
		err := r.object(ctx, ws, t, dst)
		if t.ch != nil {
			close(t.ch)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// consume delivers batches as they come (unordered mode).
func (r *runner) consume(out <-chan *batch, e *emitter) error {
	for b := range out {
		if err := e.deliver(b); err != nil {
			return err
		}
	}
	return nil
}

// consumeOrdered delivers each object's batches in object order. Once the
// pipeline has stopped (finished, failed or cancelled), it delivers only
// what is already buffered.
func (r *runner) consumeOrdered(order <-chan *task, stopped <-chan struct{}, e *emitter) error {
	for t := range order {
		if err := r.consumeTask(t, stopped, e); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) consumeTask(t *task, stopped <-chan struct{}, e *emitter) error {
	for {
		var b *batch
		var ok bool
		select {
		case b, ok = <-t.ch:
		case <-stopped:
			select { // the pipeline is done: only what is buffered is left
			case b, ok = <-t.ch:
			default:
				return nil // never started
			}
		}
		if !ok {
			return nil
		}
		if err := e.deliver(b); err != nil {
			return err
		}
	}
}

// drainOrder releases the batches of tasks that will not be delivered.
func drainOrder(order <-chan *task) {
	for t := range order {
		drainTask(t)
	}
}

func drainTask(t *task) {
	for {
		select {
		case b, ok := <-t.ch:
			if !ok {
				return
			}
			b.release()
		default:
			return
		}
	}
}

// finalError picks what Run returns: the emit callback's error, else the
// first fatal error of the pipeline, else the caller's cancellation.
func finalError(parent context.Context, emitErr, gerr error) error {
	switch {
	case errors.Is(emitErr, errLimit):
		return nil
	case emitErr != nil:
		return emitErr
	case gerr != nil && !errors.Is(gerr, context.Canceled):
		return gerr
	case parent.Err() != nil:
		return parent.Err()
	}
	return gerr
}
