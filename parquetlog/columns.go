package parquetlog

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// fileColumn is a top-level leaf column of the object mapped to a field.
type fileColumn struct {
	field    flowlog.Field // flowlog.Unknown for a column flowq does not know
	name     string        // hyphenated column name
	leaf     int           // leaf column index in the file
	phys     physical
	unsigned bool // integer column with an unsigned logical type
}

// object is an opened Parquet object: its columns mapped to fields, the
// Options.Range bounds bound to them, and the projected cursors and the
// record they fill. A Reader holds one.
type object struct {
	file    *parquet.File
	rr      *rangeReader
	size    int64
	opts    Options
	mapped  []fileColumn           // every column that maps to a field, file order
	byField [flowlog.NumFields]int // index in mapped, -1 if absent
	ignored []string
	known   int // mapped columns that are flow log fields
	cons    []constraint
	none    bool // a constraint is on a field the object lacks: nothing matches
	format  *flowlog.Format
	cols    []*cursor // projected columns, in format order
	rec     flowlog.Record
	scratch []byte
	hdr     []byte      // page header scratch for checkPages
	ranges  []byteRange // scratch for load
}

// openObject reads the footer of the object behind rr, maps its columns
// and projects them as opts asks.
func openObject(rr *rangeReader, size int64, opts Options) (*object, error) {
	ob := &object{rr: rr, size: size, opts: opts}
	ob.constraints()
	if size < 12 {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, size)
	}
	if err := rr.readTail(size, readBuffer); err != nil {
		return nil, fmt.Errorf("read footer: %w", err)
	}
	if rr.tail.off == 0 && string(rr.tail.buf[:4]) != "PAR1" {
		return nil, fmt.Errorf("%w: no PAR1 magic at the start", ErrCorrupt)
	}
	// parquet-go allocates the footer length it reads before checking it.
	t := rr.tail.buf[len(rr.tail.buf)-8:]
	if string(t[4:]) != "PAR1" {
		return nil, fmt.Errorf("%w: no PAR1 magic at the end", ErrCorrupt)
	}
	if n := int64(binary.LittleEndian.Uint32(t[:4])); n+12 > size {
		return nil, fmt.Errorf("%w: footer of %d bytes in a %d-byte object", ErrCorrupt, n, size)
	}
	// The leading magic is checked above when the tail covers it; reading
	// it separately would cost one more request per object.
	f, err := parquet.OpenFile(rr, size, parquet.SkipBloomFilters(true),
		parquet.SkipPageIndex(len(ob.cons) == 0), parquet.SkipMagicBytes(true),
		parquet.ReadBufferSize(readBuffer))
	if err != nil {
		return nil, err
	}
	ob.file = f
	if err := ob.mapColumns(); err != nil {
		return nil, err
	}
	ob.bindConstraints()
	return ob, ob.project()
}

// readBuffer is the buffer parquet-go reads pages through, and the size of
// the optimistic footer read (which usually brings the page index too).
const readBuffer = 64 << 10

// mapColumns matches the object's top-level columns to flow log fields.
func (ob *object) mapColumns() error {
	for i := range ob.byField {
		ob.byField[i] = -1
	}
	for _, c := range ob.file.Root().Columns() {
		f, ok := flowlog.Lookup(c.Name())
		name := strings.ToLower(strings.ReplaceAll(c.Name(), "_", "-"))
		if ok {
			name = f.String()
		}
		if !c.Leaf() || c.Repeated() || (ok && ob.byField[f] >= 0) || (!ok && !flowlog.ValidName(name)) {
			ob.ignored = append(ob.ignored, c.Name())
			continue
		}
		fc := fileColumn{field: f, name: name, leaf: c.Index()}
		switch c.Type().Kind() {
		case parquet.Int32:
			fc.phys = physInt32
		case parquet.Int64:
			fc.phys = physInt64
		case parquet.ByteArray, parquet.FixedLenByteArray:
			fc.phys = physText
		}
		if lt := c.Type().LogicalType(); lt != nil {
			if it, ok := lt.Value.(*format.IntType); ok && !it.IsSigned {
				fc.unsigned = true
			}
		}
		if !compatible(f, fc.phys) {
			ob.ignored = append(ob.ignored, c.Name())
			continue
		}
		if ok {
			ob.byField[f] = len(ob.mapped)
			ob.known++
		}
		ob.mapped = append(ob.mapped, fc)
	}
	if ob.known == 0 {
		return fmt.Errorf("%w (columns: %v)", ErrNotFlowLog, columnNames(ob.file))
	}
	return nil
}

func columnNames(f *parquet.File) []string {
	var names []string
	for _, c := range f.Root().Columns() {
		names = append(names, c.Name())
	}
	return names
}

// compatible reports whether a column stored as p can hold field f.
func compatible(f flowlog.Field, p physical) bool {
	if f == flowlog.Unknown {
		return p != 0 // carried as text
	}
	switch f.Kind() {
	case flowlog.KindAddr, flowlog.KindEnum:
		return p == physText
	default:
		return p != 0
	}
}

// project builds the record format from the columns the caller needs.
func (ob *object) project() error {
	want := ob.opts.Fields
	if want.IsEmpty() {
		want = flowlog.AllFields()
	}
	var names []string
	for _, fc := range ob.mapped {
		// Unknown columns have no Field to ask for: they come with
		// everything (an empty Fields), as the text reader keeps them.
		if (fc.field == flowlog.Unknown && ob.opts.Fields.IsEmpty()) || want.Has(fc.field) {
			names = append(names, fc.name)
			ob.cols = append(ob.cols, newCursor(fc))
		}
	}
	if len(names) == 0 {
		fc := ob.mapped[ob.byFieldFirst()]
		names = append(names, fc.name)
		ob.cols = append(ob.cols, newCursor(fc))
	}
	f, err := flowlog.NewFormat(names...)
	if err != nil {
		return err
	}
	ob.format = f
	return nil
}

// byFieldFirst returns the index in mapped of the first known column.
func (ob *object) byFieldFirst() int {
	for i, fc := range ob.mapped {
		if fc.field != flowlog.Unknown {
			return i
		}
	}
	return 0
}

func (ob *object) close() {
	for _, c := range ob.cols {
		c.close()
	}
}
