package scan

import (
	"context"

	"github.com/flowq/flowq/flowlog"
)

// PlanResult is what a scan would read, without reading any record: for
// --explain.
type PlanResult struct {
	Window   Window        // the record times wanted (from Since/Until and the filter)
	Listed   []string      // folders listed, in walk order
	Selected []PlanObject  // objects that would be read, in order
	Pruned   []PlanObject  // folders and objects left out, with the reason
	Stats    Stats         // the listing part: objects, prefixes, requests
	Errors   []ObjectError // folders that could not be listed
	Inflate  string        // the inflater a scan would use: InflateGo or InflateLibdeflate
	// Literal is what text readers pass over plain lines without
	// (Literaler); its Text is "" when every line is split.
	Literal flowlog.Literal
}

// PlanObject is one object or folder in a plan.
type PlanObject struct {
	Source string
	Size   int64 // -1 if unknown; 0 for folders
	Dir    bool
	Reason string // why it was pruned
	Info   FileInfo
}

// Plan lists what Run would read with the same options: the folders it
// would list, the objects it would read and what it would prune. It makes
// LIST requests but no GETs. Problems listing a folder are in the result;
// the error is for bad options, cancellation, or strict mode.
func Plan(ctx context.Context, opts Options) (*PlanResult, error) {
	r, err := newRunner(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer r.s3c.close()
	p := &PlanResult{Window: r.cfg.win, Inflate: r.cfg.inflate, Literal: r.cfg.literal}
	w := newWalker(r.sel, r.scope, r.listConcurrency(), r.tally.add, func(e *ObjectError) error {
		p.Errors = append(p.Errors, *e)
		return r.report(e)
	})
	w.listed = func(src string) { p.Listed = append(p.Listed, src) }
	w.pruned = func(src string, dir bool, why string) {
		p.Pruned = append(p.Pruned, PlanObject{Source: src, Dir: dir, Reason: why})
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err = r.walkAll(ctx, w, func(o *object) error {
		p.Selected = append(p.Selected, PlanObject{Source: o.source, Size: o.size, Info: o.info})
		return nil
	})
	p.Stats = r.tally.snapshot()
	return p, err
}
