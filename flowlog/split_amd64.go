//go:build amd64 && !purego

package flowlog

import "golang.org/x/sys/cpu"

// bestMasks picks the widest maskFunc the CPU and OS support.
func bestMasks() maskImpl {
	switch {
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
)

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
