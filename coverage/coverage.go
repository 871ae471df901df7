package coverage

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// Cadence is how often AWS delivers a flow log's objects to S3.
const Cadence = 5 * time.Minute

// FlowLog names one flow log's objects in one account and region.
type FlowLog struct {
	ID, Account, Region string
}

// Gap is a stretch of delivery windows with no object.
type Gap struct {
	FlowLog  FlowLog
	From, To time.Time // [From, To): the windows missing
	Missing  int       // how many deliveries
}

// Deliveries gathers the stamps of the objects a scan considered. Add is
// safe for concurrent use (scan.Options.OnObject).
type Deliveries struct {
	mu     sync.Mutex
	stamps map[FlowLog][]time.Time
}

// Add records an object that was read, skipped or failed, if its name is
// AWS's. An object pruned by time only says that its flow log exists: a
// flow log with no object in a bounded window has a gap as long as the
// window. An object pruned for its account or region says nothing: its
// flow log was not asked about.
func (d *Deliveries) Add(r scan.ObjectReport) {
	if r.Dir || r.Stamp.IsZero() || r.Outcome == scan.OutcomePruned && !prunedByTime(r) {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stamps == nil {
		d.stamps = map[FlowLog][]time.Time{}
	}
	fl := FlowLog{ID: r.FlowLog, Account: r.Account, Region: r.Region}
	if r.Outcome == scan.OutcomePruned {
		d.stamps[fl] = append(d.stamps[fl], []time.Time(nil)...) // known, nothing delivered
		return
	}
	d.stamps[fl] = append(d.stamps[fl], r.Stamp.UTC())
}

// prunedByTime reports whether scan passed r over for its time alone.
func prunedByTime(r scan.ObjectReport) bool { return r.PrunedForTime }

// FlowLogs is how many flow logs' objects were seen.
func (d *Deliveries) FlowLogs() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.stamps)
}

// Gaps returns the missing deliveries of every flow log seen, within
// [since, until) where those are set (zero: from the first object, to the
// last), in flow log and time order.
func (d *Deliveries) Gaps(since, until time.Time) []Gap {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Gap
	for fl, stamps := range d.stamps {
		out = append(out, gapsOf(fl, stamps, since, until)...)
	}
	slices.SortFunc(out, func(a, b Gap) int {
		return cmp.Or(cmp.Compare(a.FlowLog.Account, b.FlowLog.Account), cmp.Compare(a.FlowLog.Region, b.FlowLog.Region),
			cmp.Compare(a.FlowLog.ID, b.FlowLog.ID), a.From.Compare(b.From))
	})
	return out
}

// gapsOf finds one flow log's gaps. An object stamped t holds the window
// [t, t+Cadence); only the deliveries stamped in [since, until) count
// (the scan also reads objects just outside, for long flows).
func gapsOf(fl FlowLog, stamps []time.Time, since, until time.Time) []Gap {
	slices.SortFunc(stamps, time.Time.Compare)
	stamps = slices.Compact(stamps) // several objects of one window
	var out []Gap
	lo, hi := since.Truncate(Cadence), until
	add := func(from, to time.Time) {
		if !since.IsZero() && from.Before(lo) { // the scan reads around the window: keep to it
			from = lo
		}
		if !until.IsZero() && to.After(hi) {
			to = hi
		}
		if n := int((to.Sub(from) + Cadence - 1) / Cadence); n > 0 {
			out = append(out, Gap{FlowLog: fl, From: from, To: from.Add(time.Duration(n) * Cadence), Missing: n})
		}
	}
	if len(stamps) == 0 {
		if !since.IsZero() && !until.IsZero() {
			add(since.Truncate(Cadence), until)
		}
		return out
	}
	if !since.IsZero() {
		add(since.Truncate(Cadence), stamps[0])
	}
	for i := 1; i < len(stamps); i++ {
		add(stamps[i-1].Add(Cadence), stamps[i])
	}
	if !until.IsZero() {
		add(stamps[len(stamps)-1].Add(Cadence), until)
	}
	return out
}

// Status is a stretch of NODATA or SKIPDATA records on one interface.
type Status struct {
	Interface   string
	Status      string // "NODATA" or "SKIPDATA"
	Records     int
	First, Last time.Time // the first start, the last end
}

// Statuses gathers NODATA and SKIPDATA records. Add is not safe for
// concurrent use (a scan's emit is called from one goroutine).
type Statuses struct {
	by map[[2]string]*Status
}

// Add counts r if its log-status is NODATA or SKIPDATA.
func (s *Statuses) Add(r *flowlog.Record) {
	status := r.LogStatus()
	if status != flowlog.LogStatusNoData && status != flowlog.LogStatusSkipData {
		return
	}
	name := "NODATA"
	if status == flowlog.LogStatusSkipData {
		name = "SKIPDATA"
	}
	key := [2]string{string(r.Text(flowlog.InterfaceID)), name}
	if s.by == nil {
		s.by = map[[2]string]*Status{}
	}
	st := s.by[key]
	if st == nil {
		st = &Status{Interface: key[0], Status: name}
		s.by[key] = st
	}
	st.Records++
	if t, ok := r.Time(flowlog.Start); ok && (st.First.IsZero() || t.Before(st.First)) {
		st.First = t
	}
	if t, ok := r.Time(flowlog.End); ok && t.After(st.Last) {
		st.Last = t
	}
}

// List returns the stretches, SKIPDATA first, then by interface.
func (s *Statuses) List() []Status {
	out := make([]Status, 0, len(s.by))
	for _, st := range s.by {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b Status) int {
		return cmp.Or(-cmp.Compare(a.Status, b.Status), cmp.Compare(a.Interface, b.Interface))
	})
	return out
}

// Report is what a window's logs do not show.
type Report struct {
	Since, Until time.Time
	FlowLogs     int // flow logs whose objects were seen (read or pruned)
	Gaps         []Gap
	Statuses     []Status
}

// Run scans opts's window for deliveries and for NODATA and SKIPDATA
// records (opts.Filter and Fields are set here; OnObject is chained).
func Run(ctx context.Context, opts scan.Options) (*Report, scan.Stats, error) {
	f, err := filter.Compile("log_status in (NODATA, SKIPDATA)", filter.Options{})
	if err != nil {
		return nil, scan.Stats{}, err
	}
	var d Deliveries
	var s Statuses
	next := opts.OnObject
	opts.OnObject = func(r scan.ObjectReport) {
		d.Add(r)
		if next != nil {
			next(r)
		}
	}
	opts.Filter, opts.Fields, opts.Limit = f, flowlog.SetOf(flowlog.InterfaceID, flowlog.LogStatus, flowlog.Start, flowlog.End), 0
	st, err := scan.Run(ctx, opts, func(m scan.Match) error { s.Add(m.Record); return nil })
	if err != nil {
		return nil, st, err
	}
	return &Report{Since: opts.Since, Until: opts.Until, FlowLogs: d.FlowLogs(), Gaps: d.Gaps(opts.Since, opts.Until), Statuses: s.List()}, st, nil
}
