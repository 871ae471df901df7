//go:build amd64 && !purego

#include "textflag.h"

// SKIP_HALF classifies the 32 bytes at off(R10) with AVX2, and the
// needle's bytes after them, into R8 (newlines), R9 (spaces) and AX
// (bytes neither printable, a space nor a newline, and the needle). It
// uses CX and Y0-Y7; Y8-Y15 hold the constants skipPlainSIMD loads for
// AVX2. The printable range is tested with signed compares: above 0x20
// and below 0x7f, which bytes from 0x80 (negative) are not.
#define SKIP_HALF(off) \
	MOVQ      midAt+32(FP), AX \
	VMOVDQU   off(R10)(AX*1), Y2 \
	MOVQ      lastAt+40(FP), AX \
	VMOVDQU   off(R10)(AX*1), Y3 \
	VMOVDQU   off(R10), Y0 \
	VPOR      Y8, Y0, Y1 \
	VPCMPEQB  Y9, Y1, Y1 \
	VPOR      Y8, Y2, Y2 \
	VPCMPEQB  Y10, Y2, Y2 \
	VPAND     Y2, Y1, Y1 \
	VPOR      Y8, Y3, Y3 \
	VPCMPEQB  Y11, Y3, Y3 \
	VPAND     Y3, Y1, Y1 \
	VPCMPEQB  Y12, Y0, Y4 \
	VPCMPEQB  Y13, Y0, Y5 \
	VPCMPGTB  Y14, Y0, Y6 \
	VPCMPGTB  Y0, Y15, Y7 \
	VPAND     Y7, Y6, Y6 \
	VPOR      Y4, Y6, Y6 \
	VPOR      Y5, Y6, Y6 \
	VPMOVMSKB Y4, R8 \
	VPMOVMSKB Y5, R9 \
	VPMOVMSKB Y6, AX \
	NOTL      AX \
	VPMOVMSKB Y1, CX \
	ORL       CX, AX

// func skipPlainSIMD(p *byte, n, spaces, maxLine, midAt, lastAt int, needle uint32, wide bool) (consumed, lines int)
//
// skipPlainGo a line at a time: from each line's start, 64-byte blocks
// are classified — with AVX-512 masks when wide, else with AVX2, 32 bytes
// at a time — until the one with its newline, and the line is passed over
// when nothing up to the newline makes it not plain (a byte that is
// neither printable, a space nor a newline; the needle's three bytes; a
// space after a space or before the newline) and it has spaces spaces, a
// length in [14, maxLine], a digit first and no '-' fifth or ','
// fourteenth. A block is read only at offsets up to n-64-lastAt, so that
// the needle's bytes after it are in the n at p. needle is the needle's
// first, mid and last bytes and its fold mask, from the low byte up.
TEXT ·skipPlainSIMD(SB), NOSPLIT, $24-72
	MOVQ p+0(FP), SI
	XORQ R11, R11 // s: the current line's start
	XORQ R12, R12 // lines passed over
	MOVQ n+8(FP), DX
	SUBQ lastAt+40(FP), DX
	SUBQ $64, DX // DX: the last block offset
	JS   none
	LEAQ needle+48(FP), AX
	CMPB wide+52(FP), $0
	JEQ  narrow

	// AVX-512 constants: the needle in Z26-Z29, spaces in Z1, newlines
	// in Z7, the printable range in Z20 and Z21.
	VPBROADCASTB (AX), Z27  // first
	VPBROADCASTB 1(AX), Z28 // mid
	VPBROADCASTB 2(AX), Z29 // last
	VPBROADCASTB 3(AX), Z26 // fold
	MOVL         $0x20, AX
	VPBROADCASTB AX, Z1
	MOVL         $0x0a, AX
	VPBROADCASTB AX, Z7
	MOVL         $0x21, AX
	VPBROADCASTB AX, Z20
	MOVL         $0x5e, AX
	VPBROADCASTB AX, Z21
	JMP          line

narrow:
	// AVX2 constants, broadcast from memory (a legacy-SSE MOVD to an X
	// register would cost a state transition on every call).
	VPBROADCASTB (AX), Y9   // first
	VPBROADCASTB 1(AX), Y10 // mid
	VPBROADCASTB 2(AX), Y11 // last
	VPBROADCASTB 3(AX), Y8  // fold
	MOVB         $0x0a, 0(SP)
	VPBROADCASTB 0(SP), Y12
	MOVB         $0x20, 0(SP)
	VPBROADCASTB 0(SP), Y13 // spaces
	VPBROADCASTB 0(SP), Y14 // 0x20, below the printable range
	MOVB         $0x7f, 0(SP)
	VPBROADCASTB 0(SP), Y15 // above it

line:
	CMPQ    R11, DX
	JG      done
	MOVBLZX (SI)(R11*1), AX
	SUBL    $0x30, AX
	CMPL    AX, $9
	JA      done // no digit first
	CMPB    4(SI)(R11*1), $0x2d
	JEQ     done // an export stamp's date
	CMPB    13(SI)(R11*1), $0x2c
	JEQ     done // an export's milliseconds
	MOVQ    R11, BX  // o: the block's offset
	XORQ    R13, R13 // the line's spaces in its earlier blocks
	XORQ    DI, DI   // 1 if the last byte of the block before is a space

block:
	CMPQ BX, DX
	JG   done
	LEAQ (SI)(BX*1), R10
	CMPB wide+52(FP), $0
	JEQ  halves

	// R8: newlines, R9: spaces, R10: bad bytes and the needle.
	VMOVDQU8 (R10), Z0
	MOVQ     midAt+32(FP), AX
	VMOVDQU8 (R10)(AX*1), Z5
	MOVQ     lastAt+40(FP), AX
	VMOVDQU8 (R10)(AX*1), Z6
	VPORQ    Z26, Z0, Z4
	VPORQ    Z26, Z5, Z5
	VPORQ    Z26, Z6, Z6
	VPCMPEQB Z27, Z4, K1
	VPCMPEQB Z28, Z5, K1, K2
	VPCMPEQB Z29, Z6, K2, K3 // K3: the needle
	VPCMPEQB Z7, Z0, K1      // K1: newlines
	VPCMPEQB Z1, Z0, K2      // K2: spaces
	VPSUBB   Z20, Z0, Z2
	VPCMPUB  $1, Z21, Z2, K4 // K4: printable (b-0x21 < 0x5e)
	KMOVQ    K1, R8
	KMOVQ    K2, R9
	KMOVQ    K4, R10
	KMOVQ    K3, CX
	ORQ      R8, R10
	ORQ      R9, R10
	NOTQ     R10
	ORQ      CX, R10
	JMP      classified

halves:
	SKIP_HALF(32)
	SHLQ $32, R8
	SHLQ $32, R9
	SHLQ $32, AX
	MOVQ R8, 0(SP)
	MOVQ R9, 8(SP)
	MOVQ AX, 16(SP)
	SKIP_HALF(0)
	ORQ  0(SP), R8
	ORQ  8(SP), R9
	ORQ  16(SP), AX
	MOVQ AX, R10

classified:
	MOVQ  R9, AX
	SHLQ  $1, AX
	ORQ   DI, AX // bytes after a space
	MOVQ  R9, CX
	ORQ   R8, CX
	ANDQ  AX, CX // a space or a newline after a space
	ORQ   CX, R10
	TESTQ R8, R8
	JNZ   newline
	TESTQ R10, R10
	JNZ   done
	POPCNTQ R9, AX
	ADDQ  AX, R13
	MOVQ  R9, DI
	SHRQ  $63, DI
	ADDQ  $64, BX
	JMP   block

newline:
	TZCNTQ  R8, AX // q, the newline's bit
	LEAQ    1(AX), CX
	MOVQ    $-1, R8
	BZHIQ   CX, R8, R8 // bits up to q
	ANDQ    R8, R10
	JNZ     done
	BZHIQ   AX, R9, CX
	POPCNTQ CX, CX
	ADDQ    R13, CX
	CMPQ    CX, spaces+16(FP)
	JNE     done
	LEAQ    (BX)(AX*1), CX
	SUBQ    R11, CX // the line's length
	CMPQ    CX, $14
	JLT     done
	CMPQ    CX, maxLine+24(FP)
	JGT     done
	LEAQ    1(BX)(AX*1), R11
	INCQ    R12
	JMP     line

done:
	VZEROUPPER

none:
	MOVQ R11, consumed+56(FP)
	MOVQ R12, lines+64(FP)
	RET
