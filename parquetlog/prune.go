package parquetlog

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
)

// constraint is one Options.Range bound, bound to the object's column.
type constraint struct {
	field  flowlog.Field
	lo, hi int64
	col    int      // index in object.mapped, -1 if the object lacks the field
	words  [][]byte // enum fields: the words (as written, upper, lower) of codes in [lo, hi]
}

// constraints collects the bounds Options.Range gives.
func (ob *object) constraints() {
	if ob.opts.Range == nil {
		return
	}
	for f := flowlog.Field(0); f < flowlog.NumFields; f++ {
		k := f.Kind()
		if k != flowlog.KindInt && k != flowlog.KindTime && k != flowlog.KindEnum {
			continue
		}
		lo, hi, ok := ob.opts.Range(f)
		if !ok {
			continue
		}
		c := constraint{field: f, lo: lo, hi: hi}
		if k == flowlog.KindEnum {
			for code := max(lo, 1); code <= hi && code <= int64(len(flowlog.EnumValues(f))); code++ {
				w := flowlog.EnumWord(f, code)
				c.words = append(c.words, []byte(w), []byte(strings.ToUpper(w)), []byte(strings.ToLower(w)))
			}
			if len(c.words) == 0 {
				ob.none = true
			}
		}
		if lo > hi {
			ob.none = true
		}
		ob.cons = append(ob.cons, c)
	}
}

// bindConstraints finds the column of each constraint. A bound on a field
// the object lacks means no record of the object is wanted.
func (ob *object) bindConstraints() {
	for i := range ob.cons {
		ob.cons[i].col = ob.byField[ob.cons[i].field]
		if ob.cons[i].col < 0 {
			ob.none = true
		}
	}
}

// excludesRowGroup reports whether the column chunk statistics of a row
// group prove that no row is wanted.
func (ob *object) excludesRowGroup(chunks []parquet.ColumnChunk) bool {
	if ob.none {
		return true
	}
	for i := range ob.cons {
		c := &ob.cons[i]
		fc := &ob.mapped[c.col]
		cc, ok := chunks[fc.leaf].(*parquet.FileColumnChunk)
		if !ok {
			continue
		}
		if n := cc.NumValues(); n > 0 && cc.NullCount() == n {
			return true // only nulls
		}
		lo, hi, ok := cc.Bounds()
		if ok && !c.overlaps(fc, lo, hi) {
			return true
		}
	}
	return false
}

// overlaps reports whether some value in [min, max] of column fc may lie
// within the constraint. It answers true when it cannot tell.
func (c *constraint) overlaps(fc *fileColumn, min, max parquet.Value) bool {
	switch fc.phys {
	case physInt32, physInt64:
		a, b := intValue(fc, min), intValue(fc, max)
		if c.field.Kind() == flowlog.KindTime { // millisecond values are scaled as text is
			a, b = flowlog.NormalizeUnix(a), flowlog.NormalizeUnix(b)
		}
		return b >= c.lo && a <= c.hi
	case physText:
		if c.field.Kind() != flowlog.KindEnum || min.Kind() != parquet.ByteArray || max.Kind() != parquet.ByteArray {
			return true
		}
		lo, hi := min.ByteArray(), max.ByteArray()
		for _, w := range c.words {
			if bytes.Compare(w, lo) >= 0 && bytes.Compare(w, hi) <= 0 {
				return true
			}
		}
		return false
	}
	return true
}

// intValue returns an integer statistic as int64.
func intValue(fc *fileColumn, v parquet.Value) int64 {
	switch v.Kind() {
	case parquet.Int32:
		if fc.unsigned {
			return int64(uint32(v.Int32()))
		}
		return int64(v.Int32())
	case parquet.Int64:
		if n := v.Int64(); n >= 0 || !fc.unsigned {
			return n
		}
		return math.MaxInt64
	}
	return 0
}

// rowRange is [lo, hi) in row numbers of a row group.
type rowRange struct{ lo, hi int64 }

// selectRows returns the row ranges of a row group of n rows that the page
// statistics of the constrained columns do not exclude. Without a page
// index it returns the whole row group.
func (ob *object) selectRows(chunks []parquet.ColumnChunk, n int64) []rowRange {
	sel := []rowRange{{0, n}}
	for i := range ob.cons {
		c := &ob.cons[i]
		fc := &ob.mapped[c.col]
		cc, ok := chunks[fc.leaf].(*parquet.FileColumnChunk)
		if !ok {
			continue
		}
		ci, err1 := cc.ColumnIndex()
		oi, err2 := cc.OffsetIndex()
		if err1 != nil || err2 != nil || ci.NumPages() != oi.NumPages() {
			continue
		}
		var keep []rowRange
		for p := range ci.NumPages() {
			if ci.NullPage(p) || !c.overlaps(fc, ci.MinValue(p), ci.MaxValue(p)) {
				continue
			}
			keep = appendRange(keep, pageRows(oi, p, n))
		}
		sel = intersect(sel, keep)
	}
	return sel
}

// pageRows returns the rows of page p.
func pageRows(oi parquet.OffsetIndex, p int, n int64) rowRange {
	r := rowRange{oi.FirstRowIndex(p), n}
	if p+1 < oi.NumPages() {
		r.hi = oi.FirstRowIndex(p + 1)
	}
	r.lo, r.hi = min(max(r.lo, 0), n), min(max(r.hi, 0), n)
	return r
}

// appendRange appends r to sorted ranges rs, merging touching ranges.
func appendRange(rs []rowRange, r rowRange) []rowRange {
	if r.lo >= r.hi {
		return rs
	}
	if k := len(rs); k > 0 && r.lo <= rs[k-1].hi {
		rs[k-1].hi = max(rs[k-1].hi, r.hi)
		return rs
	}
	return append(rs, r)
}

// intersect returns the intersection of two sorted range lists.
func intersect(a, b []rowRange) []rowRange {
	var out []rowRange
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		out = appendRange(out, rowRange{lo, hi})
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// byteRanges returns the bytes of the projected columns that the selection
// needs: whole column chunks, or only the selected pages (plus dictionary)
// when an offset index says where they are, and how many data pages it
// left out.
func (ob *object) byteRanges(ord int, chunks []parquet.ColumnChunk, sel []rowRange, n int64) ([]byteRange, int64, error) {
	whole := len(sel) == 1 && sel[0] == rowRange{0, n}
	var rs []byteRange
	var skipped int64
	meta := ob.file.Metadata()
	for _, c := range ob.cols {
		md := &meta.RowGroups[ord].Columns[c.leaf].MetaData
		start := md.DataPageOffset
		if d := md.DictionaryPageOffset; d > 0 && d < start {
			start = d
		}
		end := start + md.TotalCompressedSize
		if start < 4 || md.TotalCompressedSize < 0 || end > ob.size {
			return nil, 0, fmt.Errorf("column %s: chunk [%d, %d) outside the object (%d bytes)", c.field, start, end, ob.size)
		}
		cc, _ := chunks[c.leaf].(*parquet.FileColumnChunk)
		var oi parquet.OffsetIndex
		if cc != nil && !whole {
			oi, _ = cc.OffsetIndex()
		}
		if oi == nil || oi.NumPages() == 0 {
			rs = append(rs, byteRange{start, end})
			continue
		}
		if first := oi.Offset(0); first > start {
			rs = append(rs, byteRange{start, min(first, end)}) // dictionary page
		}
		if oi.Offset(0) < start {
			return nil, 0, fmt.Errorf("column %s: page 0 before its chunk", c.field)
		}
		for p := range oi.NumPages() {
			if !overlapsAny(sel, pageRows(oi, p, n)) {
				skipped++
				continue
			}
			off := oi.Offset(p)
			pe := off + oi.CompressedPageSize(p)
			if off < start || pe > end || pe < off {
				return nil, 0, fmt.Errorf("column %s: page %d [%d, %d) outside its chunk", c.field, p, off, pe)
			}
			rs = append(rs, byteRange{off, pe})
		}
	}
	return rs, skipped, nil
}

func overlapsAny(sel []rowRange, r rowRange) bool {
	for _, s := range sel {
		if s.lo < r.hi && r.lo < s.hi {
			return true
		}
	}
	return false
}
