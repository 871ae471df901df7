package flowlog

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Lines are split on separator masks: bit i%64 of word i/64 is set when
// byte i of the line is a space or a tab, and for every i ≥ len(line), so
// that the last token ends at len(line). A maskFunc fills the masks of one
// chunk of a line; the implementations (SWAR here, SIMD in assembly where
// the CPU has it) agree bit for bit, which split_test.go checks.

// A maskFunc sets masks[i/64] bit i%64 for each byte i of chunk that is a
// space or a tab, clears the bits of the other bytes, and reports whether
// any was a tab. len(masks) ≥ (len(chunk)+63)/64; the bits of the last
// word past len(chunk) are unspecified.
type maskFunc func(chunk []byte, masks []uint64) (tabs bool)

// maskImpl names a maskFunc. Splitters call them through a switch, not a
// func value, so that the masks stay on the stack.
type maskImpl uint8

const (
	maskSWAR maskImpl = iota
	maskAVX2
	maskAVX512
	maskVBMI2 // AVX-512 masks, and VPCOMPRESSB in place of the walk
	// splitReference is splitSpans, the simple byte loop, splitting every
	// column: what the tests hold the others to.
	splitReference
)

// chunkBytes is how much of a line one call of a maskFunc covers: the
// masks of a chunk live on the stack, so lines of any length split without
// allocating.
const chunkBytes = 1024

const (
	low7   = 0x7f7f7f7f7f7f7f7f
	tabs8  = 0x0909090909090909
	packer = 0x0102040810204080 // gathers the low bit of each byte into the top byte
)

// sepBytes sets the high bit of each byte of w that is a space (in s) or a
// tab (in t), and no other bit.
func sepBytes(w uint64) (s, t uint64) {
	x := w ^ spaces
	y := w ^ tabs8
	s = ^((x&low7 + low7) | x | low7)
	t = ^((y&low7 + low7) | y | low7)
	return s, t
}

// pack8 turns the high bits of the bytes of x into the low 8 bits.
func pack8(x uint64) uint64 { return (x >> 7) * packer >> 56 }

// masksSWAR is the portable maskFunc: eight bytes at a time in a general
// register.
func masksSWAR(chunk []byte, masks []uint64) bool {
	var anyTab, m uint64
	n, j := len(chunk), 0
	for ; j+8 <= n; j += 8 {
		s, t := sepBytes(binary.LittleEndian.Uint64(chunk[j:]))
		anyTab |= t
		m |= pack8(s|t) << (j & 63)
		if j&63 == 56 {
			masks[j>>6], m = m, 0
		}
	}
	if j < n {
		var pad [8]byte // zero bytes are not separators
		copy(pad[:], chunk[j:])
		s, t := sepBytes(binary.LittleEndian.Uint64(pad[:]))
		anyTab |= t
		m |= pack8(s|t) << (j & 63)
		masks[j>>6] = m // the last word, even when these are its last 8 bytes
		return anyTab != 0
	}
	if j&63 != 0 {
		masks[j>>6] = m
	}
	return anyTab != 0
}

// splitter splits lines with one maskFunc.
type splitter struct{ impl maskImpl }

// split fills spans[:want] with the first want tokens of line (separated
// by runs of spaces and tabs) and returns how many tokens line has, which
// may be more or fewer than want or len(spans), and whether it has a tab.
// want ≤ len(spans). It reads only line and does not allocate.
func (sp splitter) split(spans []span, want int, line []byte) (count int, tabs bool) {
	switch sp.impl {
	case splitReference:
		spans = spans[:want]
		count = splitSpans(spans, line)
		return count, bytes.IndexByte(line, '\t') >= 0
	case maskSWAR:
		return splitSWAR(spans, want, line)
	case maskVBMI2:
		return splitVBMI2(spans, want, line)
	}
	return sp.splitMasks(spans, want, line)
}

// shortLineBytes is how much of a buffer splitShortLine reads: a line
// shorter than that, newline included, splits in one pass without a loop.
const shortLineBytes = 128

// splitShortLine splits the line at the start of text, as splitLine, if
// text has at least shortLineBytes bytes and the line ends among them,
// and the splitter takes short lines apart on their own (VBMI2): every
// token's span is set, and any of the first shortLineBytes/4 spans of
// spans' capacity may be overwritten. Otherwise n is -1.
func (sp splitter) splitShortLine(spans []span, text []byte) (n, count int, tabs bool) {
	if sp.impl != maskVBMI2 {
		return -1, 0, false
	}
	return splitShortLine(spans, text)
}

// splitLine is split for the line at the start of text, which ends at
// text's first newline: n is the line's length, or -1 if text has no
// newline (and count and tabs mean nothing). Tokens end at the newline;
// nothing past the end of text is read.
func (sp splitter) splitLine(spans []span, want int, text []byte) (n, count int, tabs bool) {
	if sp.impl == maskVBMI2 {
		if n, count, tabs = splitLineVBMI2(spans, want, text); n < 0 {
			return -1, 0, false
		}
		return n, count, tabs
	}
	n = bytes.IndexByte(text, '\n')
	if n < 0 {
		return -1, 0, false
	}
	count, tabs = sp.split(spans, want, text[:n])
	return n, count, tabs
}

// fill runs the splitter's maskFunc.
func (sp splitter) fill(chunk []byte, masks []uint64) bool {
	switch sp.impl {
	case maskAVX512:
		return masksAVX512(chunk, masks)
	case maskAVX2:
		return masksAVX2(chunk, masks)
	}
	return masksSWAR(chunk, masks)
}

// splitMasks is split through a maskFunc and a walk of its masks.
func (sp splitter) splitMasks(spans []span, want int, line []byte) (count int, tabs bool) {
	var masks [chunkBytes/64 + 1]uint64
	w := newWalk(spans, want)
	for off := 0; ; off += chunkBytes {
		chunk := line[off:min(off+chunkBytes, len(line))]
		if sp.fill(chunk, masks[:]) {
			tabs = true
		}
		words := (len(chunk) + 63) / 64
		if len(chunk) < chunkBytes {
			// The end of the line: every bit from its last byte on is a
			// separator, in a word of its own if need be.
			r := uint(len(chunk) % 64)
			if r == 0 {
				masks[words] = ^uint64(0)
				words++
			} else {
				masks[words-1] |= ^uint64(0) << r
			}
			w.words(masks[:words], uint32(off))
			return w.count, tabs
		}
		w.words(masks[:words], uint32(off))
	}
}

// walk turns separator masks into token spans.
type walk struct {
	// bounds is spans[:want] seen as lo, hi, lo, hi, ...: the order in
	// which a line's token starts and ends come.
	bounds []uint32
	stored int    // bounds stored
	count  int    // tokens seen
	prev   uint64 // 1 if the byte before the next word is a separator
}

func newWalk(spans []span, want int) walk {
	spans = spans[:want]
	var bounds []uint32
	if want > 0 {
		bounds = unsafe.Slice(&spans[0].lo, 2*want)
	}
	return walk{bounds: bounds, prev: 1} // the line starts after a separator
}

// words walks masks, the masks of the bytes from base on. A token starts
// at a byte that is no separator after one that is, and ends (exclusive)
// at a separator after a byte that is none: the changes from one to the
// other are, in order, the start and end of each token.
func (w *walk) words(masks []uint64, base uint32) {
	bounds, stored, count, prev := w.bounds, w.stored, w.count, w.prev
	for i, sep := range masks {
		after := sep<<1 | prev // bit j: byte j-1 is a separator
		prev = sep >> 63
		count += bits.OnesCount64(^sep & after)
		at := base + uint32(i)*64
		for t := sep ^ after; t != 0 && stored < len(bounds); t &= t - 1 {
			bounds[stored] = at + uint32(bits.TrailingZeros64(t))
			stored++
		}
	}
	w.stored, w.count, w.prev = stored, count, prev
}

// splitSWAR is split eight bytes at a time in a general register,
// walking the separators of each word as it goes: with no SIMD masks to
// fill, packing them into bitmaps would cost more than it saves.
func splitSWAR(spans []span, want int, line []byte) (count int, tabs bool) {
	spans = spans[:want]
	var anyTab uint64
	n, start := len(line), 0
	for j := 0; j < n; j += 8 {
		var x uint64
		if j+8 <= n {
			x = binary.LittleEndian.Uint64(line[j:])
		} else {
			var pad [8]byte // zero bytes are not separators
			copy(pad[:], line[j:])
			x = binary.LittleEndian.Uint64(pad[:])
		}
		s, t := sepBytes(x)
		anyTab |= t
		for sep := s | t; sep != 0; sep &= sep - 1 {
			p := j + bits.TrailingZeros64(sep)>>3
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
	return count, anyTab != 0
}

// lineSplitter is the fastest splitter this CPU runs, chosen once at start
// (see split_amd64.go); read-only.
var lineSplitter = splitter{impl: bestMasks()}

// splitFields splits line with the best splitter: spans[:want] get the
// first want tokens. See splitter.split.
func splitFields(spans []span, want int, line []byte) (count int, tabs bool) {
	return lineSplitter.split(spans, want, line)
}
