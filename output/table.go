package output

import (
	"io"
	"unicode/utf8"
)

// tableHoldRows is how many rows, the header included, size a record
// table's columns before it starts to stream.
const tableHoldRows = 200

// table prints aligned rows of cells. It holds the first rows back to size
// the columns, then streams; a later, wider cell widens its column from
// then on. Nothing is printed, not even the header, if no row is added.
type table struct {
	w         io.Writer
	hold      int        // rows held (header included) before streaming; 0: until flush
	held      [][][]byte // the header and the rows held back
	header    [][]byte
	widths    []int
	streaming bool
	line      []byte
	// maxWidth, if not 0, is the terminal's width: columns are cut to fit
	// it (caps, once known), and shortened counts the cells cut.
	maxWidth  int
	cuttable  []bool // the columns that may be cut
	caps      []int
	gap       int // spaces between columns
	shortened int64
}

func newTable(w io.Writer, header []string, hold, maxWidth int) *table {
	row := make([][]byte, len(header))
	for i, h := range header {
		row[i] = []byte(h)
	}
	return &table{w: w, hold: hold, held: [][][]byte{row}, header: row, widths: make([]int, len(header)),
		maxWidth: maxWidth, gap: 2}
}

// add prints a row, or holds a copy of it while the widths are unknown.
// Once streaming, a row wider than its columns widens them and prints the
// header again above it, so that every row stands aligned under the
// nearest header. Streaming allocates nothing.
func (t *table) add(cells [][]byte) error {
	if t.streaming {
		if t.widens(cells) {
			if err := t.writeRow(t.header); err != nil {
				return err
			}
		}
		return t.writeRow(cells)
	}
	t.held = append(t.held, copyRow(cells))
	if t.hold == 0 || len(t.held) <= t.hold {
		return nil
	}
	return t.release()
}

// copyRow copies cells into one new buffer.
func copyRow(cells [][]byte) [][]byte {
	n := 0
	for _, c := range cells {
		n += len(c)
	}
	buf := make([]byte, 0, n)
	row := make([][]byte, len(cells))
	for i, c := range cells {
		start := len(buf)
		buf = append(buf, c...)
		row[i] = buf[start:len(buf):len(buf)]
	}
	return row
}

// flush prints the rows still held back.
func (t *table) flush() error {
	if t.streaming || len(t.held) == 1 { // streamed already, or no rows: no header either
		return nil
	}
	return t.release()
}

// release sizes the columns from the held rows and prints them.
func (t *table) release() error {
	for _, row := range t.held {
		for i, c := range row {
			t.widths[i] = max(t.widths[i], utf8.RuneCount(c))
		}
	}
	if t.cuttable == nil {
		t.cuttable = make([]bool, len(t.widths))
	}
	if t.caps, t.gap = fitWidths(t.widths, t.header, t.cuttable, t.maxWidth); t.caps != nil {
		for i, c := range t.caps {
			if c > 0 {
				t.widths[i] = c
			}
		}
	}
	t.streaming = true
	held := t.held
	t.held = nil
	for _, row := range held {
		if err := t.writeRow(row); err != nil {
			return err
		}
	}
	return nil
}

// widens widens the columns for cells and reports whether it had to (the
// last column is not padded, so it never needs to).
func (t *table) widens(cells [][]byte) bool {
	wider := false
	for i, c := range cells[:len(cells)-1] {
		if n := t.shown(i, c); n > t.widths[i] {
			t.widths[i], wider = n, true
		}
	}
	return wider
}

func (t *table) writeRow(cells [][]byte) error {
	b := t.line[:0]
	for i, c := range cells {
		if i > 0 {
			b = append(b, "  "[:t.gap]...)
		}
		n := utf8.RuneCount(c)
		if limit := t.shown(i, c); limit < n {
			b, n = appendCut(b, c, limit), limit
			t.shortened++
		} else {
			b = append(b, c...)
		}
		if i < len(cells)-1 {
			for pad := n; pad < t.widths[i]; pad++ {
				b = append(b, ' ')
			}
		}
		t.widths[i] = max(t.widths[i], n)
	}
	b = append(b, '\n')
	t.line = b
	_, err := t.w.Write(b)
	return err
}

// shown is how many runes of cell c of column i are printed: all of them,
// or the column's cap when the table was cut to fit the terminal.
func (t *table) shown(i int, c []byte) int {
	n := utf8.RuneCount(c)
	if t.caps != nil && t.caps[i] > 0 {
		return min(n, t.caps[i])
	}
	return n
}
