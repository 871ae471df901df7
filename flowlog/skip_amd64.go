//go:build amd64 && !purego

package flowlog

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasSkipAVX512 says skipPlainAVX512 runs here: AVX-512BW, and the BMI1,
// BMI2 and POPCNT of its bit loop.
var hasSkipAVX512 = hasAVX512 && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT

// skipPlainAVX512 is skipPlainGo over the blocks of limit bytes at p; see
// skip_amd64.s.
//
//go:noescape
func skipPlainAVX512(p *byte, limit, spaces, maxLine, midAt, lastAt int, needle uint32) (n, lines int)

// skipPlain is skipPlainGo, with AVX-512 where the CPU has it.
func skipPlain(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	if !hasSkipAVX512 {
		return skipPlainGo(text, cols, maxLine, nd)
	}
	return skipPlainAsm(text, cols, maxLine, nd)
}

func skipPlainAsm(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	limit := skipLimit(len(text), nd)
	if limit == 0 {
		return 0, 0
	}
	packed := uint32(nd.first) | uint32(nd.mid)<<8 | uint32(nd.last)<<16 | uint32(nd.fold)<<24
	return skipPlainAVX512(unsafe.SliceData(text), limit, cols-1, maxLine, nd.midAt, nd.lastAt, packed)
}
