package scan

import (
	"context"
	"errors"
	"fmt"
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
// object are reported, and its statistics merged into the total once; the
// returned error is fatal (strict mode or cancellation).
func (r *runner) object(ctx context.Context, ws *streamScanner, t *task, dst chan<- *batch) error {
	sink := &taskSink{t: t, out: dst, count: r.tally.addError, strictStop: r.report,
		countOnly: r.countOnly, strict: r.opts.Strict}
	o := t.obj
	attempts := r.opts.S3.bodyAttempts()
	var err error
	var st, total Stats
	for attempt := 1; ; attempt++ {
		var transport bool
		st, transport, err = r.read(ctx, ws, o, sink)
		total.GetRequests += st.GetRequests // every attempt's requests count
		if err == nil || !transport || !isRemote(o.src) || attempt >= attempts || ctx.Err() != nil {
			break
		}
		if werr := sleep(ctx, backoff(attempt, r.opts.S3.maxBackoff())); werr != nil {
			err = werr
			break
		}
	}
	if ferr := sink.flush(ctx); err == nil {
		err = ferr
	}
	if errors.Is(err, ErrCorrupt) {
		err = dropped(err, sink, &st)
	} else if verr := sink.verified(ctx); err == nil {
		err = verr
	}
	st.GetRequests, st.Matched = total.GetRequests, sink.matched
	if errors.Is(err, ErrNotFlowLog) {
		st.Records, st.Malformed = 0, 0
	}
	err = r.finish(ctx, o, st, err, sink)
	if ferr := sink.flush(ctx); err == nil { // the object's last problems
		err = ferr
	}
	return err
}

// dropped discards what an object that failed its integrity check held
// back: none of its records is trusted, so none is counted, and the error
// says what was dropped.
func dropped(err error, sink *taskSink, st *Stats) error {
	matches, reports := sink.discard()
	st.Records, st.Malformed = 0, 0
	if sink.unverified {
		return fmt.Errorf("%w; matches before the damage were delivered before the checksum could be checked", err)
	}
	return fmt.Errorf("%w; nothing of the object was kept (%d matching records and %d malformed lines inflated before the damage was found)",
		err, matches, reports)
}

// read makes one attempt at an object. transport reports whether a failure
// came from the storage connection rather than from the data.
func (r *runner) read(ctx context.Context, ws *streamScanner, o *object, sink *taskSink) (Stats, bool, error) {
	if o.info.Parquet || (!o.named && strings.HasSuffix(o.key, ".parquet")) {
		return r.parquet(ctx, ws, o, sink)
	}
	if o.size == 0 && strings.HasSuffix(o.key, ".gz") {
		return Stats{}, false, errEmptyGzip
	}
	var gets int64 // the GET of a remote source's Open
	if isRemote(o.src) && !countsItsRequests(o.src) {
		gets = 1
	}
	body, err := o.src.Open(ctx, Object{Key: o.key, Size: o.size}, r.scope)
	if err != nil {
		return Stats{GetRequests: gets}, isTransient(err), err
	}
	defer body.Close()
	st, err := ws.scan(ctx, body, o, sink)
	if errors.Is(err, ErrParquet) && o.size >= 0 { // Parquet under another name
		body.Close()
		st, transport, err := r.parquet(ctx, ws, o, sink)
		st.GetRequests += gets
		return st, transport, err
	}
	st.GetRequests = gets
	return st, err != nil && ws.in.err != nil && isTransient(ws.in.err), err
}

func (r *runner) parquet(ctx context.Context, ws *streamScanner, o *object, sink *taskSink) (Stats, bool, error) {
	rs, ok := o.src.(RangeSource)
	if !ok || o.size < 0 {
		return Stats{}, false, ErrParquet
	}
	ra, err := rs.OpenRange(ctx, Object{Key: o.key, Size: o.size})
	if err != nil {
		return Stats{}, false, err
	}
	defer ra.Close()
	st, err := ws.parquet(ctx, ra, o, sink)
	return st, false, err
}

// finish counts the outcome of one object, merges its statistics and
// hands its problem to the sink, to be reported in order.
func (r *runner) finish(ctx context.Context, o *object, st Stats, err error, sink *taskSink) error {
	r.objectDone(ctx, o, st, err, sink)
	switch {
	case err == nil:
		st.ObjectsRead++
		r.tally.add(st)
		return nil
	case ctx.Err() != nil:
		r.tally.add(st)
		return ctx.Err()
	case errors.Is(err, ErrParquet) || errors.Is(err, ErrNotFlowLog):
		st.ObjectsSkipped++
		st.Skips = []ObjectError{{Source: o.source, Err: err}}
		r.tally.add(st)
		return sink.problem(&SkipError{Source: o.source, Err: err})
	case r.opts.Strict && errors.As(err, new(*ObjectError)):
		r.tally.add(st)
		return err // a malformed line in strict mode
	}
	st.ObjectsFailed++
	r.tally.add(st)
	return sink.problem(&ObjectError{Source: o.source, Err: err})
}

// countsItsRequests reports whether src counts its own requests (the S3
// client counts every attempt), so scan need not count its Opens.
func countsItsRequests(src Source) bool {
	_, ok := src.(interface{ countsRequests() })
	_, counter := src.(RequestCounter)
	return ok || counter
}

// errEmptyGzip fails an object named as gzip that has no bytes at all:
// AWS writes none, so it was cut to nothing on its way here.
var errEmptyGzip = errors.New("empty, though named as gzip: the object was cut to nothing")

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
