package scan

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"time"
)

// object reads one object into dst, retrying a remote read from the start
// when the connection fails mid-body (the SDK does not retry body reads).
// Lines taken before a failure are not taken again. Problems with the
// object are reported and counted; the returned error is fatal (strict
// mode or cancellation).
func (r *runner) object(ctx context.Context, ws *streamScanner, t *task, dst chan<- *chunk) error {
	sink := &taskSink{ctx: ctx, t: t, out: dst, onError: r.report,
		countOnly: r.opts.CountOnly && r.opts.Limit == 0, st: r.st}
	o := t.obj
	attempts := r.opts.S3.bodyAttempts()
	var err error
	var st objStats
	for attempt := 1; ; attempt++ {
		var transport bool
		st, transport, err = r.read(ctx, ws, o, sink)
		if err == nil || !transport || !o.store.remote() || attempt >= attempts || ctx.Err() != nil {
			break
		}
		if werr := sleep(ctx, backoff(attempt, r.opts.S3.maxBackoff())); werr != nil {
			err = werr
			break
		}
	}
	if ferr := sink.flush(); err == nil {
		err = ferr
	}
	if errors.Is(err, ErrNotFlowLog) {
		st.records, st.malformed = 0, 0
	}
	r.st.addObject(st)
	return r.finish(ctx, o, err)
}

// read makes one attempt at an object. transport reports whether a failure
// came from the storage connection rather than from the data.
func (r *runner) read(ctx context.Context, ws *streamScanner, o *object, sink *taskSink) (objStats, bool, error) {
	if o.info.Parquet || (!o.named && strings.HasSuffix(o.key, ".parquet")) {
		return r.parquet(ctx, o, sink)
	}
	body, err := o.store.open(ctx, o)
	if err != nil {
		return objStats{}, isTransient(err), err
	}
	defer body.Close()
	st, err := ws.scan(ctx, body, o.source, sink)
	if errors.Is(err, ErrParquet) && o.size >= 0 {
		body.Close()
		return r.parquet(ctx, o, sink)
	}
	return st, err != nil && ws.in.err != nil && isTransient(ws.in.err), err
}

func (r *runner) parquet(ctx context.Context, o *object, sink *taskSink) (objStats, bool, error) {
	ra, err := o.store.readerAt(ctx, o)
	if err != nil {
		return objStats{}, false, err
	}
	defer ra.Close()
	size := o.size
	if size < 0 {
		return objStats{}, false, errors.New("parquet: size unknown")
	}
	st, err := scanParquet(ctx, ra, size, o.source, &r.cfg, sink)
	return st, false, err
}

// finish counts the outcome of one object and reports its problem.
func (r *runner) finish(ctx context.Context, o *object, err error) error {
	switch {
	case err == nil:
		r.st.objectsRead.Add(1)
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, ErrParquet) || errors.Is(err, ErrNotFlowLog):
		r.st.objectsSkipped.Add(1)
		r.st.addSkip(&ObjectError{Source: o.source, Err: err})
		return nil
	case r.opts.Strict && errors.As(err, new(*ObjectError)):
		return err // a malformed line in strict mode
	}
	r.st.objectsFailed.Add(1)
	return r.report(&ObjectError{Source: o.source, Err: err})
}

// isTransient reports whether a read error is worth retrying: the
// connection was cut or reset, or a checksum did not match.
func isTransient(err error) bool {
	var ne net.Error
	switch {
	case err == nil:
		return false
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "connection reset") || strings.Contains(msg, "checksum did not match") ||
		strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "http2: stream closed")
}

// backoff is the delay before retry n: exponential with full jitter,
// starting at 100 ms and capped.
func backoff(n int, limit time.Duration) time.Duration {
	d := 100 * time.Millisecond << min(n-1, 16)
	d = min(d, limit)
	return time.Duration(rand.Int64N(int64(d)) + 1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
