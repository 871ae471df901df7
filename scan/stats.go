package scan

import (
	"sync"
	"sync/atomic"
	"time"
)

// counters are the live statistics of a scan, updated by every goroutine.
type counters struct {
	objectsListed, objectsPruned, objectsRead, objectsSkipped, objectsFailed atomic.Int64
	prefixesListed, prefixesPruned, prefixesFailed                           atomic.Int64
	bytesCompressed, bytesUncompressed                                       atomic.Int64
	records, matched, malformed                                              atomic.Int64
	rowGroups, rowGroupsSkipped, pagesSkipped                                atomic.Int64
	listRequests, getRequests                                                atomic.Int64

	mu     sync.Mutex
	errors []ObjectError
	skips  []ObjectError
	start  time.Time
}

func (c *counters) addError(e *ObjectError) {
	c.mu.Lock()
	if len(c.errors) < maxErrors {
		c.errors = append(c.errors, *e)
	}
	c.mu.Unlock()
}

func (c *counters) addSkip(e *ObjectError) {
	c.mu.Lock()
	if len(c.skips) < maxErrors {
		c.skips = append(c.skips, *e)
	}
	c.mu.Unlock()
}

// snapshot returns the statistics so far.
func (c *counters) snapshot() Stats {
	s := Stats{
		ObjectsListed: c.objectsListed.Load(), ObjectsPruned: c.objectsPruned.Load(),
		ObjectsRead: c.objectsRead.Load(), ObjectsSkipped: c.objectsSkipped.Load(),
		ObjectsFailed: c.objectsFailed.Load(), PrefixesListed: c.prefixesListed.Load(),
		PrefixesPruned: c.prefixesPruned.Load(), PrefixesFailed: c.prefixesFailed.Load(),
		BytesCompressed: c.bytesCompressed.Load(), BytesUncompressed: c.bytesUncompressed.Load(),
		Records: c.records.Load(), Matched: c.matched.Load(), Malformed: c.malformed.Load(),
		ListRequests: c.listRequests.Load(), GetRequests: c.getRequests.Load(),
		RowGroups: c.rowGroups.Load(), RowGroupsSkipped: c.rowGroupsSkipped.Load(),
		PagesSkipped: c.pagesSkipped.Load(),
		Elapsed:      time.Since(c.start),
	}
	c.mu.Lock()
	s.Errors = append([]ObjectError(nil), c.errors...)
	s.Skips = append([]ObjectError(nil), c.skips...)
	c.mu.Unlock()
	return s
}

// objStats are the counts of one read of one object.
type objStats struct {
	compressed, uncompressed, records, malformed int64
	rowGroups, rowGroupsSkipped, pagesSkipped    int64 // Parquet only
}

func (c *counters) addObject(s objStats) {
	c.bytesCompressed.Add(s.compressed)
	c.bytesUncompressed.Add(s.uncompressed)
	c.records.Add(s.records)
	c.malformed.Add(s.malformed)
	c.rowGroups.Add(s.rowGroups)
	c.rowGroupsSkipped.Add(s.rowGroupsSkipped)
	c.pagesSkipped.Add(s.pagesSkipped)
}
