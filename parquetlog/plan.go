package parquetlog

import (
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// rgPlan is what a Reader will fetch and decode of one row group.
type rgPlan struct {
	ord    int
	base   int64 // row number of its first row in the object
	rg     parquet.RowGroup
	sel    []rowRange
	ranges []byteRange
	bytes  int64
}

// readAhead bounds the bytes fetched for several row groups at once: a
// selective read of an S3 object then costs one or a few requests, not one
// per row group, each paying the request latency. A row group larger than
// this is fetched alone, so memory stays within max(readAhead, one row
// group's selection).
const readAhead = 16 << 20

// planRowGroups decides, from statistics alone, which row groups and pages
// to read, and counts what it skips.
func (ob *object) planRowGroups(st *Stats) ([]rgPlan, error) {
	var plans []rgPlan
	var base int64
	for i, rg := range ob.file.RowGroups() {
		st.RowGroups++
		n := rg.NumRows()
		p := rgPlan{ord: i, base: base, rg: rg}
		base += n
		if n == 0 {
			continue
		}
		chunks := rg.ColumnChunks()
		if ob.excludesRowGroup(chunks) {
			st.RowGroupsSkipped++
			continue
		}
		if p.sel = ob.selectRows(chunks, n); len(p.sel) == 0 {
			st.RowGroupsSkipped++
			continue
		}
		ranges, skipped, err := ob.byteRanges(i, chunks, p.sel, n)
		if err != nil {
			return nil, fmt.Errorf("row group %d: %w", i, err)
		}
		st.PagesSkipped += skipped
		p.ranges = ranges
		for _, r := range ranges {
			p.bytes += r.end - r.off
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// readAheadBatch returns the leading plans whose bytes fit in limit
// (readAhead) together, at least one.
func readAheadBatch(plans []rgPlan, limit int64) []rgPlan {
	total, n := plans[0].bytes, 1
	for n < len(plans) && total+plans[n].bytes <= limit {
		total += plans[n].bytes
		n++
	}
	return plans[:n]
}

// load fetches the byte ranges of a read-ahead batch of row groups, with
// one ReadAt per coalesced range (several at once). It replaces the ranges
// of the previous batch.
func (ob *object) load(batch []rgPlan) error {
	rs := ob.ranges[:0]
	for _, p := range batch {
		rs = append(rs, p.ranges...)
	}
	ob.ranges = rs
	return ob.rr.load(rs) // load sorts and merges rs in place
}

// openRowGroup starts the cursors on the column chunks of row group p.
func (ob *object) openRowGroup(p *rgPlan) {
	chunks := p.rg.ColumnChunks()
	for _, c := range ob.cols {
		c.open(chunks[c.leaf])
	}
}

// checkRanges validates the page headers of a planned row group before
// parquet-go decodes them (bounded memory on corrupt objects).
func (ob *object) checkRanges(p *rgPlan) error {
	if n := p.rg.NumRows(); n > maxRowGroupRows {
		return fmt.Errorf("row group claims %d rows (limit %d)", n, maxRowGroupRows)
	}
	for _, r := range p.ranges {
		if err := ob.checkPages(r.off, r.end, p.rg.NumRows()); err != nil {
			return err
		}
	}
	return nil
}
