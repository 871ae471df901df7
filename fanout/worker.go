package fanout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/flowq/flowq/scan"
)

// DefaultReplyBudget bounds the encoded events (or groups) of one reply:
// Lambda's synchronous response limit is 6 MB, and the rest of a reply
// (statistics, formats) needs room too.
const DefaultReplyBudget = 4 << 20

// Worker answers Requests: it is the Lambda function's handler (wrap its
// Handle with lambda.NewHandler or lambda.Start). A Worker is safe for
// concurrent use; it keeps nothing between invocations, so a part of a
// reply asked for again gives the same answer.
type Worker struct {
	// Build names the worker's build, for the handshake.
	Build string
	// Budget bounds the encoded events or groups of one reply; 0 means
	// DefaultReplyBudget.
	Budget int
	// Workers is scan.Options.Workers (0: scan's default).
	Workers int
	// LocalFiles lets requests name local files (tests, a worker on the
	// coordinator's machine). A Lambda worker reads s3:// objects only:
	// otherwise a request could have it read its own files, whose lines
	// travel back in problem messages.
	LocalFiles bool
}

// Handle answers one request. Problems no retry can mend come back as a
// Reply with Fatal set; an error means this attempt failed (the
// coordinator retries it).
func (w *Worker) Handle(ctx context.Context, req Request) (Reply, error) {
	rep := Reply{Protocol: Protocol, Build: w.Build}
	switch {
	case req.Protocol != Protocol:
		rep.Fatal = fmt.Sprintf("protocol %d asked of a worker speaking protocol %d (build %s)", req.Protocol, Protocol, w.Build)
		return rep, nil
	case req.Hello:
		return rep, nil
	case req.Query == nil || len(req.Objects) == 0 || !req.Cursor.valid(len(req.Objects)):
		rep.Fatal = "a request without a query, objects or a valid cursor"
		return rep, nil
	}
	if msg := w.refuse(req.Objects); msg != "" {
		rep.Fatal = msg
		return rep, nil
	}
	c, err := req.Query.compile()
	if err != nil {
		rep.Fatal = err.Error()
		return rep, nil
	}
	switch req.Query.Mode {
	case Count:
		col := newCollector(req.Objects, 0, 0, w.budget())
		stats, err := w.run(ctx, c, req.Objects, nil, col.problem)
		rep.Stats, rep.Events = wireStats(stats), col.events
		return rep, err
	case Groups:
		return rep, w.groups(ctx, c, &req, &rep)
	case Records:
		return rep, w.records(ctx, c, &req, &rep)
	}
	rep.Fatal = fmt.Sprintf("unknown mode %q", req.Query.Mode)
	return rep, nil
}

// refuse says why the worker will not read objects, or "".
func (w *Worker) refuse(objects []scan.Planned) string {
	if w.LocalFiles {
		return ""
	}
	for _, o := range objects {
		if !strings.HasPrefix(o.Source, "s3://") {
			return fmt.Sprintf("%q: this worker reads s3:// objects only", o.Source)
		}
	}
	return ""
}

// valid reports whether a cursor points into a shard of n objects.
func (c Cursor) valid(n int) bool {
	return c.Object >= 0 && c.Object < n && c.Event >= 0 && c.Group >= 0
}

func (w *Worker) budget() int {
	if w.Budget > 0 {
		return w.Budget
	}
	return DefaultReplyBudget
}

// run scans objects with c's options.
func (w *Worker) run(ctx context.Context, c *compiled, objects []scan.Planned, emit func(scan.Match) error, onError func(error)) (scan.Stats, error) {
	opts := c.opts
	opts.Planned, opts.Workers, opts.OnError = objects, w.Workers, onError
	return scan.Run(ctx, opts, emit)
}

// records answers one part of a shard's matches. From the cursor's object
// (and past the events of it already sent) it collects events until the
// budget is full. The part then ends at the last object whose events all
// fit, whose statistics a count-only scan of those objects gives; if not
// even the first object's fit, the part is a run of its events, without
// statistics, and the next part goes on inside it.
func (w *Worker) records(ctx context.Context, c *compiled, req *Request, rep *Reply) error {
	first, skip := req.Cursor.Object, req.Cursor.Event
	objects := req.Objects[first:]
	if skip > 0 {
		objects = objects[:1] // going on inside one object: that object alone
	}
	col := newCollector(req.Objects, first, skip, w.budget())
	stats, err := w.run(ctx, c, objects, col.match, col.problem)
	if err != nil && !errors.Is(err, errFull) {
		return err
	}
	rep.Formats, rep.Origins = col.formats, col.origins
	last := first + len(objects) // one past the last object scanned
	switch {
	case !col.full:
		rep.Stats, rep.Events = wireStats(stats), col.events
	case col.cut > first:
		rep.Events = col.eventsBefore(col.cut)
		if stats, err = w.run(ctx, c, req.Objects[first:col.cut], nil, nil); err != nil {
			return err
		}
		rep.Stats, last = wireStats(stats), col.cut
	default: // not even the first object fits
		rep.Events = col.events
		rep.Next = &Cursor{Object: first, Event: skip + len(col.events)}
		return nil
	}
	if last < len(req.Objects) {
		rep.Next = &Cursor{Object: last}
	}
	return nil
}

// groups answers one part of a shard's aggregation: all of it when it
// fits the budget, else the groups from the cursor on that fit; the
// statistics and problems travel with the last part. (In count and group
// modes, problems past the budget are counted but not passed on.)
func (w *Worker) groups(ctx context.Context, c *compiled, req *Request, rep *Reply) error {
	col := newCollector(req.Objects, 0, 0, w.budget())
	stats, err := w.run(ctx, c, req.Objects, func(m scan.Match) error { c.agg.Add(m.Record); return nil }, col.problem)
	if err != nil {
		return err
	}
	all, err := c.agg.MarshalJSON()
	if err != nil {
		return err
	}
	if req.Cursor.Group == 0 && len(all) <= w.budget() {
		rep.Groups, rep.Stats, rep.Events = all, wireStats(stats), col.events
		return nil
	}
	var p struct {
		Keys   []string          `json:"keys"`
		Groups []json.RawMessage `json:"groups"`
	}
	if err := json.Unmarshal(all, &p); err != nil {
		return err
	}
	total := len(p.Groups)
	from, size := min(req.Cursor.Group, total), 0
	to := from
	for to < len(p.Groups) && (to == from || size+len(p.Groups[to])+1 <= w.budget()) {
		size += len(p.Groups[to]) + 1
		to++
	}
	p.Groups = p.Groups[from:to]
	if rep.Groups, err = json.Marshal(p); err != nil {
		return err
	}
	if to < total {
		rep.Next = &Cursor{Group: to}
		return nil
	}
	rep.Stats, rep.Events = wireStats(stats), col.events // with the statistics, once
	return nil
}
