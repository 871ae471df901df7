package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flowq/flowq/flowlog"
	"golang.org/x/sync/errgroup"
)

// source is one entry of Options.Sources, resolved.
type source struct {
	store  store
	prefix string  // walk below this prefix
	single *object // a single file or stdin: no walk
}

// runner is one scan's shared state.
type runner struct {
	opts    Options
	cfg     streamConfig
	sel     *selector
	st      *counters
	sources []source
	workers int
	s3c     *s3Clients
	errMu   sync.Mutex
}

func newRunner(ctx context.Context, opts Options) (*runner, error) {
	if len(opts.Sources) == 0 {
		return nil, errors.New("scan: no sources")
	}
	if !opts.Since.IsZero() && !opts.Until.IsZero() && !opts.Until.After(opts.Since) {
		return nil, fmt.Errorf("scan: until (%s) is not after since (%s)", opts.Until.Format(time.RFC3339), opts.Since.Format(time.RFC3339))
	}
	r := &runner{opts: opts, st: &counters{start: time.Now()}}
	r.cfg = streamConfig{format: opts.Format, filter: opts.Filter, output: opts.Fields, project: opts.Project}
	if r.cfg.format == nil {
		r.cfg.format = flowlog.DefaultFormat()
	}
	if opts.Filter != nil {
		r.cfg.decode = opts.Filter.Fields()
	}
	r.cfg.win = window(opts.Since, opts.Until, opts.Filter)
	if r.cfg.win.Bounded() {
		r.cfg.decode.Add(startField)
		r.cfg.decode.Add(endField)
	}
	r.sel = newSelector(r.cfg.win, opts.Accounts, opts.Regions)
	r.workers = opts.Workers
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
		if slices.ContainsFunc(opts.Sources, isS3) {
			r.workers = max(32, 8*r.workers)
		}
	}
	r.s3c = newS3Clients(opts.S3, r.st, r.workers)
	for _, src := range opts.Sources {
		s, err := r.resolve(ctx, src, r.s3c)
		if err != nil {
			r.s3c.close()
			return nil, err
		}
		r.sources = append(r.sources, s)
	}
	return r, nil
}

func isS3(src string) bool { return strings.HasPrefix(src, "s3://") }

// resolve turns one source string into a store and a starting point.
func (r *runner) resolve(ctx context.Context, src string, s3c *s3Clients) (source, error) {
	switch {
	case src == "-":
		in := r.opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		st := streamStore{r: in}
		return source{store: st, single: &object{store: st, source: "-", size: -1}}, nil
	case isS3(src):
		bucket, prefix, _ := strings.Cut(strings.TrimPrefix(src, "s3://"), "/")
		if bucket == "" {
			return source{}, fmt.Errorf("scan: %q: no bucket", src)
		}
		st, err := s3c.store(ctx, bucket)
		if err != nil {
			return source{}, err
		}
		return source{store: st, prefix: prefix}, nil
	}
	fi, err := os.Stat(src)
	if err != nil {
		return source{}, fmt.Errorf("scan: %w", err)
	}
	if fi.IsDir() {
		st, err := newDirStore(src)
		if err != nil {
			return source{}, fmt.Errorf("scan: %w", err)
		}
		return source{store: st}, nil
	}
	st := fileStore{path: src}
	return source{store: st, single: newObject(st, src, fi.Size())}, nil
}

// report handles one problem: it is counted and passed to OnError (one at a
// time). In strict mode the problem becomes the scan's error.
func (r *runner) report(e *ObjectError) error {
	r.st.addError(e)
	if r.opts.OnError != nil {
		r.errMu.Lock()
		r.opts.OnError(e)
		r.errMu.Unlock()
	}
	if r.opts.Strict {
		return e
	}
	return nil
}

// walkAll visits every selected object of every source, in order.
func (r *runner) walkAll(ctx context.Context, w *walker, yield func(*object) error) error {
	defer w.wait()
	for _, s := range r.sources {
		if s.single != nil {
			r.st.objectsListed.Add(1)
			if err := yield(s.single); err != nil {
				return err
			}
			continue
		}
		if err := w.walk(ctx, s.store, s.prefix, yield); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) listConcurrency() int {
	for _, s := range r.sources {
		if s.store.remote() {
			return 16
		}
	}
	return 4
}

// Run scans opts.Sources and calls emit for each match, from one goroutine
// at a time. A non-nil error from emit stops the scan and is returned.
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
	stop := r.progress()
	err = r.run(ctx, emit)
	stop()
	return r.st.snapshot(), err
}

// progress starts the Progress ticker and returns a function that stops it
// and waits for it.
func (r *runner) progress() func() {
	if r.opts.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				r.opts.Progress(r.st.snapshot())
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
	out := make(chan *chunk, 4*r.workers)
	if !r.opts.Unordered {
		order = make(chan *task, 2*r.workers)
	}
	w := newWalker(r.sel, r.listConcurrency(), r.st, r.report)
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

	e := newEmitter(&r.opts, r.st, emit)
	var emitErr error
	if order != nil {
		emitErr = r.consumeOrdered(order, stopped, e)
	} else {
		emitErr = r.consume(out, e)
	}
	cancel()
	for range out { // let blocked workers finish
	}
	<-stopped
	if order != nil {
		drainOrder(order)
	}
	return finalError(parent, emitErr, gerr)
}

// chunkBudget bounds the matched text waiting in ordered mode, in chunks
// (256 × 64 KiB = 16 MiB), shared by the objects in progress. A worker ahead
// of the consumer can buffer its object's share before it waits: with few
// workers that is enough to keep every core busy even when a quarter of the
// records match (BenchmarkLocal/scan-port22-25pct).
const chunkBudget = 256

func (r *runner) taskChunks() int { return max(2, chunkBudget/r.workers) }

// dispatch sends one object to the workers (and, in ordered mode, its
// place in the order to the consumer).
func (r *runner) dispatch(ctx context.Context, o *object, work, order chan<- *task) error {
	t := &task{obj: o}
	if order != nil {
		t.ch = make(chan *chunk, r.taskChunks())
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
func (r *runner) worker(ctx context.Context, work <-chan *task, out chan<- *chunk) error {
	ws := newStreamScanner(&r.cfg)
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

// consume delivers chunks as they come (unordered mode).
func (r *runner) consume(out <-chan *chunk, e *emitter) error {
	for c := range out {
		if err := e.chunk(c); err != nil {
			return err
		}
	}
	return nil
}

// consumeOrdered delivers each object's chunks in object order. Once the
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
		select {
		case c, ok := <-t.ch:
			if !ok {
				return nil
			}
			if err := e.chunk(c); err != nil {
				return err
			}
			continue
		case <-stopped:
		}
		select {
		case c, ok := <-t.ch:
			if !ok {
				return nil
			}
			if err := e.chunk(c); err != nil {
				return err
			}
		default:
			return nil // never started
		}
	}
}

// drainOrder releases the chunks of tasks that will not be delivered.
func drainOrder(order <-chan *task) {
	for t := range order {
		drainTask(t)
	}
}

func drainTask(t *task) {
	for {
		select {
		case c, ok := <-t.ch:
			if !ok {
				return
			}
			c.release()
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

// fileStore is a single local file given as a source.
type fileStore struct{ path string }

func (f fileStore) list(context.Context, string) (listing, error) { return listing{}, nil }
func (f fileStore) open(context.Context, *object) (io.ReadCloser, error) {
	return os.Open(f.path)
}
func (f fileStore) readerAt(context.Context, *object) (readerAtCloser, error) {
	return os.Open(f.path)
}
func (f fileStore) source(string) string     { return f.path }
func (f fileStore) layoutPath(string) string { return "" }
func (f fileStore) remote() bool             { return false }
