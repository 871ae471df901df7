package scan

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Outcome is what became of an object or folder the scan considered.
type Outcome string

const (
	OutcomePruned   Outcome = "pruned"     // not read: outside the window, account or region
	OutcomeRead     Outcome = "read"       // read to the end
	OutcomeSkipped  Outcome = "skipped"    // passed over: not a flow log, or not readable as an object
	OutcomeFailed   Outcome = "failed"     // could not be read to the end; Reason says why
	OutcomeUnfinish Outcome = "unfinished" // the scan stopped (cancelled, --limit) while reading it
)

// ObjectReport is what the scan did with one object, or one folder it did
// not list (Dir), for Options.OnObject.
type ObjectReport struct {
	Source   string    // as users see it: "s3://bucket/key", a path, "-"
	Dir      bool      // a folder pruned whole: its objects were never listed
	Size     int64     // -1 if unknown
	ETag     string    // from an S3 listing
	Modified time.Time // S3 LastModified, a file's modification time
	Stamp    time.Time // the delivery time in its AWS name; zero if it has none
	// FlowLog, Account and Region are those of its AWS name ("" if it
	// has none): with Stamp, what coverage needs to find delivery gaps.
	FlowLog, Account, Region string
	Outcome                  Outcome
	Reason                   string // why pruned, skipped or failed
	// PrunedForTime says it was pruned for the time window alone (not its
	// account, region or layout): coverage counts such an object as
	// delivered, since its flow log exists.
	PrunedForTime bool
	// Records and Malformed are the object's counts, as in Stats (a
	// skipped or corrupt object has none); Matched are the matches found in
	// it, before Limit cuts any.
	Records, Matched, Malformed int64
}

// reporter serializes OnObject calls.
type reporter struct {
	mu sync.Mutex
	fn func(ObjectReport)
}

func (p *reporter) send(rep ObjectReport) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fn(rep)
}

// listedObject makes the object of a listing entry, keeping what the
// listing said of it.
func listedObject(s Source, l Object) *object {
	o := newObject(s, l.Key, l.Size)
	o.listed = l
	return o
}

func (r *runner) objectReport(o *object) ObjectReport {
	rep := ObjectReport{Source: o.source, Size: o.size, ETag: o.listed.ETag, Modified: o.listed.Modified}
	if o.named {
		rep.Stamp, rep.FlowLog, rep.Account, rep.Region = o.info.Stamp, o.info.FlowLogID, o.info.Account, o.info.Region
	}
	return rep
}

// hookWalker makes w tell OnObject of pruned folders and objects and of
// skipped entries.
func (r *runner) hookWalker(w *walker) {
	if r.opts.OnObject == nil {
		return
	}
	r.onObject = &reporter{fn: r.opts.OnObject}
	w.pruned = func(source string, dir bool, why string) {
		if dir {
			r.onObject.send(ObjectReport{Source: source, Dir: true, Size: -1, Outcome: OutcomePruned, Reason: why,
				PrunedForTime: why == reasonOutsideWindow})
		}
	}
	w.prunedObject = func(o *object, why string) {
		rep := r.objectReport(o)
		rep.Outcome, rep.Reason, rep.PrunedForTime = OutcomePruned, why, why == reasonOutsideWindow
		r.onObject.send(rep)
	}
	skip := w.skip
	w.skip = func(e *SkipError) {
		r.onObject.send(ObjectReport{Source: e.Source, Size: -1, Outcome: OutcomeSkipped, Reason: e.Err.Error()})
		skip(e)
	}
}

// objectDone tells OnObject what became of an object a worker took.
func (r *runner) objectDone(ctx context.Context, o *object, st Stats, err error, sink *taskSink) {
	if r.onObject == nil {
		return
	}
	rep := r.objectReport(o)
	rep.Records, rep.Matched, rep.Malformed = st.Records, sink.found, st.Malformed
	if errors.Is(err, ErrCorrupt) && !sink.unverified {
		rep.Matched = 0 // dropped: none was delivered
	}
	switch {
	case err == nil:
		rep.Outcome = OutcomeRead
	case ctx.Err() != nil:
		rep.Outcome, rep.Reason = OutcomeUnfinish, ctx.Err().Error()
	case errors.Is(err, ErrParquet) || errors.Is(err, ErrNotFlowLog):
		rep.Outcome, rep.Reason = OutcomeSkipped, err.Error()
	default:
		rep.Outcome, rep.Reason = OutcomeFailed, err.Error()
	}
	r.onObject.send(rep)
}
