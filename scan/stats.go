package scan

import (
	"sync"
	"sync/atomic"
	"time"
)

// maxErrors bounds Stats.Errors and Stats.Skips.
const maxErrors = 100

// Stats count what a scan did. It is a plain value: each part of a scan
// (an object read, a folder listed) counts into a Stats of its own, and
// Merge adds it to the total once. Partial Stats from other processes (a
// fan-out) merge the same way.
type Stats struct {
	ObjectsListed  int64 // objects seen in listings (and single files)
	ObjectsPruned  int64 // not read: outside the window, account or region
	ObjectsRead    int64 // read to the end
	ObjectsSkipped int64 // not flow logs (or Parquet without random access)
	ObjectsFailed  int64 // could not be read to the end
	PrefixesListed int64 // folders listed
	PrefixesPruned int64 // folders not listed
	PrefixesFailed int64 // folders that could not be listed

	BytesCompressed   int64 // bytes read from storage
	BytesUncompressed int64 // text bytes after decompression
	Records           int64 // records parsed (malformed lines excluded)
	LinesPassed       int64 // of Records, plain lines without the filter's literal, not split (Literaler)
	Matched           int64 // matches delivered (or counted, without emit)
	Malformed         int64 // malformed lines
	ControlMessages   int64 // CloudWatch Logs control messages skipped (cwlevent)

	ListRequests int64
	GetRequests  int64

	// Gzip objects inflated whole by libdeflate, their checksums verified
	// before any of their records went out, and those streamed through
	// klauspost/compress (see Options.Inflate).
	GzipWhole, GzipStreamed int64

	// Parquet objects: row groups seen, and row groups and data pages that
	// their statistics showed could not match (never fetched).
	RowGroups, RowGroupsSkipped, PagesSkipped int64

	Errors  []ObjectError // the first problems (capped)
	Skips   []ObjectError // the first skipped objects and why (capped)
	Elapsed time.Duration
	// ListingDone says every folder has been listed, so ObjectsListed is
	// the whole count (for an estimate of the time left).
	ListingDone bool
}

// Incomplete reports whether anything could not be read: an object, a
// prefix or a line.
func (s Stats) Incomplete() bool {
	return s.ObjectsFailed > 0 || s.PrefixesFailed > 0 || s.Malformed > 0
}

// Merge adds the counts of o to s, keeps up to 100 errors and skips, and
// keeps the longer Elapsed.
func (s *Stats) Merge(o Stats) {
	s.ObjectsListed += o.ObjectsListed
	s.ObjectsPruned += o.ObjectsPruned
	s.ObjectsRead += o.ObjectsRead
	s.ObjectsSkipped += o.ObjectsSkipped
	s.ObjectsFailed += o.ObjectsFailed
	s.PrefixesListed += o.PrefixesListed
	s.PrefixesPruned += o.PrefixesPruned
	s.PrefixesFailed += o.PrefixesFailed
	s.BytesCompressed += o.BytesCompressed
	s.BytesUncompressed += o.BytesUncompressed
	s.Records += o.Records
	s.LinesPassed += o.LinesPassed
	s.Matched += o.Matched
	s.Malformed += o.Malformed
	s.ControlMessages += o.ControlMessages
	s.ListRequests += o.ListRequests
	s.GetRequests += o.GetRequests
	s.GzipWhole += o.GzipWhole
	s.GzipStreamed += o.GzipStreamed
	s.RowGroups += o.RowGroups
	s.RowGroupsSkipped += o.RowGroupsSkipped
	s.PagesSkipped += o.PagesSkipped
	s.Errors = appendCapped(s.Errors, o.Errors)
	s.Skips = appendCapped(s.Skips, o.Skips)
	s.Elapsed = max(s.Elapsed, o.Elapsed)
	s.ListingDone = s.ListingDone || o.ListingDone
}

func appendCapped(dst, src []ObjectError) []ObjectError {
	return append(dst, src[:min(len(src), max(0, maxErrors-len(dst)))]...)
}

// tally is the running total of a scan: parts merge into it under a lock.
// Matches delivered are counted apart, by the one goroutine that delivers
// them, without the lock.
type tally struct {
	mu        sync.Mutex
	total     Stats
	delivered atomic.Int64
	start     time.Time
	// requests, if not nil, gives the requests a client counted itself.
	requests func() (lists, gets int64)
}

func (t *tally) add(s Stats) {
	t.mu.Lock()
	t.total.Merge(s)
	t.mu.Unlock()
}

// addError keeps one problem in the capped list.
func (t *tally) addError(e *ObjectError) {
	t.mu.Lock()
	if len(t.total.Errors) < maxErrors {
		t.total.Errors = append(t.total.Errors, *e)
	}
	t.mu.Unlock()
}

// snapshot returns the statistics so far; the caller owns its slices.
func (t *tally) snapshot() Stats {
	t.mu.Lock()
	s := t.total
	s.Errors = append([]ObjectError(nil), s.Errors...)
	s.Skips = append([]ObjectError(nil), s.Skips...)
	t.mu.Unlock()
	s.Matched += t.delivered.Load()
	if t.requests != nil {
		lists, gets := t.requests()
		s.ListRequests += lists
		s.GetRequests += gets
	}
	s.Elapsed = time.Since(t.start)
	return s
}
