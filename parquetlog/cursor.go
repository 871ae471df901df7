package parquetlog

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
)

// batchRows is how many rows are decoded per column before records are
// built from them.
const batchRows = 1024

// cursor reads the values of one projected column of the current row group
// in batches, copying them out of the page buffers so that pages can be
// released as soon as they are consumed.
type cursor struct {
	fileColumn
	pages parquet.Pages
	page  parquet.Page
	vr    parquet.ValueReader
	pos   int64 // row the next fill starts at, within the row group
	vals  []parquet.Value
	n     int      // values in the batch
	null  []bool   // per value
	ints  []int64  // integer columns
	offs  []uint32 // text columns: value i is arena[offs[i]:offs[i+1]]
	arena []byte
}

func newCursor(fc fileColumn) *cursor {
	return &cursor{fileColumn: fc, vals: make([]parquet.Value, batchRows),
		null: make([]bool, batchRows), ints: make([]int64, batchRows),
		offs: make([]uint32, batchRows+1)}
}

// open starts reading a column chunk.
func (c *cursor) open(cc parquet.ColumnChunk) {
	c.close()
	c.pages, c.pos = cc.Pages(), 0
}

func (c *cursor) releasePage() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	c.vr = nil
}

func (c *cursor) close() {
	c.releasePage()
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
}

// seek moves to row (within the row group) unless already there.
func (c *cursor) seek(row int64) error {
	if row == c.pos {
		return nil
	}
	c.releasePage()
	if err := c.pages.SeekToRow(row); err != nil {
		return fmt.Errorf("column %s: seek to row %d: %w", c.field, row, err)
	}
	c.pos = row
	return nil
}

// errNoProgress reports a page that yields neither values nor an end.
var errNoProgress = errors.New("page yields no values")

// fill decodes the next n (≤ batchRows) values into the batch.
func (c *cursor) fill(n int) error {
	c.n, c.arena, c.offs[0] = 0, c.arena[:0], 0
	for c.n < n {
		if c.vr == nil {
			p, err := c.pages.ReadPage()
			if err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return fmt.Errorf("column %s: %w", c.field, err)
			}
			c.page, c.vr = p, p.Values()
		}
		k, err := c.vr.ReadValues(c.vals[:n-c.n])
		c.convert(c.vals[:k])
		switch {
		case err == io.EOF:
			c.releasePage()
		case err != nil:
			return fmt.Errorf("column %s: %w", c.field, err)
		case k == 0:
			return fmt.Errorf("column %s: %w", c.field, errNoProgress)
		}
	}
	c.pos += int64(n)
	return nil
}

// convert appends decoded values to the batch.
func (c *cursor) convert(vals []parquet.Value) {
	for _, v := range vals {
		i := c.n
		c.null[i] = v.IsNull()
		if !c.null[i] {
			if c.phys == physText {
				c.arena = append(c.arena, v.ByteArray()...)
			} else {
				c.ints[i] = intValue(&c.fileColumn, v)
			}
		}
		c.n++
		c.offs[c.n] = uint32(len(c.arena))
	}
}

// build fills ob.rec from row j of the batch. It returns a *ParseError for
// a value its field cannot take, and allocates nothing otherwise.
//
// Numbers, enums and addresses stored as strings are handed to the record
// as text and decoded by flowlog, so they are checked exactly as in text
// objects.
func (ob *object) build(j int) *flowlog.ParseError {
	ob.rec.Reset(ob.format)
	var decode flowlog.FieldSet
	for ci, c := range ob.cols {
		if c.null[j] {
			continue
		}
		if c.field == flowlog.Unknown {
			ob.setUnknown(ci, c, j)
			continue
		}
		if c.phys != physText {
			if err := ob.setInt(c.field, c.ints[j]); err != nil {
				return badValue(ci, c.field, strconv.FormatInt(c.ints[j], 10), err)
			}
			continue
		}
		b := c.arena[c.offs[j]:c.offs[j+1]]
		if len(b) == 0 || (len(b) == 1 && b[0] == '-') {
			continue // null, as "-" is in text
		}
		switch c.field.Kind() {
		case flowlog.KindString, flowlog.KindTag:
			ob.rec.SetText(c.field, b)
		default:
			ob.rec.SetColumn(ci, b)
			decode.Add(c.field)
		}
	}
	if err := ob.rec.Decode(decode); err != nil {
		pe, _ := err.(*flowlog.ParseError)
		return pe
	}
	return nil
}

func badValue(ci int, f flowlog.Field, text string, err error) *flowlog.ParseError {
	const maxText = 120
	if len(text) > maxText {
		text = text[:maxText] + "…"
	}
	return &flowlog.ParseError{Column: ci + 1, Field: f.String(), Text: text, Err: err}
}

// setUnknown carries column ci of a field flowq does not know, as text.
func (ob *object) setUnknown(ci int, c *cursor, j int) {
	if c.phys != physText {
		ob.scratch = strconv.AppendInt(ob.scratch[:0], c.ints[j], 10)
		ob.rec.SetColumn(ci, ob.scratch)
		return
	}
	if b := c.arena[c.offs[j]:c.offs[j+1]]; len(b) > 0 && !(len(b) == 1 && b[0] == '-') {
		ob.rec.SetColumn(ci, b)
	}
}

// setInt sets field f from an integer column.
func (ob *object) setInt(f flowlog.Field, v int64) error {
	switch f.Kind() {
	case flowlog.KindInt, flowlog.KindTime:
		if m := f.Info().Max; v < 0 || (m > 0 && v > m) {
			return flowlog.ErrRange
		}
		ob.rec.SetInt(f, v)
	default: // text fields stored as integers
		ob.scratch = strconv.AppendInt(ob.scratch[:0], v, 10)
		ob.rec.SetText(f, ob.scratch)
	}
	return nil
}
