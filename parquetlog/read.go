package parquetlog

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
)

// Options configure Read.
type Options struct {
	// Fields are the fields the caller needs (filter and output); only their
	// columns are read. The empty set means every field. If the object has
	// none of them, its first flow log column is read so that records (and
	// counts) still come out.
	Fields flowlog.FieldSet
	// Range, if not nil, gives for a field of kind integer, time or enum
	// (code) bounds [lo, hi] that the value of every record the caller
	// wants satisfies (filter.Filter.Range); a record whose value is null
	// or absent is not wanted. Read skips row groups and pages whose
	// statistics prove that no value lies in the bounds.
	Range func(flowlog.Field) (lo, hi int64, ok bool)
	// Source names the object (key or path) in errors.
	Source string
	// CoalesceGap is the largest hole between two needed byte ranges that
	// is read rather than skipped, trading bytes for requests: on S3 one
	// request costs about as much as ~1 MiB of transfer. Zero means 64 KiB;
	// negative means never read holes.
	CoalesceGap int64
	// OnMalformed, if not nil, is called for each row that holds a value
	// its field cannot take (a negative port, an action that is not a word
	// AWS writes, an address that does not parse); the row is skipped and
	// counted in Stats.Malformed either way. Line is the 1-based row number
	// in the object.
	OnMalformed func(*flowlog.ParseError)
}

// Stats describe what Read did with one object.
type Stats struct {
	RowGroups        int64 // row groups in the object
	RowGroupsSkipped int64 // row groups skipped on their statistics
	PagesSkipped     int64 // data pages of read columns skipped on page statistics
	Rows             int64 // rows in the object
	RowsRead         int64 // rows decoded (emitted + malformed)
	Malformed        int64 // rows skipped because a value was invalid
	BytesRead        int64 // bytes fetched from the io.ReaderAt
	Reads            int64 // ReadAt calls made on the io.ReaderAt
	// Ignored lists the columns that map to no flow log field or whose
	// type cannot hold their field; their values are not read.
	Ignored []string
}

// ErrCorrupt is wrapped by every error about an object that is not a
// readable Parquet file (bad magic, truncated, undecodable pages).
var ErrCorrupt = errors.New("corrupt or truncated Parquet object")

// ErrNotFlowLog is wrapped by the error for a Parquet object without any
// column named like a flow log field.
var ErrNotFlowLog = errors.New("no flow log column in the Parquet object")

// Read decodes the flow log records of the Parquet object ra (size bytes)
// and calls emit for each record that survives the pruning of opts.Range;
// the Range is a pruning hint, so emitted records still need filtering.
// The record passed to emit, and every slice obtained from it, is valid
// only during the call; emit runs on the calling goroutine. If emit
// returns an error, Read stops and returns it unwrapped. Other errors name
// opts.Source and wrap ErrCorrupt, ErrNotFlowLog, the context's error or
// the ReaderAt's error.
//
// Row groups and pages are chosen from the statistics first; then the
// selected column chunks (or pages) of consecutive row groups are fetched
// together, up to 16 MiB at a time, so that a selective read costs a few
// requests rather than one per row group. Memory is bounded by that
// read-ahead or by one row group's selection, whichever is larger. Read
// never panics on bad input.
func Read(ctx context.Context, ra io.ReaderAt, size int64, opts Options,
	emit func(*flowlog.Record) error) (st Stats, err error) {
	rr := &rangeReader{ra: ra, gap: max(opts.CoalesceGap, 0)}
	if opts.CoalesceGap == 0 {
		rr.gap = defaultGap
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parquetlog: %s: %w (decoder panic: %v)", opts.Source, ErrCorrupt, p)
		}
		st.BytesRead, st.Reads = rr.bytes, rr.calls
	}()
	if err := ctx.Err(); err != nil {
		return st, err
	}
	rd, err := newReader(rr, size, opts)
	if err != nil {
		if errors.Is(err, ErrNotFlowLog) || errors.Is(err, ErrCorrupt) {
			return st, fmt.Errorf("parquetlog: %s: %w", opts.Source, err)
		}
		return st, fmt.Errorf("parquetlog: %s: %w: %w", opts.Source, ErrCorrupt, err)
	}
	defer rd.close()
	st.Rows, st.Ignored = rd.file.NumRows(), rd.ignored
	plans, err := rd.planRowGroups(&st)
	if err != nil {
		return st, fmt.Errorf("parquetlog: %s: %w: %w", opts.Source, ErrCorrupt, err)
	}
	for len(plans) > 0 {
		batch := readAheadBatch(plans)
		plans = plans[len(batch):]
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if err := rd.readBatch(ctx, batch, &st, emit); err != nil {
			if errors.Is(err, errEmit) {
				return st, rd.emitErr
			}
			if ctx.Err() != nil {
				return st, ctx.Err()
			}
			return st, fmt.Errorf("parquetlog: %s: %w: %w", opts.Source, ErrCorrupt, err)
		}
	}
	return st, nil
}

// errEmit marks that the caller's emit function stopped the read.
var errEmit = errors.New("emit stopped the read")

// rgPlan is what Read will fetch and decode of one row group.
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
func (rd *reader) planRowGroups(st *Stats) ([]rgPlan, error) {
	var plans []rgPlan
	var base int64
	for i, rg := range rd.file.RowGroups() {
		st.RowGroups++
		n := rg.NumRows()
		p := rgPlan{ord: i, base: base, rg: rg}
		base += n
		if n == 0 {
			continue
		}
		chunks := rg.ColumnChunks()
		if rd.excludesRowGroup(chunks) {
			st.RowGroupsSkipped++
			continue
		}
		if p.sel = rd.selectRows(chunks, n); len(p.sel) == 0 {
			st.RowGroupsSkipped++
			continue
		}
		ranges, skipped, err := rd.byteRanges(i, chunks, p.sel, n)
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

// readAheadBatch returns the leading plans whose bytes fit in readAhead
// together (at least one).
func readAheadBatch(plans []rgPlan) []rgPlan {
	total, n := plans[0].bytes, 1
	for n < len(plans) && total+plans[n].bytes <= readAhead {
		total += plans[n].bytes
		n++
	}
	return plans[:n]
}

// readBatch fetches the byte ranges of a batch of row groups at once and
// decodes their selected rows.
func (rd *reader) readBatch(ctx context.Context, batch []rgPlan, st *Stats,
	emit func(*flowlog.Record) error) error {
	var rs []byteRange
	for _, p := range batch {
		rs = append(rs, p.ranges...)
	}
	if err := rd.rr.load(rs); err != nil { // load sorts and merges rs in place
		return err
	}
	for _, p := range batch {
		if err := rd.checkRanges(p); err != nil {
			return fmt.Errorf("row group %d: %w", p.ord, err)
		}
		rd.base = p.base
		chunks := p.rg.ColumnChunks()
		for _, c := range rd.cols {
			c.open(chunks[c.leaf])
		}
		for _, r := range p.sel {
			if err := rd.readRange(ctx, r, st, emit); err != nil {
				if errors.Is(err, errEmit) {
					return err
				}
				return fmt.Errorf("row group %d: %w", p.ord, err)
			}
		}
	}
	return nil
}

// checkRanges validates the page headers of a planned row group before
// parquet-go decodes them (bounded memory on corrupt objects).
func (rd *reader) checkRanges(p rgPlan) error {
	if n := p.rg.NumRows(); n > maxRowGroupRows {
		return fmt.Errorf("row group claims %d rows (limit %d)", n, maxRowGroupRows)
	}
	for _, r := range p.ranges {
		if err := rd.checkPages(r.off, r.end, p.rg.NumRows()); err != nil {
			return err
		}
	}
	return nil
}
