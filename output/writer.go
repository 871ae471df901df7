package output

import (
	"io"
	"strconv"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// Options configure a Writer.
type Options struct {
	Mode Mode
	// Columns are what is printed: the table's columns (nil: TableColumns),
	// the CSV columns (nil: ColumnsOf(flowlog.DefaultFormat()), the v2
	// fields), or the JSON keys (nil: every field of each record's own
	// format). Raw prints whole lines and ignores them.
	Columns []Column
	// Location is the zone of the times a table prints; nil means UTC.
	Location *time.Location
	// WithSource adds where each record came from: the object or file and
	// the line number.
	WithSource bool
	// MaxWidth, if not 0, is the width of the terminal a table is printed
	// on: when its rows would be wider, the widest columns are cut, each
	// cut value keeping its head and tail around "…" (see Shortened).
	MaxWidth int
}

// Writer prints matching records in one Mode. It reuses one line buffer
// and, once a table's widths are known (after its first 200 rows, which it
// holds back), allocates nothing per record. Each line goes to the
// underlying io.Writer in one Write call; wrap it in a bufio.Writer for
// speed. A Writer is used from one goroutine.
type Writer struct {
	w          io.Writer
	mode       Mode
	cols       []Column
	tz         *time.Location
	withSource bool
	line       []byte

	formatCols map[*flowlog.Format][]Column // JSON without Columns: per format
	csvHeader  bool                         // the CSV header is written
	table      *table
	cell       []byte   // a table row's cells, end to end
	cells      [][]byte // slices of cell, one per column
}

// NewWriter returns a Writer printing to w as o says. An unknown Mode
// prints Raw.
func NewWriter(w io.Writer, o Options) *Writer {
	wr := &Writer{w: w, mode: o.Mode, cols: o.Columns, tz: orUTC(o.Location), withSource: o.WithSource}
	switch wr.mode {
	case Table:
		if wr.cols == nil {
			wr.cols = TableColumns(wr.tz)
		}
		var header []string
		var cut []bool
		if wr.withSource {
			header, cut = append(header, "SOURCE:LINE"), append(cut, true)
		}
		for _, c := range wr.cols {
			header, cut = append(header, c.Title), append(cut, cuttable(c))
		}
		wr.table = newTable(w, header, tableHoldRows, o.MaxWidth)
		wr.table.cuttable = cut
		wr.cells = make([][]byte, len(header))
	case CSV:
		if wr.cols == nil {
			wr.cols = ColumnsOf(flowlog.DefaultFormat())
		}
	case JSON:
		wr.formatCols = map[*flowlog.Format][]Column{}
	default:
		wr.mode, wr.cols = Raw, nil
	}
	return wr
}

// Shortened reports how many table cells were cut to fit Options.MaxWidth.
func (w *Writer) Shortened() int64 {
	if w.table == nil {
		return 0
	}
	return w.table.shortened
}

// Fields returns the fields Write reads, to be decoded (and so checked)
// for every match: scan.Options.Fields.
func (w *Writer) Fields() flowlog.FieldSet {
	if w.mode == JSON && w.cols == nil {
		return flowlog.AllFields()
	}
	var fs flowlog.FieldSet
	for _, c := range w.cols {
		fs = fs.Union(c.fields())
	}
	return fs
}

// Project reports whether the writer prints only the fields in Fields, so
// that a columnar source (Parquet) may read only those columns: the value
// for scan.Options.Project. Raw lines and JSON of every field need whole
// records.
func (w *Writer) Project() bool {
	return w.mode != Raw && !(w.mode == JSON && w.cols == nil)
}

// Write prints one match. m.Record is read during the call only.
func (w *Writer) Write(m scan.Match) error {
	switch w.mode {
	case Table:
		return w.writeTable(m)
	case JSON:
		return w.writeJSON(m)
	case CSV:
		return w.writeCSV(m)
	}
	return w.writeRaw(m)
}

// Flush prints what is held back: a table's first rows, or the CSV header
// when nothing matched. Call it after the last Write. It does not flush the
// underlying io.Writer.
func (w *Writer) Flush() error {
	switch w.mode {
	case Table:
		return w.table.flush()
	case CSV:
		return w.writeCSVHeader()
	}
	return nil
}

// Release prints a table's held rows now, its columns sized from them,
// and streams the rows after them; other modes hold nothing. A front end
// on a terminal calls it when rows are slow to come, so that a rare match
// shows at once rather than after the table's first 200 rows.
func (w *Writer) Release() error {
	if w.mode != Table || w.table.streaming || len(w.table.held) == 1 {
		return nil
	}
	return w.table.release()
}

func (w *Writer) emit(b []byte) error {
	w.line = b
	_, err := w.w.Write(b)
	return err
}

func (w *Writer) writeRaw(m scan.Match) error {
	b := w.line[:0]
	if w.withSource {
		b = appendSource(b, m, ':')
		b = append(b, ':')
	}
	b = m.Record.AppendLine(b)
	return w.emit(append(b, '\n'))
}

func (w *Writer) writeJSON(m scan.Match) error {
	cols := w.cols
	if cols == nil {
		f := m.Record.Format()
		if cols = w.formatCols[f]; cols == nil {
			cols = ColumnsOf(f)
			w.formatCols[f] = cols
		}
	}
	b := append(w.line[:0], '{')
	if w.withSource {
		b = append(b, `"source":`...)
		b = appendJSONString(b, m.Source)
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, m.Line, 10)
		b = append(b, ',')
	}
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, c.name()...)
		b = append(b, `":`...)
		b = appendJSONValue(b, m.Record, c.Field)
	}
	return w.emit(append(b, '}', '\n'))
}

func (w *Writer) writeCSVHeader() error {
	if w.csvHeader {
		return nil
	}
	w.csvHeader = true
	b := w.line[:0]
	if w.withSource {
		b = append(b, "source,line,"...)
	}
	for i, c := range w.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c.name()...)
	}
	return w.emit(append(b, '\n'))
}

func (w *Writer) writeCSV(m scan.Match) error {
	if err := w.writeCSVHeader(); err != nil {
		return err
	}
	b := w.line[:0]
	if w.withSource {
		b = appendCSVField(b, m.Source)
		b = append(b, ',')
		b = strconv.AppendInt(b, m.Line, 10)
		b = append(b, ',')
	}
	for i, c := range w.cols {
		if i > 0 {
			b = append(b, ',')
		}
		if !m.Record.IsNull(c.Field) { // null is an empty cell
			b = appendCSVField(b, m.Record.Text(c.Field))
		}
	}
	return w.emit(append(b, '\n'))
}

func (w *Writer) writeTable(m scan.Match) error {
	var bounds [32]int
	ends := bounds[:0]
	b := w.cell[:0]
	if w.withSource {
		b = appendSource(b, m, ':')
		ends = append(ends, len(b))
	}
	for _, c := range w.cols {
		b = AppendCell(b, m.Record, c, w.tz)
		ends = append(ends, len(b))
	}
	w.cell = b
	start := 0
	for i, end := range ends {
		w.cells[i] = b[start:end]
		start = end
	}
	return w.table.add(w.cells)
}
