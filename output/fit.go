package output

import (
	"unicode/utf8"

	"github.com/flowq/flowq/flowlog"
)

// Floors of the cuts that fit a table to a terminal: first no value is
// cut shorter than wholeWidth, which keeps every IPv4 address whole; then
// the gaps narrow to one space; only then are values cut to minCutWidth,
// enough to keep the head and tail of an address or an interface ID.
const (
	wholeWidth  = 15
	minCutWidth = 10
)

// fitWidths caps the widest cuttable columns until a row fits in maxWidth
// columns (see wholeWidth). It returns the caps (0: none) and the gap
// between columns, or nil caps if the widths fit already. A column is
// never cut narrower than its header. The fit is the best it can be: the
// columns that may not be cut can be wider than maxWidth on their own.
func fitWidths(widths []int, header [][]byte, cuttable []bool, maxWidth int) (caps []int, gap int) {
	gap = 2
	total := func() int {
		n := gap * (len(widths) - 1)
		for _, w := range caps {
			n += w
		}
		return n
	}
	caps = append([]int(nil), widths...)
	if maxWidth <= 0 || total() <= maxWidth {
		return nil, gap
	}
	cut := func(floor int) {
		for total() > maxWidth {
			i := widestCuttable(caps, header, cuttable, floor)
			if i < 0 {
				return
			}
			caps[i]--
		}
	}
	cut(wholeWidth)
	if total() > maxWidth {
		gap = 1
	}
	cut(minCutWidth)
	for i := range caps {
		if caps[i] == widths[i] {
			caps[i] = 0
		}
	}
	return caps, gap
}

// widestCuttable is the widest column that may still be cut above floor,
// or -1.
func widestCuttable(caps []int, header [][]byte, cuttable []bool, floor int) int {
	best := -1
	for i, c := range caps {
		if cuttable[i] && c > max(floor, utf8.RuneCount(header[i])) && (best < 0 || c > caps[best]) {
			best = i
		}
	}
	return best
}

// cuttable reports whether a column's values may be cut to fit: text
// and addresses (and where a record came from), never times, numbers or
// the words of a view.
func cuttable(c Column) bool {
	switch c.View {
	case ViewTime, ViewProtocol, ViewAction:
		return false
	}
	k := c.Field.Kind()
	return k == flowlog.KindString || k == flowlog.KindAddr
}

// appendCut appends c cut to width runes: its head, "…" and its tail, so
// that both ends of an address or an ID stay readable. It allocates
// nothing.
func appendCut(b, c []byte, width int) []byte {
	keep := width - 1
	head, tail := (keep+1)/2, keep/2
	n := utf8.RuneCount(c)
	i := 0
	for r := 0; r < head; r++ {
		_, size := utf8.DecodeRune(c[i:])
		i += size
	}
	b = append(b, c[:i]...)
	b = append(b, "…"...)
	j := len(c)
	for r := 0; r < tail && r < n; r++ {
		_, size := utf8.DecodeLastRune(c[:j])
		j -= size
	}
	return append(b, c[j:]...)
}
