package scan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Delivery timing (FLOWLOGS.md §7). A file stamped T holds records whose
// end is in [T, T+5m); a record's start can be one aggregation interval
// (at most 10 min) plus about 60 s of capture delay before its end. The
// slack covers late or early delivery that the documentation does not
// promise against: pruning must never lose a record, and an extra file at
// each edge of a window costs little.
const (
	fileWindow     = 5 * time.Minute
	maxAggregation = 10 * time.Minute
	captureDelay   = 60 * time.Second
	deliverySlack  = 15 * time.Minute

	// stampLead is how long before its file's stamp a record can start.
	stampLead = maxAggregation + captureDelay + deliverySlack
	// stampLag is how long after its file's stamp a record can end.
	stampLag = fileWindow + deliverySlack
)

// Window is the set of record times a scan wants: a record can match only
// if its end is at or after Lo and its start is at or before Hi (both Unix
// seconds, inclusive). The zero value is unbounded.
type Window struct {
	Lo, Hi int64
	HasLo  bool
	HasHi  bool
}

// Bounded reports whether the window limits anything.
func (w Window) Bounded() bool { return w.HasLo || w.HasHi }

// window builds the record window from Since/Until (a record overlaps
// [since, until) when start < until and end >= since) and from the
// filter's own ranges on start and end, if it reports them.
func window(since, until time.Time, m Matcher) Window {
	var w Window
	lower := func(v int64) {
		if !w.HasLo || v > w.Lo {
			w.Lo, w.HasLo = v, true
		}
	}
	upper := func(v int64) {
		if !w.HasHi || v < w.Hi {
			w.Hi, w.HasHi = v, true
		}
	}
	if !since.IsZero() {
		lower(since.Unix())
	}
	if !until.IsZero() {
		upper(ceilUnix(until) - 1)
	}
	if r, ok := m.(Ranger); ok {
		// start <= end, so a lower bound on start bounds end too, and an
		// upper bound on end bounds start.
		if lo, hi, ok := r.Range(startField); ok {
			lower(lo)
			upper(hi)
		}
		if lo, hi, ok := r.Range(endField); ok {
			lower(lo)
			upper(hi)
		}
	}
	return w
}

// ceilUnix returns t in Unix seconds, rounded up.
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// keepStamps reports whether delivery stamps in [from, to) can hold a
// record of the window.
func (w Window) keepStamps(from, to time.Time) bool {
	if w.HasLo && to.Add(stampLag).Unix() <= w.Lo {
		return false
	}
	if w.HasHi && from.Add(-stampLead).Unix() > w.Hi {
		return false
	}
	return true
}

// keepStamp reports whether a file stamped t can hold a record of the
// window.
func (w Window) keepStamp(t time.Time) bool { return w.keepStamps(t, t) }

// contains reports whether a record with the given start and end (Unix
// seconds) overlaps the window.
func (w Window) contains(start, end int64) bool {
	return (!w.HasLo || end >= w.Lo) && (!w.HasHi || start <= w.Hi)
}

// Prefixes returns the UTC day folders ("2026/01/15/", or
// "year=2026/month=01/day=15/" if hive) whose files can hold records of the
// window, in order, and false if the window is unbounded on either side or
// spans more than maxDays days. It is the pure mapping from a time window to
// partitions, widened as keepStamps is.
func (w Window) Prefixes(hive bool, maxDays int) ([]string, bool) {
	if !w.HasLo || !w.HasHi || w.Hi < w.Lo {
		return nil, w.HasLo && w.HasHi
	}
	first := time.Unix(w.Lo, 0).UTC().Add(-stampLag).Truncate(24 * time.Hour)
	last := time.Unix(w.Hi, 0).UTC().Add(stampLead)
	var out []string
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if !w.keepStamps(d, d.AddDate(0, 0, 1)) {
			continue
		}
		if len(out) == maxDays {
			return nil, false
		}
		out = append(out, dayPrefix(d, hive))
	}
	return out, true
}

func dayPrefix(d time.Time, hive bool) string {
	if hive {
		return d.Format("year=2006/month=01/day=02/")
	}
	return d.Format("2006/01/02/")
}

// selector decides which folders and objects a scan reads.
type selector struct {
	win      Window
	accounts []string // sorted; empty = all
	regions  []string // sorted; empty = all, unless noRegion
	noRegion bool     // no region can match (the filter and --region disagree)
}

func newSelector(win Window, accounts, regions []string, noRegion bool) *selector {
	s := &selector{win: win, accounts: slices.Clone(accounts), regions: slices.Clone(regions), noRegion: noRegion}
	slices.Sort(s.accounts)
	slices.Sort(s.regions)
	return s
}

func in(set []string, v string) bool {
	if len(set) == 0 || v == "" {
		return true
	}
	_, ok := slices.BinarySearch(set, v)
	return ok
}

// reasonOutsideWindow is why a folder or object is pruned for its time
// (ObjectReport.PrunedForTime tells it apart from the other reasons).
const reasonOutsideWindow = "outside the time window"

// keepDir reports whether a folder can hold wanted records, and why not.
func (s *selector) keepDir(pi PathInfo) (bool, string) {
	switch {
	case pi.NotFlowLogs:
		return false, "not a vpcflowlogs folder"
	case !in(s.accounts, pi.Account):
		return false, "account " + pi.Account + " not selected"
	case !s.keepRegion(pi.Region):
		return false, "region " + pi.Region + " not selected"
	}
	if from, to, ok := pi.Interval(); ok && !s.win.keepStamps(from, to) {
		return false, reasonOutsideWindow
	}
	return true, ""
}

// keepFile reports whether an object named with fi can hold wanted records.
func (s *selector) keepFile(fi FileInfo) (bool, string) {
	switch {
	case !in(s.accounts, fi.Account):
		return false, "account " + fi.Account + " not selected"
	case !s.keepRegion(fi.Region):
		return false, "region " + fi.Region + " not selected"
	case !s.win.keepStamp(fi.Stamp):
		return false, reasonOutsideWindow
	}
	return true, ""
}

// keepRegion reports whether records of region (the empty string: not
// known) can be wanted.
func (s *selector) keepRegion(region string) bool {
	if s.noRegion && region != "" {
		return false
	}
	return in(s.regions, region)
}

// regionPattern is the shape of an AWS region code: us-east-1,
// ap-northeast-1, us-gov-west-1.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// CheckAccount reports an account that no flow log can have, which would
// otherwise select nothing in silence. The error quotes it, for the
// caller to say where it came from.
func CheckAccount(a string) error {
	if !isAccount(a) {
		return fmt.Errorf("%q: an AWS account ID is 12 digits", a)
	}
	return nil
}

// CheckRegion reports a region code that no flow log can have.
func CheckRegion(r string) error {
	switch {
	case regionPattern.MatchString(r):
		return nil
	case regionPattern.MatchString(strings.ToLower(r)):
		return fmt.Errorf("%q: region codes are lower case: %s", r, strings.ToLower(r))
	}
	return fmt.Errorf("%q: not a region code (like us-east-1 or ap-northeast-1)", r)
}
