//go:build amd64 && !purego

#include "textflag.h"

// func skipPlainAVX512(p *byte, limit, spaces, maxLine, midAt, lastAt int, needle uint32) (n, lines int)
//
// skipPlainGo over 64-byte blocks: the bytes at p up to limit (a multiple
// of 64, with limit+lastAt readable) are classified with AVX-512 masks,
// and every event that makes a line not plain — a byte that is neither
// printable, a space nor a newline; the needle's three bytes; a space
// after a space or before a newline; a line that starts without a digit,
// or with a '-' fifth or a ',' fourteenth — is a bit of one word. A line
// is passed over when its newline comes before the block's first event
// and it has spaces spaces and a length in [14, maxLine]. needle is the
// needle's first, mid and last bytes and its fold mask, one per byte.
TEXT ·skipPlainAVX512(SB), NOSPLIT, $16-72
	MOVQ p+0(FP), SI
	MOVQ limit+8(FP), DX
	MOVL needle+48(FP), AX
	VPBROADCASTB AX, Z27 // first
	SHRL         $8, AX
	VPBROADCASTB AX, Z28 // mid
	SHRL         $8, AX
	VPBROADCASTB AX, Z29 // last
	SHRL         $8, AX
	VPBROADCASTB AX, Z26 // fold
	MOVL         $0x20, AX
	VPBROADCASTB AX, Z1
	MOVL         $0x0a, AX
	VPBROADCASTB AX, Z7
	MOVL         $0x21, AX
	VPBROADCASTB AX, Z20
	MOVL         $0x5e, AX
	VPBROADCASTB AX, Z21
	MOVL         $0x30, AX
	VPBROADCASTB AX, Z22
	MOVL         $10, AX
	VPBROADCASTB AX, Z23
	MOVL         $0x2d, AX
	VPBROADCASTB AX, Z24
	MOVL         $0x2c, AX
	VPBROADCASTB AX, Z25
	XORQ         BX, BX   // o: the block's offset
	XORQ         R11, R11 // s: the current line's start
	XORQ         R12, R12 // lines passed over
	XORQ         R13, R13 // spaces of the current line in earlier blocks
	XORQ         DI, DI   // line starts of the previous block
	MOVQ         $1, 0(SP) // a line starts at p
	MOVQ         $0, 8(SP) // the byte before p is no space

block:
	CMPQ     BX, DX
	JAE      done
	LEAQ     (SI)(BX*1), R10
	VMOVDQU8 (R10), Z0
	MOVQ     midAt+32(FP), AX
	VMOVDQU8 (R10)(AX*1), Z5
	MOVQ     lastAt+40(FP), AX
	VMOVDQU8 (R10)(AX*1), Z6
	VPORQ    Z26, Z0, Z4
	VPORQ    Z26, Z5, Z5
	VPORQ    Z26, Z6, Z6
	VPCMPEQB Z27, Z4, K1
	VPCMPEQB Z28, Z5, K2
	VPCMPEQB Z29, Z6, K3
	KANDQ    K1, K2, K1
	KANDQ    K1, K3, K6 // K6: the needle
	VPCMPEQB Z7, Z0, K1 // K1: newlines
	VPCMPEQB Z1, Z0, K2 // K2: spaces
	VPSUBB   Z20, Z0, Z2
	VPCMPUB  $1, Z21, Z2, K3 // K3: printable (b-0x21 < 0x5e)
	KORQ     K1, K3, K3
	KORQ     K2, K3, K3
	KNOTQ    K3, K3
	KORQ     K6, K3, K3 // K3: bad bytes and the needle
	VPSUBB   Z22, Z0, Z2
	VPCMPUB  $1, Z23, Z2, K4 // K4: digits
	VPCMPEQB Z24, Z0, K5     // K5: '-'
	VPCMPEQB Z25, Z0, K6     // K6: ','
	KMOVQ    K1, R8
	KMOVQ    K2, R9
	KMOVQ    K3, R10

	// AX: the line starts, bytes after a newline.
	MOVQ  R8, AX
	SHLQ  $1, AX
	ORQ   0(SP), AX
	MOVQ  R8, CX
	SHRQ  $63, CX
	MOVQ  CX, 0(SP)
	KMOVQ K4, CX
	ANDNQ AX, CX, CX // a start that is no digit
	ORQ   CX, R10
	MOVQ  AX, CX
	SHLQ  $4, DI, CX // the fifth byte of a line
	KMOVQ CX, K7
	KANDQ K7, K5, K5
	MOVQ  AX, CX
	SHLQ  $13, DI, CX // the fourteenth
	KMOVQ CX, K7
	KANDQ K7, K6, K6
	KORQ  K5, K6, K6
	KMOVQ K6, CX
	ORQ   CX, R10
	MOVQ  AX, DI

	// AX: bytes after a space.
	MOVQ  R9, AX
	SHLQ  $1, AX
	ORQ   8(SP), AX
	MOVQ  R9, CX
	SHRQ  $63, CX
	MOVQ  CX, 8(SP)
	MOVQ  R9, CX
	ORQ   R8, CX
	ANDQ  AX, CX // a space or a newline after a space
	ORQ   CX, R10
	TZCNTQ R10, R10 // R10: the first event, 64 if none

	// Each newline of the block, before the first event, ends a line.
nl:
	TESTQ   R8, R8
	JZ      blockend
	TZCNTQ  R8, AX // q
	CMPQ    R10, AX
	JLE     done
	BZHIQ   AX, R9, CX
	POPCNTQ CX, CX
	ADDQ    R13, CX
	CMPQ    CX, spaces+16(FP)
	JNE     done
	LEAQ    1(AX), CX
	MOVQ    $-1, R13
	BZHIQ   CX, R13, R13
	ANDNQ   R9, R13, R9 // the spaces after q
	XORQ    R13, R13
	LEAQ    (BX)(AX*1), CX
	SUBQ    R11, CX // the line's length
	CMPQ    CX, $14
	JLT     done
	CMPQ    CX, maxLine+24(FP)
	JGT     done
	LEAQ    1(BX)(AX*1), R11
	INCQ    R12
	BLSRQ   R8, R8
	JMP     nl

blockend:
	CMPQ    R10, $64
	JLT     done
	POPCNTQ R9, CX
	ADDQ    CX, R13
	ADDQ    $64, BX
	JMP     block

done:
	VZEROUPPER
	MOVQ R11, n+56(FP)
	MOVQ R12, lines+64(FP)
	RET
