//go:build amd64 && !purego

package flowlog

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasSkipAVX512 and hasSkipAVX2 say skipPlainSIMD runs here, wide or
// not: AVX-512BW or AVX2, and the BMI1, BMI2 and POPCNT of their bit
// work.
var (
	hasSkipAVX512 = hasAVX512 && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT
	hasSkipAVX2   = hasAVX2 && cpu.X86.HasBMI1 && cpu.X86.HasBMI2 && cpu.X86.HasPOPCNT
)

// bestSkipper is the fastest skipper the CPU runs, or nil where none is
// faster than splitting every line (skipPlainGo is not): a Reader then
// ignores its Literal.
func bestSkipper() skipper {
	switch {
	case hasSkipAVX512:
		return skipPlainAsm
	case hasSkipAVX2:
		return skipPlainAsm2
	}
	return nil
}

// skipPlainSIMD is skipPlainGo over the n bytes at p, with AVX-512 when
// wide, else AVX2; see skip_amd64.s.
//
//go:noescape
func skipPlainSIMD(p *byte, n, spaces, maxLine, midAt, lastAt int, needle uint32, wide bool) (consumed, lines int)

// skipPlainAsm and skipPlainAsm2 are skipPlainGo with AVX-512 and AVX2.
func skipPlainAsm(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	return skipPlainVector(text, cols, maxLine, nd, true)
}

func skipPlainAsm2(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	return skipPlainVector(text, cols, maxLine, nd, false)
}

func skipPlainVector(text []byte, cols, maxLine int, nd *needle, wide bool) (n, lines int) {
	if lastBlock(len(text), nd) < 0 {
		return 0, 0
	}
	return skipPlainSIMD(unsafe.SliceData(text), len(text), cols-1, maxLine, nd.midAt, nd.lastAt, nd.packed(), wide)
}

// packed is the needle's bytes as the assembly takes them: first, mid,
// last and fold, from the low byte up.
func (n *needle) packed() uint32 {
	return uint32(n.first) | uint32(n.mid)<<8 | uint32(n.last)<<16 | uint32(n.fold)<<24
}
