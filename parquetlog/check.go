package parquetlog

import (
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Limits that keep a corrupt object from making the decoder allocate or
// loop without bound. Real flow log objects are far below them (AWS closes
// files at 75 MB).
const (
	maxRowGroupRows  = 1 << 27  // rows in one row group
	maxPageBytes     = 64 << 20 // uncompressed bytes of one page
	maxGzipExpansion = 1100     // gzip cannot expand more than ~1032:1
)

// checkPages walks the page headers in [off, end) of the object, which
// holds whole pages of one column chunk starting at a header, and rejects
// sizes and counts that a row group of rows rows cannot have: parquet-go
// trusts these fields to size its buffers. The bytes come from memory
// (prefetched); only headers are copied.
func (ob *object) checkPages(off, end, rows int64) error {
	var proto thrift.CompactProtocol
	for off < end {
		var h format.PageHeader
		var r thrift.BytesReader
		var err error
		for window := int64(4 << 10); ; window *= 4 { // headers with long statistics are rare
			buf, rerr := ob.readFull(off, min(end-off, window))
			if rerr != nil {
				return rerr
			}
			h, r = format.PageHeader{}, proto.NewReaderFromBytes(buf)
			if err = thrift.NewDecoder(r).Decode(&h); err == nil || int64(len(buf)) == end-off || window >= 1<<20 {
				break
			}
		}
		if err != nil {
			return fmt.Errorf("page header at %d: %w", off, err)
		}
		off += int64(r.BytesRead())
		size, usize := int64(h.CompressedPageSize), int64(h.UncompressedPageSize)
		switch {
		case size < 0 || size > end-off:
			return fmt.Errorf("page of %d bytes runs past its column chunk", size)
		case usize < 0 || usize > maxPageBytes || usize > maxGzipExpansion*size+(64<<10):
			return fmt.Errorf("page claims %d uncompressed bytes from %d", usize, size)
		case h.DataPageHeader.Valid && int64(h.DataPageHeader.V.NumValues) > rows,
			h.DataPageHeaderV2.Valid && (int64(h.DataPageHeaderV2.V.NumValues) > rows || int64(h.DataPageHeaderV2.V.NumRows) > rows),
			h.DictionaryPageHeader.Valid && int64(h.DictionaryPageHeader.V.NumValues) > rows:
			return fmt.Errorf("page claims more values than its row group has rows (%d)", rows)
		}
		off += size
	}
	return nil
}

// readFull reads n bytes at off into ob.hdr (reused) and returns them.
func (ob *object) readFull(off, n int64) ([]byte, error) {
	if int64(cap(ob.hdr)) < n {
		ob.hdr = make([]byte, n)
	}
	buf := ob.hdr[:n]
	for got := 0; got < len(buf); {
		k, err := ob.rr.ReadAt(buf[got:], off+int64(got))
		got += k
		if got < len(buf) && (err != nil || k == 0) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
	return buf, nil
}
