//go:build amd64 && !purego

package flowlog

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// bestMasks picks the widest maskFunc the CPU and OS support.
func bestMasks() maskImpl {
	switch {
	case hasVBMI2:
		return maskVBMI2
	case hasAVX512:
		return maskAVX512
	case hasAVX2:
		return maskAVX2
	}
	return maskSWAR
}

var (
	hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasBMI2
	hasAVX2   = cpu.X86.HasAVX2
	hasVBMI2  = hasAVX512 && cpu.X86.HasAVX512VBMI2 && cpu.X86.HasPOPCNT
)

// lineVBMI2 writes the boundaries of the tokens of the line at p (start,
// end, start, end, ...), at most max of them, to bounds, and counts the
// tokens: the whole split, compressing the positions of each 64-byte
// block's boundaries with VPCOMPRESSB rather than walking bits. The line
// ends at the first newline of the n bytes at p, whose offset is length,
// or after them (length -1).
//
//go:noescape
func lineVBMI2(p *byte, n int, bounds *uint32, max int) (length, stored, count int, tabs uint64)

// splitVBMI2 is splitter.split with lineVBMI2. A line holding a newline
// (a token byte to split, which the Reader's lines never hold) is split
// with the AVX-512 masks instead.
func splitVBMI2(spans []span, want int, line []byte) (count int, tabs bool) {
	n, count, tabs := splitLineVBMI2(spans, want, line)
	if n >= 0 {
		clear(spans[:want])
		return splitter{maskAVX512}.splitMasks(spans, want, line)
	}
	return count, tabs
}

// splitLineVBMI2 is splitter.splitLine with lineVBMI2, except that a text
// without a newline is split whole, with n -1.
func splitLineVBMI2(spans []span, want int, text []byte) (n, count int, tabs bool) {
	var none uint32
	bounds := &none
	if want > 0 {
		bounds = &spans[:want][0].lo
	}
	n, _, count, t := lineVBMI2(unsafe.SliceData(text), len(text), bounds, 2*want)
	return n, count, t != 0
}

// shortLineVBMI2 splits the line at p if it ends within 128 bytes,
// which must be readable, writing the boundaries of all its tokens to
// bounds[:64]; length is -1 when it cannot. See split_amd64.s.
//
//go:noescape
func shortLineVBMI2(p *byte, bounds *uint32) (length, count int, tabs uint64)

// splitShortLine is splitter.splitShortLine with shortLineVBMI2.
func splitShortLine(spans []span, text []byte) (n, count int, tabs bool) {
	if len(text) < shortLineBytes || cap(spans) < shortLineBytes/4 {
		return -1, 0, false
	}
	n, count, t := shortLineVBMI2(unsafe.SliceData(text), &spans[:1][0].lo)
	return n, count, t != 0
}

// sepMasksAVX512 fills the masks of the n bytes at p, 64 at a time, the
// last block with a masked load (which reads nothing past p+n), and
// returns the OR of the tab masks. It writes (n+63)/64 words, at least 1.
//
//go:noescape
func sepMasksAVX512(p *byte, n int, masks *uint64) uint64

// sepMasksAVX2 fills the masks of the n bytes at p, n a multiple of 64,
// and returns the OR of the tab masks.
//
//go:noescape
func sepMasksAVX2(p *byte, n int, masks *uint64) uint64

func masksAVX512(chunk []byte, masks []uint64) bool {
	_ = masks[len(chunk)/64] // sepMasksAVX512 writes a word even for an empty chunk
	var p *byte
	if len(chunk) > 0 {
		p = &chunk[0]
	}
	return sepMasksAVX512(p, len(chunk), &masks[0]) != 0
}

func masksAVX2(chunk []byte, masks []uint64) bool {
	n := len(chunk) &^ 63
	var tabs uint64
	if n > 0 {
		_ = masks[n/64-1]
		tabs = sepMasksAVX2(&chunk[0], n, &masks[0])
	}
	if n < len(chunk) {
		// The last, partial block goes through a copy: a full-width load
		// from the chunk could cross into an unmapped page.
		var pad [64]byte // zero bytes are not separators
		copy(pad[:], chunk[n:])
		tabs |= sepMasksAVX2(&pad[0], 64, &masks[n/64])
	}
	return tabs != 0
}
