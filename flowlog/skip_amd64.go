//go:build amd64 && !purego

package flowlog

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasSkipAVX512 says skipPlainAVX512 runs here: AVX-512BW, and the BMI1,
// BMI2 and POPCNT of its bit work.
var hasSkipAVX512 = hasAVX512 && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT

// bestSkipper is the fastest skipper the CPU runs, or nil where none is
// faster than splitting every line (skipPlainGo is not): a Reader then
// ignores its Literal.
func bestSkipper() skipper {
	if hasSkipAVX512 {
		return skipPlainAsm
	}
	return nil
}

// skipPlainAVX512 is skipPlainGo over the n bytes at p; see
// skip_amd64.s.
//
//go:noescape
func skipPlainAVX512(p *byte, n, spaces, maxLine, midAt, lastAt int, needle uint32) (consumed, lines int)

func skipPlainAsm(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	if lastBlock(len(text), nd) < 0 {
		return 0, 0
	}
	packed := uint32(nd.first) | uint32(nd.mid)<<8 | uint32(nd.last)<<16 | uint32(nd.fold)<<24
	return skipPlainAVX512(unsafe.SliceData(text), len(text), cols-1, maxLine, nd.midAt, nd.lastAt, packed)
}
