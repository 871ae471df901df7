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
var ErrNotFlowLog = errors.New("Parquet object has no flow log column")

// Read decodes the flow log records of the Parquet object ra (size bytes)
// and calls emit for each record that survives the pruning of opts.Range;
// the Range is a pruning hint, so emitted records still need filtering.
// The record passed to emit, and every slice obtained from it, is valid
// only during the call; emit runs on the calling goroutine. If emit
// returns an error, Read stops and returns it unwrapped. Other errors name
// opts.Source and wrap ErrCorrupt, ErrNotFlowLog, the context's error or
// the ReaderAt's error.
//
// Memory is bounded by the selected column chunks of one row group. Read
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
	for i, rg := range rd.file.RowGroups() {
		st.RowGroups++
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if err := rd.rowGroup(ctx, i, rg, &st, emit); err != nil {
			if errors.Is(err, errEmit) {
				return st, rd.emitErr
			}
			if ctx.Err() != nil {
				return st, ctx.Err()
			}
			return st, fmt.Errorf("parquetlog: %s: row group %d: %w: %w", opts.Source, i, ErrCorrupt, err)
		}
		rd.base += rg.NumRows()
	}
	return st, nil
}

// errEmit marks that the caller's emit function stopped the read.
var errEmit = errors.New("emit stopped the read")

// rowGroup reads the selected rows of one row group.
func (rd *reader) rowGroup(ctx context.Context, ord int, rg parquet.RowGroup, st *Stats,
	emit func(*flowlog.Record) error) error {
	n := rg.NumRows()
	if n == 0 {
		return nil
	}
	chunks := rg.ColumnChunks()
	if rd.excludesRowGroup(chunks) {
		st.RowGroupsSkipped++
		return nil
	}
	sel := rd.selectRows(chunks, n)
	if len(sel) == 0 {
		st.RowGroupsSkipped++
		return nil
	}
	skipped, err := rd.prefetch(ord, chunks, sel, n)
	if err != nil {
		return err
	}
	st.PagesSkipped += skipped
	for _, c := range rd.cols {
		c.open(chunks[c.leaf])
	}
	for _, r := range sel {
		if err := rd.readRange(ctx, r, st, emit); err != nil {
			return err
		}
	}
	return nil
}
