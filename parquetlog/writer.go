package parquetlog

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// WriterOptions configure a Writer. The zero value writes like AWS: gzip
// pages, default page size, one row group per 1<<20 rows.
type WriterOptions struct {
	// RowGroupRows is the number of rows per row group; 0 means 1<<20.
	RowGroupRows int64
	// PageBytes is the target uncompressed size of a data page; 0 means the
	// library default (256 KiB).
	PageBytes int
	// Codec compresses pages; nil means gzip, as AWS writes.
	Codec compress.Codec
}

// Writer writes flow log records of one format as a Parquet object. It is
// not safe for concurrent use. Close must be called to write the footer.
type Writer struct {
	format *flowlog.Format
	w      *parquet.GenericWriter[any]
	phys   []physical
	row    []parquet.Row
	num    []byte // scratch for integers written to text columns
	err    error
}

// NewWriter returns a Writer writing records of format to w.
func NewWriter(w io.Writer, format *flowlog.Format, opts WriterOptions) *Writer {
	codec := opts.Codec
	if codec == nil {
		codec = &parquet.Gzip
	}
	rows := opts.RowGroupRows
	if rows <= 0 {
		rows = 1 << 20
	}
	popts := []parquet.WriterOption{schemaFor(format), parquet.Compression(codec),
		parquet.MaxRowsPerRowGroup(rows), parquet.CreatedBy("flowq", "", "")}
	if opts.PageBytes > 0 {
		popts = append(popts, parquet.PageBufferSize(opts.PageBytes))
	}
	wr := &Writer{format: format, w: parquet.NewGenericWriter[any](w, popts...),
		phys: make([]physical, format.Len()), row: make([]parquet.Row, 1)}
	for i := range wr.phys {
		wr.phys[i] = awsPhysical(format.Field(i), format)
	}
	wr.row[0] = make(parquet.Row, format.Len())
	return wr
}

// ErrValue is wrapped by Write errors about a value that cannot be written.
var ErrValue = errors.New("value cannot be written")

// Write appends one record. Fields of the Writer's format that the record
// lacks or holds as null ("-") are written as nulls; columns the record's
// format does not know are matched by name. The record is not retained.
func (w *Writer) Write(rec *flowlog.Record) error {
	if w.err != nil {
		return w.err
	}
	row := w.row[0][:0]
	w.num = w.num[:0]
	for i := range w.format.Len() {
		v, err := w.value(rec, i)
		if err != nil {
			return fmt.Errorf("parquetlog: write column %s: %w", w.format.Name(i), err)
		}
		if v.IsNull() {
			row = append(row, v.Level(0, 0, i))
		} else {
			row = append(row, v.Level(0, 1, i))
		}
	}
	w.row[0] = row
	if _, err := w.w.WriteRows(w.row); err != nil {
		w.err = fmt.Errorf("parquetlog: write: %w", err)
		return w.err
	}
	return nil
}

// value returns the Parquet value of column i of w's format for rec.
func (w *Writer) value(rec *flowlog.Record, i int) (parquet.Value, error) {
	f := w.format.Field(i)
	if f == flowlog.Unknown {
		col := rec.Format().IndexOfName(w.format.Name(i))
		if col < 0 {
			return parquet.NullValue(), nil
		}
		return textValue(rec.Column(col)), nil
	}
	if rec.IsNull(f) {
		return parquet.NullValue(), nil
	}
	switch w.phys[i] {
	case physInt32, physInt64:
		n, ok := rec.Int(f)
		if !ok {
			return parquet.Value{}, fmt.Errorf("%w: %q is not an integer", ErrValue, rec.Raw(f))
		}
		if w.phys[i] == physInt32 {
			return parquet.Int32Value(int32(n)), nil
		}
		return parquet.Int64Value(n), nil
	}
	switch f.Kind() {
	case flowlog.KindEnum:
		n, ok := rec.Int(f)
		if !ok {
			return parquet.Value{}, fmt.Errorf("%w: %q is not a valid %s", ErrValue, rec.Raw(f), f)
		}
		return parquet.ByteArrayValue([]byte(flowlog.EnumWord(f, n))), nil
	case flowlog.KindAddr: // a string column: the text as written
		return textValue(rec.Raw(f)), nil
	case flowlog.KindInt, flowlog.KindTime:
		n, _ := rec.Int(f)
		start := len(w.num)
		w.num = strconv.AppendInt(w.num, n, 10)
		return parquet.ByteArrayValue(w.num[start:len(w.num):len(w.num)]), nil
	}
	return textValue(rec.Text(f)), nil
}

// textValue returns a string value, or null for "" and "-".
func textValue(b []byte) parquet.Value {
	if len(b) == 0 || (len(b) == 1 && b[0] == '-') {
		return parquet.NullValue()
	}
	return parquet.ByteArrayValue(b)
}

// Close flushes the last row group and writes the footer. It does not close
// the underlying io.Writer.
func (w *Writer) Close() error {
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("parquetlog: close: %w", err)
	}
	return w.err
}
