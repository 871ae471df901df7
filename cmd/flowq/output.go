package main

import (
	"bufio"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// recordWriter prints matches in one output mode. Writers are used from
// one goroutine; they reuse one line buffer and allocate nothing per record
// once the table's widths are known.
type recordWriter interface {
	write(m scan.Match) error
	flush() error
}

// rawWriter prints lines exactly as AWS wrote them, grep style.
type rawWriter struct {
	w          *bufio.Writer
	withSource bool
	line       []byte
}

func (rw *rawWriter) write(m scan.Match) error {
	b := rw.line[:0]
	if rw.withSource {
		b = appendSource(b, m, ':')
		b = append(b, ':')
	}
	b = append(b, m.Record.Line()...)
	b = append(b, '\n')
	rw.line = b
	_, err := rw.w.Write(b)
	return err
}

func (rw *rawWriter) flush() error { return rw.w.Flush() }

func appendSource(b []byte, m scan.Match, sep byte) []byte {
	b = append(b, m.Source...)
	b = append(b, sep)
	return strconv.AppendInt(b, m.Line, 10)
}

// jsonWriter prints one JSON object per line, keyed by Athena column
// names, with typed values and null for "-".
type jsonWriter struct {
	w          *bufio.Writer
	cols       []column // nil: every field of each record's format
	withSource bool
	line       []byte
	formatCols map[*flowlog.Format][]column
}

func (jw *jsonWriter) write(m scan.Match) error {
	cols := jw.cols
	if cols == nil {
		f := m.Record.Format()
		if cols = jw.formatCols[f]; cols == nil {
			cols = columnsOf(f)
			jw.formatCols[f] = cols
		}
	}
	b := append(jw.line[:0], '{')
	if jw.withSource {
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
		b = append(b, c.field.Column()...)
		b = append(b, `":`...)
		b = appendJSONValue(b, m.Record, c.field)
	}
	b = append(b, '}', '\n')
	jw.line = b
	_, err := jw.w.Write(b)
	return err
}

func (jw *jsonWriter) flush() error { return jw.w.Flush() }

// appendJSONValue writes f of r: a number for integer and time fields, a
// string otherwise, null for "-" or absent.
func appendJSONValue(b []byte, r *flowlog.Record, f flowlog.Field) []byte {
	if r.IsNull(f) {
		return append(b, "null"...)
	}
	switch f.Kind() {
	case flowlog.KindInt, flowlog.KindTime:
		if v, ok := r.Int(f); ok {
			return strconv.AppendInt(b, v, 10)
		}
		return appendJSONString(b, r.Raw(f))
	default:
		return appendJSONString(b, r.Text(f))
	}
}

func appendJSONString[T string | []byte](b []byte, s T) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune([]byte(s[i:min(i+utf8.UTFMax, len(s))]))
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
		i++
	}
	return append(b, '"')
}

// csvWriter prints a header row and one row per record (RFC 4180 quoting;
// null is an empty cell).
type csvWriter struct {
	w          *bufio.Writer
	cols       []column
	withSource bool
	line       []byte
	started    bool
}

func (cw *csvWriter) header() []byte {
	b := cw.line[:0]
	if cw.withSource {
		b = append(b, "source,line,"...)
	}
	for i, c := range cw.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c.field.Column()...)
	}
	return append(b, '\n')
}

func (cw *csvWriter) write(m scan.Match) error {
	if !cw.started {
		cw.started = true
		if _, err := cw.w.Write(cw.header()); err != nil {
			return err
		}
	}
	b := cw.line[:0]
	if cw.withSource {
		b = appendCSVField(b, m.Source)
		b = append(b, ',')
		b = strconv.AppendInt(b, m.Line, 10)
		b = append(b, ',')
	}
	for i, c := range cw.cols {
		if i > 0 {
			b = append(b, ',')
		}
		if !m.Record.IsNull(c.field) {
			b = appendCSVField(b, m.Record.Text(c.field))
		}
	}
	b = append(b, '\n')
	cw.line = b
	_, err := cw.w.Write(b)
	return err
}

func (cw *csvWriter) flush() error {
	if !cw.started { // a header even when nothing matched
		cw.started = true
		if _, err := cw.w.Write(cw.header()); err != nil {
			return err
		}
	}
	return cw.w.Flush()
}

func appendCSVField[T string | []byte](b []byte, s T) []byte {
	quote := false
	for i := range len(s) {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := range len(s) {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// tableWriter prints aligned columns. It holds back the first rows to size
// the columns, then streams; a later, wider value widens its column.
type tableWriter struct {
	w          *bufio.Writer
	cols       []column
	tz         *time.Location
	withSource bool
	held       [][][]byte // rows held back until widths are known
	widths     []int
	streaming  bool
	cell       []byte
	line       []byte
	cells      [][]byte
}

// tableHoldRows is how many rows size the columns before streaming starts.
const tableHoldRows = 200

func newTableWriter(w *bufio.Writer, cols []column, tz *time.Location, withSource bool) *tableWriter {
	t := &tableWriter{w: w, cols: cols, tz: tz, withSource: withSource}
	header := make([][]byte, 0, len(cols)+1)
	if withSource {
		header = append(header, []byte("SOURCE:LINE"))
	}
	for _, c := range cols {
		header = append(header, []byte(c.title))
	}
	t.held = append(t.held, header)
	t.widths = make([]int, len(header))
	t.cells = make([][]byte, len(header))
	return t
}

func (t *tableWriter) write(m scan.Match) error {
	t.cell = t.cell[:0]
	var bounds [32]int
	ends := bounds[:0]
	if t.withSource {
		t.cell = appendSource(t.cell, m, ':')
		ends = append(ends, len(t.cell))
	}
	for _, c := range t.cols {
		t.cell = appendCell(t.cell, m.Record, c, t.tz)
		ends = append(ends, len(t.cell))
	}
	start := 0
	for i, end := range ends {
		t.cells[i] = t.cell[start:end]
		start = end
	}
	if !t.streaming {
		row := make([][]byte, len(t.cells))
		for i, c := range t.cells {
			row[i] = append([]byte(nil), c...)
		}
		t.held = append(t.held, row)
		if len(t.held) <= tableHoldRows {
			return nil
		}
		return t.release()
	}
	return t.writeRow(t.cells)
}

// release sizes the columns from the held rows and prints them.
func (t *tableWriter) release() error {
	for _, row := range t.held {
		for i, c := range row {
			t.widths[i] = max(t.widths[i], utf8.RuneCount(c))
		}
	}
	t.streaming = true
	for _, row := range t.held {
		if err := t.writeRow(row); err != nil {
			return err
		}
	}
	t.held = nil
	return nil
}

func (t *tableWriter) writeRow(cells [][]byte) error {
	b := t.line[:0]
	for i, c := range cells {
		if i > 0 {
			b = append(b, ' ', ' ')
		}
		b = append(b, c...)
		if i < len(cells)-1 {
			for pad := utf8.RuneCount(c); pad < t.widths[i]; pad++ {
				b = append(b, ' ')
			}
		}
		t.widths[i] = max(t.widths[i], utf8.RuneCount(c))
	}
	b = append(b, '\n')
	t.line = b
	_, err := t.w.Write(b)
	return err
}

func (t *tableWriter) flush() error {
	if !t.streaming && len(t.held) > 1 { // nothing matched: no header either
		if err := t.release(); err != nil {
			return err
		}
	}
	return t.w.Flush()
}
