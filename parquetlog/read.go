package parquetlog

import (
	"context"
	"errors"
	"io"

	"github.com/flowq/flowq/flowlog"
)

// Options configure a Reader (and Read).
type Options struct {
	// Fields are the fields the caller needs (filter and output); only their
	// columns are read. The empty set means every field. If the object has
	// none of them, its first flow log column is read so that records (and
	// counts) still come out.
	Fields flowlog.FieldSet
	// Range, if not nil, gives for a field of kind integer, time or enum
	// (code) bounds [lo, hi] that the value of every record the caller
	// wants satisfies (filter.Filter.Range); a record whose value is null
	// or absent is not wanted. Row groups and pages whose statistics
	// prove that no value lies in the bounds are skipped.
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
	// in the object. It is called from Scan (so from Read's goroutine); the
	// error is the callee's to keep. It may call Reader.Close to stop.
	OnMalformed func(*flowlog.ParseError)
}

// Stats describe what a Reader (or Read) did with one object.
type Stats struct {
	RowGroups        int64 // row groups in the object
	RowGroupsSkipped int64 // row groups skipped on their statistics
	PagesSkipped     int64 // data pages of read columns skipped on page statistics
	Rows             int64 // rows in the object
	RowsRead         int64 // rows decoded (records + malformed)
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
// opts.Source and wrap ErrCorrupt, ErrNotFlowLog or the ReaderAt's error,
// or are the context's error. The Stats are returned in every case.
//
// Read is a loop over a [Reader] (NewReader, Scan, emit(Record), Close):
// it plans and fetches as the Reader does (see the package doc), uses no
// goroutine of its own and allocates nothing per record. Read never
// panics on bad input; a panic in emit is not caught.
func Read(ctx context.Context, ra io.ReaderAt, size int64, opts Options,
	emit func(*flowlog.Record) error) (Stats, error) {
	r := NewReader(ctx, ra, size, opts)
	defer r.Close()
	for r.Scan() {
		if err := emit(r.Record()); err != nil {
			return r.Stats(), err
		}
	}
	return r.Stats(), r.Err()
}
