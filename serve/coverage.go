package serve

import (
	"fmt"
	"strings"

	"github.com/flowq/flowq/coverage"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// coverageWatch measures, during a search's own scan, what the logs of
// its window do not show (package coverage): the delivery gaps of the
// objects the scan considered (from its ObjectReports, so no second
// listing) and the SKIPDATA records of the objects it read (its matcher
// also takes them, see withSkipData). Its cost is one OnObject call per
// object and one log-status test per record the filter refuses.
type coverageWatch struct {
	deliveries coverage.Deliveries // Add is safe for concurrent use
	statuses   coverage.Statuses   // used from the consumer's goroutine only
	inner      scan.Matcher        // the search's own matcher
}

// watch makes opts a scan that also measures coverage: OnObject feeds
// the deliveries and the matcher takes SKIPDATA records too, which take
// (take) hands to the statuses and keeps out of the rows.
func (c *coverageWatch) watch(opts *scan.Options) {
	c.inner = opts.Filter
	opts.Filter = withSkipData{inner: opts.Filter}
	opts.OnObject = c.deliveries.Add
}

// take reports whether m is a result of the search; a SKIPDATA record
// the search's own filter refuses is counted, not shown.
func (c *coverageWatch) take(m scan.Match) bool {
	if m.Record.LogStatus() != flowlog.LogStatusSkipData {
		return true
	}
	c.statuses.Add(m.Record)
	return c.inner == nil || c.inner.Match(m.Record)
}

// withSkipData matches what its matcher matches, and SKIPDATA records
// within its time bounds. It keeps the matcher's Range and Values, so
// pruning is that of the search: only the searched window, accounts and
// regions are measured. Safe for concurrent use, as its matcher is.
type withSkipData struct{ inner scan.Matcher }

func (w withSkipData) Match(r *flowlog.Record) bool {
	if w.inner == nil || w.inner.Match(r) {
		return true
	}
	return r.LogStatus() == flowlog.LogStatusSkipData && w.inTime(r)
}

// inTime checks a record's start and end against the matcher's bounds
// (a time in the advanced box).
func (w withSkipData) inTime(r *flowlog.Record) bool {
	rg, ok := w.inner.(scan.Ranger)
	if !ok {
		return true
	}
	for _, f := range []flowlog.Field{flowlog.Start, flowlog.End} {
		lo, hi, bounded := rg.Range(f)
		if v, has := r.Int(f); bounded && has && (v < lo || v > hi) {
			return false
		}
	}
	return true
}

// Fields are what Match reads: the matcher's, log-status, and start and
// end where the matcher bounds them. (What Statuses.Add reads of a
// SKIPDATA match, its interface and times, the page's fields have.)
func (w withSkipData) Fields() flowlog.FieldSet {
	fs := flowlog.SetOf(flowlog.LogStatus)
	if w.inner == nil {
		return fs
	}
	for _, f := range []flowlog.Field{flowlog.Start, flowlog.End} {
		if _, _, bounded := w.Range(f); bounded {
			fs.Add(f)
		}
	}
	return fs.Union(w.inner.Fields())
}

func (w withSkipData) Range(f flowlog.Field) (lo, hi int64, ok bool) {
	if rg, is := w.inner.(scan.Ranger); is {
		return rg.Range(f)
	}
	return 0, 0, false
}

func (w withSkipData) Values(f flowlog.Field) ([]string, bool) {
	if v, is := w.inner.(scan.Valuer); is {
		return v.Values(f)
	}
	return nil, false
}

// coverageNotes say, in l, what the window's logs do not show: delivery
// gaps and SKIPDATA, naming at most three flow logs or interfaces. They
// are said only of a scan that ran to its end (a capped or stopped scan
// has not seen every object). rows is how many records matched: with
// none, the note says that "nothing found" is only as good as the logs.
func coverageNotes(l lang, s *search, c *coverageWatch, o outcome) []string {
	if c == nil || o.capped || o.timedOut || o.cancelled || o.err != nil {
		return nil
	}
	var parts []string
	if gaps := c.deliveries.Gaps(s.since, s.until); len(gaps) > 0 {
		missing, names := 0, []string{}
		for _, g := range gaps {
			missing += g.Missing
			names = appendOnce(names, coverage.GapSubject(g))
		}
		parts = append(parts, fmt.Sprintf(l.T("cov.gaps"), missing, firstNames(names)))
	}
	var ifaces []string
	for _, st := range c.statuses.List() {
		if st.Status == "SKIPDATA" {
			ifaces = appendOnce(ifaces, output.Visible(st.Interface))
		}
	}
	if len(ifaces) > 0 {
		parts = append(parts, fmt.Sprintf(l.T("cov.skipdata"), firstNames(ifaces)))
	}
	if len(parts) == 0 {
		return nil
	}
	key := "cov.some"
	if o.rows == 0 {
		key = "cov.none"
	}
	return []string{fmt.Sprintf(l.T(key), strings.Join(parts, " "), s.coverageCommand())}
}

func appendOnce(list []string, v string) []string {
	for _, have := range list {
		if have == v {
			return list
		}
	}
	return append(list, v)
}

// firstNames lists up to three names, and how many more.
func firstNames(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s (+%d)", strings.Join(names[:3], ", "), len(names)-3)
}
