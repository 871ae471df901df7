package parquetlog

import (
	"cmp"
	"io"
	"slices"

	"golang.org/x/sync/errgroup"
)

// byteRange is [off, end) in the object.
type byteRange struct{ off, end int64 }

// defaultGap is the default Options.CoalesceGap.
const defaultGap = 64 << 10

// rangeReader is the io.ReaderAt given to parquet-go. Before a row group
// is decoded, load fetches the byte ranges of the chosen column chunks (or
// pages) with one ReadAt per coalesced range; page reads are then served
// from memory. A read that starts inside a loaded range but runs past it
// (parquet-go reads ahead through a buffer) gets the loaded part only,
// which its buffered readers accept as a short read. Other reads (footer,
// page index) go to the underlying ReaderAt. It counts what it fetches.
// Not safe for concurrent use.
type rangeReader struct {
	ra    io.ReaderAt
	gap   int64   // Options.CoalesceGap, resolved
	tail  segment // the end of the object: footer, usually the page index
	segs  []segment
	spare [][]byte // buffers of previous row groups, reused
	bytes int64
	calls int64
}

type segment struct {
	off int64
	buf []byte
}

func (r *rangeReader) ReadAt(p []byte, off int64) (int, error) {
	if t := r.tail; off >= t.off && off < t.off+int64(len(t.buf)) {
		return copy(p, t.buf[off-t.off:]), nil
	}
	for _, s := range r.segs {
		if off >= s.off && off < s.off+int64(len(s.buf)) {
			return copy(p, s.buf[off-s.off:]), nil
		}
	}
	n, err := r.ra.ReadAt(p, off)
	r.bytes += int64(n)
	r.calls++
	return n, err
}

// maxParallelReads bounds the ReadAt calls load makes at once: the merged
// ranges of a read-ahead batch are fetched in parallel, so their request
// latencies overlap (io.ReaderAt allows parallel calls).
const maxParallelReads = 8

// load replaces the loaded ranges by rs (coalesced; rs is sorted in
// place) and fetches them, several at once. Buffers are reused, so memory
// stays at the largest batch's selection.
func (r *rangeReader) load(rs []byteRange) error {
	for _, s := range r.segs {
		r.spare = append(r.spare, s.buf[:0])
	}
	r.segs = r.segs[:0]
	slices.SortFunc(rs, func(a, b byteRange) int { return cmp.Compare(a.off, b.off) })
	for i := 0; i < len(rs); {
		cur := rs[i]
		for i++; i < len(rs) && rs[i].off <= cur.end+r.gap; i++ {
			cur.end = max(cur.end, rs[i].end)
		}
		if len(r.tail.buf) > 0 {
			cur.end = min(cur.end, r.tail.off) // already in memory
		}
		if cur.end > cur.off {
			r.segs = append(r.segs, segment{off: cur.off, buf: r.buffer(int(cur.end - cur.off))})
		}
	}
	var g errgroup.Group
	g.SetLimit(maxParallelReads)
	got := make([]int, len(r.segs))
	for i, s := range r.segs {
		g.Go(func() error {
			n, err := r.ra.ReadAt(s.buf, s.off)
			got[i] = n
			if n < len(s.buf) {
				if err == nil || err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return err
			}
			return nil
		})
	}
	err := g.Wait()
	for _, n := range got {
		r.bytes += int64(n)
	}
	r.calls += int64(len(r.segs))
	return err
}

// release drops the tail and the loaded buffers, so that a finished
// Reader holds no memory of its object. Counts are kept.
func (r *rangeReader) release() {
	r.tail, r.segs, r.spare = segment{}, nil, nil
}

// buffer returns a slice of n bytes, reusing a spare buffer if one is big
// enough.
func (r *rangeReader) buffer(n int) []byte {
	for i, b := range r.spare {
		if cap(b) >= n {
			r.spare = slices.Delete(r.spare, i, i+1)
			return b[:n]
		}
	}
	return make([]byte, n)
}

// readTail loads the last n bytes of an object of size bytes with one
// read; parquet-go then finds the footer (and, for files written like ours
// and AWS's, the page index) in memory.
func (r *rangeReader) readTail(size, n int64) error {
	n = min(n, size)
	buf := make([]byte, n)
	got, err := r.ra.ReadAt(buf, size-n)
	r.bytes += int64(got)
	r.calls++
	if int64(got) < n {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	r.tail = segment{off: size - n, buf: buf}
	return nil
}
