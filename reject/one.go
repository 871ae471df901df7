package reject

import (
	"context"
	"errors"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// ErrNotReject is Explain's answer for a record whose action is not
// REJECT.
var ErrNotReject = errors.New("reject: the record is not a REJECT")

// Explain classifies one REJECT the caller already holds (a record shown
// to a user) from the records around it, as Run classifies each of its
// REJECTs: it scans opts' sources for the flows in the other direction on
// the same interface that overlap rej (Window), then applies the same
// rules. opts gives the sources, scope, schema and workers; its window
// is replaced by Window's, and its Filter, if not nil, further restricts
// the reverse flows that count (an access grant). Problems with objects
// reach opts.OnError; the Stats say whether every object of the window
// was read. Safe for concurrent use with other scans.
func Explain(ctx context.Context, opts scan.Options, rej Evidence) (Finding, scan.Stats, error) {
	if rej.Record.Action() != flowlog.ActionReject {
		return Finding{}, scan.Stats{}, ErrNotReject
	}
	if _, ok := tupleOf(rej.Record); !ok {
		return classify(rej, nil), scan.Stats{}, nil // no 5-tuple: nothing to pair with
	}
	idx := newIndex([]Evidence{rej})
	var m scan.Matcher = idx
	if opts.Filter != nil {
		m = allOf{idx, opts.Filter}
	}
	opts.Filter, opts.Fields, opts.Limit = m, flowlog.AllFields(), 0
	opts.Since, opts.Until = Window(rej.Record)
	st, err := scan.Run(ctx, opts, func(m scan.Match) error {
		if m.Source == rej.Source && m.Line == rej.Line {
			return nil // the REJECT itself, should it be its own reverse (a flow to itself)
		}
		idx.attach(Evidence{Record: m.Record.Clone(), Source: m.Source, Line: m.Line})
		return nil
	})
	if err != nil {
		return Finding{}, st, err
	}
	return idx.findings()[0], st, nil
}

// Window is the time in which Explain looks for a record's reverse flows:
// its start and end widened by Slack, as [since, until) for
// scan.Options. Zero times if the record has none.
func Window(r *flowlog.Record) (since, until time.Time) {
	start, ok1 := r.Time(flowlog.Start)
	end, ok2 := r.Time(flowlog.End)
	if !ok1 || !ok2 {
		return time.Time{}, time.Time{}
	}
	return start.Add(-Slack), end.Add(Slack + time.Second)
}

// allOf matches what both of its matchers match; safe for concurrent use
// when they are.
type allOf [2]scan.Matcher

func (a allOf) Match(r *flowlog.Record) bool { return a[0].Match(r) && a[1].Match(r) }
func (a allOf) Fields() flowlog.FieldSet     { return a[0].Fields().Union(a[1].Fields()) }
