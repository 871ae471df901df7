package flowlog

import (
	"encoding/binary"
	"math/bits"
)

const low7 = 0x7f7f7f7f7f7f7f7f

// splitSpaces fills spans with the positions of the space-separated tokens
// of line and returns how many there are (which may exceed len(spans)).
//
// It first marks the spaces of every 8-byte word — work with no dependency
// from one word to the next, so the CPU runs it in parallel — and then
// walks the marks. Finding each token end in turn, as a byte or word loop
// does, makes every step wait for the one before.
func splitSpaces(spans []span, line []byte) int {
	n := len(line)
	count, start := 0, 0
	for w := 0; w < n; w += 8 {
		var z uint64
		switch {
		case w+8 <= n:
			z = spaceMask(binary.LittleEndian.Uint64(line[w:]))
		case w+8 <= cap(line):
			// The last word reads on into the buffer the line lives in
			// (its newline and the next line); marks past the end are
			// cleared. Cheaper than copying the tail.
			z = spaceMask(binary.LittleEndian.Uint64(line[w:w+8])) & (1<<(8*(n-w)) - 1)
		default:
			tail := [8]byte{'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'}
			copy(tail[:], line[w:])
			z = spaceMask(binary.LittleEndian.Uint64(tail[:]))
		}
		for z != 0 {
			p := w + bits.TrailingZeros64(z)>>3
			z &= z - 1
			if p > start {
				if count < len(spans) {
					spans[count] = span{uint32(start), uint32(p)}
				}
				count++
			}
			start = p + 1
		}
	}
	if start < n {
		if count < len(spans) {
			spans[count] = span{uint32(start), uint32(n)}
		}
		count++
	}
	return count
}

// spaceMask sets the high bit of every byte of w that is a space, and no
// other bit.
func spaceMask(w uint64) uint64 {
	x := w ^ spaces
	t := (x & low7) + low7 // high bit set where the low seven bits are not zero
	return ^(t | x | low7)
}
