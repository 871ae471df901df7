package output

import (
	"fmt"
	"io"
	"strings"
)

// Heading names one column of the rows a RowWriter prints.
type Heading struct {
	Name    string // JSON key and CSV header, Athena style (first_start)
	Title   string // table header; "" means Name in upper case
	Numeric bool   // JSON prints the cells as numbers, not strings
}

// RowWriter prints rows of text cells, such as group results, in the same
// formats as Writer prints records: Raw joins the cells with spaces, Table
// aligns them under the titles, JSON prints an object per row ("-" is
// null, and the cells of Numeric columns that hold integers are numbers),
// CSV a header and RFC 4180 rows. A table holds every row until
// Flush, so that each column fits its widest cell. A RowWriter is used from
// one goroutine.
type RowWriter struct {
	w        io.Writer
	mode     Mode
	headings []Heading
	line     []byte
	header   bool // CSV: the header is written
	table    *table
}

// NewRowWriter returns a RowWriter printing rows under headings to w. An
// unknown Mode prints Raw.
func NewRowWriter(w io.Writer, mode Mode, headings []Heading) *RowWriter {
	rw := &RowWriter{w: w, mode: mode, headings: headings}
	if mode == Table {
		titles := make([]string, len(headings))
		for i, h := range headings {
			titles[i] = h.Title
			if titles[i] == "" {
				titles[i] = strings.ToUpper(h.Name)
			}
		}
		rw.table = newTable(w, titles, 0, 0)
	}
	return rw
}

// WriteRow prints one row; cells go with the headings, one each, and a row
// of another length is an error.
func (rw *RowWriter) WriteRow(cells []string) error {
	if len(cells) != len(rw.headings) {
		return fmt.Errorf("row of %d cells under %d headings", len(cells), len(rw.headings))
	}
	switch rw.mode {
	case Table:
		row := make([][]byte, len(cells))
		for i, c := range cells {
			row[i] = appendVisible(nil, c)
		}
		return rw.table.add(row)
	case JSON:
		return rw.emit(rw.appendJSON(rw.line[:0], cells))
	case CSV:
		if err := rw.writeHeader(); err != nil {
			return err
		}
		return rw.emit(appendJoined(rw.line[:0], cells, ','))
	}
	return rw.emit(appendJoined(rw.line[:0], cells, ' '))
}

// Flush prints what is held back: a table's rows, or the CSV header when
// there were no rows. It does not flush the underlying io.Writer.
func (rw *RowWriter) Flush() error {
	switch rw.mode {
	case Table:
		return rw.table.flush()
	case CSV:
		return rw.writeHeader()
	}
	return nil
}

func (rw *RowWriter) emit(b []byte) error {
	rw.line = b
	_, err := rw.w.Write(b)
	return err
}

func (rw *RowWriter) writeHeader() error {
	if rw.header {
		return nil
	}
	rw.header = true
	names := make([]string, len(rw.headings))
	for i, h := range rw.headings {
		names[i] = h.Name
	}
	return rw.emit(appendJoined(rw.line[:0], names, ','))
}

func (rw *RowWriter) appendJSON(b []byte, cells []string) []byte {
	b = append(b, '{')
	for i, v := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, rw.headings[i].Name)
		b = append(b, ':')
		switch {
		case v == "-":
			b = append(b, "null"...)
		case rw.headings[i].Numeric && isInteger(v):
			b = append(b, v...)
		default:
			b = appendJSONString(b, v)
		}
	}
	return append(b, '}', '\n')
}

// appendJoined appends cells separated by sep, a line: CSV fields (quoted
// where needed) for ',', the cells as they are otherwise.
func appendJoined(b []byte, cells []string, sep byte) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, sep)
		}
		if sep == ',' {
			b = appendCSVField(b, c)
		} else {
			b = append(b, c...)
		}
	}
	return append(b, '\n')
}

// isInteger reports whether s is a decimal integer, which JSON may carry
// as it is.
func isInteger(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
