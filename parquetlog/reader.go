package parquetlog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/flowq/flowq/flowlog"
)

// Reader reads the flow log records of one Parquet object, one per call
// to Scan, as bufio.Scanner reads lines:
//
//	rd := parquetlog.NewReader(ctx, ra, size, opts)
//	defer rd.Close()
//	for rd.Scan() {
//		use(rd.Record())
//	}
//	if err := rd.Err(); err != nil {
//		// the object could not be read, or ctx is done
//	}
//	st := rd.Stats()
//
// Only records that survive the pruning of Options.Range come out; the
// Range is a pruning hint, so records still need filtering. A row holding
// a value its field cannot take is not an error of the stream: it is
// skipped, counted in Stats.Malformed and reported to Options.OnMalformed.
//
// The first Scan reads the footer and plans the whole read from the
// statistics (see the package doc); later calls fetch the next read-ahead
// batch of column chunks when the last one is used up, decode up to 1024
// rows of every projected column at a time, and build one record per
// call. Scanning allocates per page, row group and batch, nothing per
// record, and starts no goroutine that outlives a call.
//
// A Reader keeps the Context given to NewReader, because Scan takes none:
// Scan checks it before each fetch and each batch of decoded rows, so once
// ctx is done at most one batch (1024 rows) more comes out before Scan
// returns false and Err returns ctx.Err().
//
// A Reader is not safe for concurrent use; use one per goroutine. Readers
// of different objects may run concurrently.
type Reader struct {
	ctx   context.Context // see the type's doc: Scan takes no Context
	size  int64
	opts  Options
	rr    rangeReader
	ob    *object // nil until the first Scan opens the object
	st    Stats   // BytesRead and Reads are counted in rr
	ahead int64   // readAhead; tests lower it
	plans []rgPlan
	batch []rgPlan   // fetched row groups not started yet
	ord   int        // the current row group
	base  int64      // row number in the object of its first row
	sel   []rowRange // its rows left to decode (consumed in place)
	first int64      // row number in the object of decoded row 0
	j, n  int        // next decoded row to build, and rows decoded
	cur   bool       // Record is valid
	done  bool
	err   error
}

// NewReader returns a Reader of the Parquet object ra, of size bytes. It
// does no I/O and cannot fail: the first Scan opens the object, and an
// object that cannot be read (corrupt, truncated, not a flow log, or ra
// failing) ends the stream there, with the error in Err. The Reader calls
// ra only from Scan, several ReadAt calls at once when it fetches a
// read-ahead batch (io.ReaderAt allows that), and not after Scan returns
// false or Close returns.
func NewReader(ctx context.Context, ra io.ReaderAt, size int64, opts Options) *Reader {
	r := &Reader{ctx: ctx, size: size, opts: opts, ahead: readAhead}
	r.rr = rangeReader{ra: ra, gap: max(opts.CoalesceGap, 0)}
	if opts.CoalesceGap == 0 {
		r.rr.gap = defaultGap
	}
	return r
}

// Scan advances to the next record, which Record then returns. It returns
// false at the end of the object, when reading fails, when ctx is done or
// after Close; Err then tells which. Malformed rows are skipped (see
// Options.OnMalformed). Scan never panics on bad input: a panic in the
// Parquet decoder ends the stream with an error wrapping ErrCorrupt.
func (r *Reader) Scan() (ok bool) {
	r.cur = false
	if r.done {
		return false
	}
	defer func() {
		if p := recover(); p != nil {
			r.ob = nil // the decoder's state is unknown: drop it unreleased
			r.end(fmt.Errorf("parquetlog: %s: %w (decoder panic: %v)", r.opts.Source, ErrCorrupt, p))
			ok = false
		}
	}()
	for {
		for r.j < r.n {
			j := r.j
			r.j++
			if r.row(j) {
				r.cur = true
				return true
			}
			if r.done { // OnMalformed called Close
				return false
			}
		}
		if err := r.advance(); err != nil {
			r.end(err)
			return false
		}
	}
}

// Record returns the current record: the one the last Scan that returned
// true advanced to, or nil if there is none. The record, and every slice
// obtained from it, is valid until the next call to Scan or Close; copy
// what you keep (Record.Clone). Its format is the projection: the
// object's columns that Options.Fields asks for, in file order; its
// LineNumber is the row's 1-based ordinal in the object.
func (r *Reader) Record() *flowlog.Record {
	if !r.cur {
		return nil
	}
	return &r.ob.rec
}

// Err returns the error that ended the stream: nil while the stream goes
// on, at a clean end, and after a Close that came first. Malformed rows
// are never reported here (see Options.OnMalformed). When ctx ended the
// stream, Err returns ctx.Err() unwrapped; otherwise the error names
// Options.Source and wraps ErrCorrupt, ErrNotFlowLog or ra's error.
func (r *Reader) Err() error { return r.err }

// Stats returns what the Reader has done so far; once Scan has returned
// false they are final. Stats may be called at any time, but not
// concurrently with Scan. Stats.Ignored is shared with the Reader: do not
// modify it.
func (r *Reader) Stats() Stats {
	st := r.st
	st.BytesRead, st.Reads = r.rr.bytes, r.rr.calls
	return st
}

// Close ends the stream, if Scan has not, and releases the decoded pages
// and fetched buffers (up to the 16 MiB read-ahead) that the Reader holds.
// Scan then returns false; Err keeps its value. Ending the stream releases
// them too, so Close is needed only to stop early, but it is always safe,
// also more than once. It does not close ra.
func (r *Reader) Close() {
	r.cur = false
	if !r.done {
		r.end(io.EOF)
	}
}

// All returns a single-use iterator over the records, for range loops. It
// yields each record with a nil error and, if the stream failed, a final
// nil record with the error Err returns. Each record is valid until the
// next iteration. Breaking out of the loop does not close the Reader.
func (r *Reader) All() iter.Seq2[*flowlog.Record, error] {
	return func(yield func(*flowlog.Record, error) bool) {
		for r.Scan() {
			if !yield(r.Record(), nil) {
				return
			}
		}
		if r.err != nil {
			yield(nil, r.err)
		}
	}
}

// row builds the record of decoded row j and reports whether it is one; a
// malformed row is counted and reported instead.
func (r *Reader) row(j int) bool {
	r.st.RowsRead++
	perr := r.ob.build(j)
	if perr == nil {
		r.ob.rec.SetLineNumber(r.first + int64(j) + 1) // the row's ordinal in the object
		return true
	}
	r.st.Malformed++
	if r.opts.OnMalformed != nil {
		perr.Source, perr.Line = r.opts.Source, r.first+int64(j)+1
		r.opts.OnMalformed(perr)
	}
	return false
}

// end ends the stream with err (io.EOF for a clean end) and releases what
// the Reader holds.
func (r *Reader) end(err error) {
	r.done = true
	if err != io.EOF {
		r.err = err
	}
	if r.ob != nil {
		r.ob.close()
	}
	r.plans, r.batch, r.sel, r.j, r.n = nil, nil, nil, 0, 0
	r.rr.release()
}

// advance decodes the next rows, opening the object first and moving on to
// the next row group, and read-ahead batch, as needed. It returns io.EOF
// after the last row, and otherwise the error that ends the stream.
func (r *Reader) advance() error {
	if r.ob == nil {
		if err := r.open(); err != nil {
			return err
		}
	}
	for len(r.sel) == 0 {
		if len(r.batch) == 0 && len(r.plans) == 0 {
			return io.EOF
		}
		if err := r.nextRowGroup(); err != nil {
			return r.readErr(err)
		}
	}
	if err := r.decode(); err != nil {
		return r.readErr(fmt.Errorf("row group %d: %w", r.ord, err))
	}
	return nil
}

// open reads the footer, maps and projects the columns, and plans which
// row groups and pages to read.
func (r *Reader) open() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	ob, err := openObject(&r.rr, r.size, r.opts)
	if err != nil {
		if errors.Is(err, ErrNotFlowLog) || errors.Is(err, ErrCorrupt) {
			return fmt.Errorf("parquetlog: %s: %w", r.opts.Source, err)
		}
		return fmt.Errorf("parquetlog: %s: %w: %w", r.opts.Source, ErrCorrupt, err)
	}
	r.ob = ob
	r.st.Rows, r.st.Ignored = ob.file.NumRows(), ob.ignored
	if r.plans, err = ob.planRowGroups(&r.st); err != nil {
		return fmt.Errorf("parquetlog: %s: %w: %w", r.opts.Source, ErrCorrupt, err)
	}
	return nil
}

// nextRowGroup starts the next planned row group, fetching the next
// read-ahead batch first when the last one is used up.
func (r *Reader) nextRowGroup() error {
	if len(r.batch) == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		r.batch = readAheadBatch(r.plans, r.ahead)
		r.plans = r.plans[len(r.batch):]
		if err := r.ob.load(r.batch); err != nil {
			return err
		}
	}
	p := &r.batch[0]
	r.batch = r.batch[1:]
	if err := r.ob.checkRanges(p); err != nil {
		return fmt.Errorf("row group %d: %w", p.ord, err)
	}
	r.ob.openRowGroup(p)
	r.ord, r.base, r.sel = p.ord, p.base, p.sel
	return nil
}

// decode decodes the next rows (at most batchRows) of the current row
// range into the cursors.
func (r *Reader) decode() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	s := &r.sel[0]
	n := int(min(s.hi-s.lo, batchRows))
	for _, c := range r.ob.cols {
		if err := c.seek(s.lo); err != nil {
			return err
		}
		if err := c.fill(n); err != nil {
			return err
		}
	}
	r.first, r.j, r.n = r.base+s.lo, 0, n
	if s.lo += int64(n); s.lo == s.hi {
		r.sel = r.sel[1:]
	}
	return nil
}

// readErr turns an error met while fetching or decoding row groups into
// the error that ends the stream: ctx's, if it is done (a ReaderAt may
// fail because of it), or one that wraps ErrCorrupt.
func (r *Reader) readErr(err error) error {
	if cerr := r.ctx.Err(); cerr != nil {
		return cerr
	}
	return fmt.Errorf("parquetlog: %s: %w: %w", r.opts.Source, ErrCorrupt, err)
}
