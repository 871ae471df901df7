//go:build amd64 && !purego

#include "textflag.h"

// LINE_CONSTANTS loads what the line splitters compare and compress
// with: spaces in Z1, tabs in Z2, newlines in Z7, the byte offsets 0..63
// in Z3. It uses AX.
#define LINE_CONSTANTS \
	MOVL $0x20, AX \
	VPBROADCASTB AX, Z1 \
	MOVL $0x09, AX \
	VPBROADCASTB AX, Z2 \
	MOVL $0x0a, AX \
	VPBROADCASTB AX, Z7 \
	VMOVDQU8 indices<>(SB), Z3

// func sepMasksAVX512(p *byte, n int, masks *uint64) uint64
TEXT ·sepMasksAVX512(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ masks+16(FP), DI
	MOVL $0x20, AX
	VPBROADCASTB AX, Z1
	MOVL $0x09, AX
	VPBROADCASTB AX, Z2
	XORQ R8, R8

block512:
	CMPQ CX, $64
	JLT  tail512
	VMOVDQU8 (SI), Z0
	VPCMPEQB Z1, Z0, K1
	VPCMPEQB Z2, Z0, K2
	KMOVQ    K1, AX
	KMOVQ    K2, BX
	ORQ      BX, R8
	ORQ      BX, AX
	MOVQ     AX, (DI)
	ADDQ     $64, SI
	ADDQ     $8, DI
	SUBQ     $64, CX
	JMP      block512

tail512:
	// 0 ≤ CX < 64 bytes are left: load them under a mask, which reads
	// (and faults on) nothing beyond them.
	MOVQ  $-1, AX
	BZHIQ CX, AX, AX
	KMOVQ AX, K3
	VMOVDQU8.Z (SI), K3, Z0
	VPCMPEQB   Z1, Z0, K3, K1
	VPCMPEQB   Z2, Z0, K3, K2
	KMOVQ      K1, AX
	KMOVQ      K2, BX
	ORQ        BX, R8
	ORQ        BX, AX
	MOVQ       AX, (DI)
	VZEROUPPER
	MOVQ R8, ret+24(FP)
	RET

// func sepMasksAVX2(p *byte, n int, masks *uint64) uint64
TEXT ·sepMasksAVX2(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ masks+16(FP), DI
	MOVL $0x20, AX
	VMOVD AX, X1
	VPBROADCASTB X1, Y1
	MOVL $0x09, AX
	VMOVD AX, X2
	VPBROADCASTB X2, Y2
	XORQ R8, R8

block256:
	CMPQ CX, $64
	JLT  done256
	VMOVDQU  (SI), Y0
	VMOVDQU  32(SI), Y3
	VPCMPEQB Y1, Y0, Y4
	VPCMPEQB Y2, Y0, Y5
	VPCMPEQB Y1, Y3, Y6
	VPCMPEQB Y2, Y3, Y7
	VPMOVMSKB Y5, BX
	VPMOVMSKB Y7, DX
	SHLQ $32, DX
	ORQ  DX, BX
	ORQ  BX, R8
	VPOR Y4, Y5, Y4
	VPOR Y6, Y7, Y6
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y6, DX
	SHLQ $32, DX
	ORQ  DX, AX
	MOVQ AX, (DI)
	ADDQ $64, SI
	ADDQ $8, DI
	SUBQ $64, CX
	JMP  block256

done256:
	VZEROUPPER
	MOVQ R8, ret+24(FP)
	RET

// Byte indices 0..63, compressed by the transition masks into positions.
DATA indices<>+0(SB)/8, $0x0706050403020100
DATA indices<>+8(SB)/8, $0x0f0e0d0c0b0a0908
DATA indices<>+16(SB)/8, $0x1716151413121110
DATA indices<>+24(SB)/8, $0x1f1e1d1c1b1a1918
DATA indices<>+32(SB)/8, $0x2726252423222120
DATA indices<>+40(SB)/8, $0x2f2e2d2c2b2a2928
DATA indices<>+48(SB)/8, $0x3736353433323130
DATA indices<>+56(SB)/8, $0x3f3e3d3c3b3a3938
GLOBL indices<>(SB), RODATA|NOPTR, $64

// func lineVBMI2(p *byte, n int, bounds *uint32, max int) (length, stored, count int, tabs uint64)
//
// Writes the positions of the token boundaries of the line at p (start,
// end, start, end, ...) to bounds, at most max of them, and counts its
// tokens. The line ends at the first newline of the n bytes at p, whose
// offset is length, or, if none of them is one, after the n bytes, and
// length is -1. The newline and the bytes after it count as separators.
// Bytes past p+n are never read. The frame holds the valid bytes of the
// last block (0), a block's boundary count (64) and length (72).
TEXT ·lineVBMI2(SB), NOSPLIT, $80-64
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ bounds+16(FP), DI
	MOVQ max+24(FP), R13
	LINE_CONSTANTS
	XORQ R8, R8   // tabs
	XORQ R9, R9   // base: the offset of the block
	MOVQ $1, R10  // the byte before the block is a separator
	XORQ R11, R11 // bounds stored
	XORQ R12, R12 // tokens counted
	MOVQ $-1, DX
	MOVQ DX, 72(SP)

lblock:
	CMPQ CX, $64
	JLT  llast
	VMOVDQU8 (SI), Z0
	VPCMPEQB Z7, Z0, K4
	VPCMPEQB Z1, Z0, K1
	VPCMPEQB Z2, Z0, K2
	KMOVQ    K4, DX
	KMOVQ    K1, AX
	KMOVQ    K2, BX
	TESTQ    DX, DX
	JNZ      leol
	JMP      lwalk

llast:
	// 0 ≤ CX < 64 bytes are left: load them under a mask, which reads
	// nothing beyond them.
	MOVQ  $-1, DX
	BZHIQ CX, DX, DX
	KMOVQ DX, K3
	MOVQ       DX, 0(SP)
	VMOVDQU8.Z (SI), K3, Z0
	VPCMPEQB   Z7, Z0, K3, K4
	VPCMPEQB   Z1, Z0, K3, K1
	VPCMPEQB   Z2, Z0, K3, K2
	KMOVQ      K1, AX
	KMOVQ      K2, BX
	KMOVQ      K4, DX
	TESTQ      DX, DX
	JNZ        leol
	// No newline: the line ends with the n bytes, and every bit from
	// there on is a separator; length stays -1.
	MOVQ 0(SP), DX
	NOTQ DX
	ORQ  DX, AX
	JMP  lwalk

leol:
	// DX: the block's newlines. The line ends at the first: it and every
	// byte after it are separators, and none is a tab.
	TZCNTQ DX, DX
	MOVQ   R9, CX
	ADDQ   DX, CX
	MOVQ   CX, 72(SP)
	MOVQ   $-1, CX
	BZHIQ  DX, CX, CX
	ANDQ   CX, BX
	ANDQ   CX, AX
	NOTQ   CX
	ORQ    CX, AX
	XORQ   CX, CX // no block after this one

lwalk:
	ORQ     BX, R8
	ORQ     BX, AX       // AX: separators
	MOVQ    AX, BX
	SHLQ    $1, BX
	ORQ     R10, BX      // BX: bit j set when byte j-1 is a separator
	MOVQ    AX, R10
	SHRQ    $63, R10
	MOVQ    AX, DX
	NOTQ    DX
	ANDQ    BX, DX       // token starts
	POPCNTQ DX, DX
	ADDQ    DX, R12
	XORQ    AX, BX       // boundaries
	JZ      lnext
	KMOVQ   BX, K1
	VPCOMPRESSB Z3, K1, Z4 // Z4: the boundaries' offsets in the block, in order
	POPCNTQ BX, BX
	MOVQ    BX, 64(SP)
	VPBROADCASTD R9, Z6
	XORQ    DX, DX       // DX: boundaries of the block done

lgroup:
	MOVQ R13, AX
	SUBQ R11, AX         // room left
	JLE  lnext
	MOVQ 64(SP), BX
	SUBQ DX, BX          // boundaries of the block left
	CMPQ BX, AX
	CMOVQLT BX, AX
	CMPQ AX, $16
	JLE  lstore
	MOVQ $16, AX

lstore:
	// The next 16 offsets are the low bytes of Z4, which then turns by
	// 16 bytes: no trip through memory.
	VPMOVZXBD X4, Z5
	VPADDD    Z6, Z5, Z5
	MOVQ      $-1, BX
	BZHIQ     AX, BX, BX
	KMOVW     BX, K2
	VMOVDQU32 Z5, K2, (DI)(R11*4)
	ADDQ      AX, R11
	ADDQ      $16, DX
	CMPQ      DX, 64(SP)
	JGE       lnext
	VALIGND   $4, Z4, Z4, Z4
	JMP       lgroup

lnext:
	CMPQ CX, $64
	JLT  ldone
	ADDQ $64, SI
	ADDQ $64, R9
	SUBQ $64, CX
	JMP  lblock

ldone:
	VZEROUPPER
	MOVQ 72(SP), AX
	MOVQ AX, length+32(FP)
	MOVQ R11, stored+40(FP)
	MOVQ R12, count+48(FP)
	MOVQ R8, tabs+56(FP)
	RET

// func shortLineVBMI2(p *byte, bounds *uint32) (length, count int, tabs uint64)
//
// Splits the line at p when it ends within 128 bytes, which must all be
// readable: length is the offset of its first newline, and bounds gets
// the boundaries of all its tokens (start, end, start, end, ...), count
// of them, written 16 at a time, unmasked, so that bounds[0:64] may all be
// overwritten. Branch-free but for one test: length is -1 when there is no
// newline in the 128 bytes, or a block holds more than 32 boundaries.
TEXT ·shortLineVBMI2(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ bounds+8(FP), DI
	LINE_CONSTANTS
	VMOVDQU8 (SI), Z0
	VMOVDQU8 64(SI), Z8
	VPCMPEQB Z7, Z0, K1
	VPCMPEQB Z7, Z8, K2
	KMOVQ    K1, R8 // newlines of block 0
	KMOVQ    K2, R9 // and of block 1
	VPCMPEQB Z2, Z0, K3
	VPCMPEQB Z2, Z8, K4
	VPCMPEQB Z1, Z0, K1
	VPCMPEQB Z1, Z8, K2
	KORQ     K3, K1, K1
	KORQ     K4, K2, K2
	KMOVQ    K1, AX // separators of block 0
	KMOVQ    K2, BX // and of block 1
	KMOVQ    K3, CX // tabs of block 0
	KMOVQ    K4, DX // and of block 1

	// R11: the line's length, the offset of the first newline.
	TZCNTQ  R8, R10
	TZCNTQ  R9, R11
	ADDQ    $64, R11
	TESTQ   R8, R8
	CMOVQNE R10, R11
	CMPQ    R11, $128
	JAE     snone

	// R12, R9: the bytes of each block before the newline.
	MOVQ    $-1, R10
	BZHIQ   R11, R10, R12
	MOVQ    R11, R13
	SUBQ    $64, R13
	BZHIQ   R13, R10, R9
	XORQ    R10, R10
	CMPQ    R11, $64
	CMOVQLT R10, R9
	ANDQ    R12, CX
	ANDQ    R9, DX
	ORQ     DX, CX // CX: tabs
	ANDQ    R12, AX
	NOTQ    R12
	ORQ     R12, AX // the newline and all after it are separators
	ANDQ    R9, BX
	NOTQ    R9
	ORQ     R9, BX

	// Token starts and boundaries, as boundsVBMI2 finds them.
	MOVQ    AX, R8
	SHLQ    $1, R8
	ORQ     $1, R8 // bit j: byte j-1 is a separator (the line starts after one)
	MOVQ    AX, R10
	NOTQ    R10
	ANDQ    R8, R10
	POPCNTQ R10, R10 // tokens starting in block 0
	XORQ    AX, R8   // R8: boundaries of block 0
	MOVQ    AX, R12
	SHRQ    $63, R12
	MOVQ    BX, R9
	SHLQ    $1, R9
	ORQ     R12, R9
	MOVQ    BX, R13
	NOTQ    R13
	ANDQ    R9, R13
	POPCNTQ R13, R13
	ADDQ    R13, R10 // R10: tokens
	XORQ    BX, R9   // R9: boundaries of block 1
	POPCNTQ R8, R12
	POPCNTQ R9, R13
	CMPQ    R12, $32
	JA      snone
	CMPQ    R13, $32
	JA      snone

	// The positions of each block's boundaries, compressed, widened to
	// uint32 and stored 16 at a time: block 1's from after block 0's.
	KMOVQ         R8, K1
	VPCOMPRESSB   Z3, K1, Z4
	KMOVQ         R9, K2
	VPCOMPRESSB   Z3, K2, Z5
	VPMOVZXBD     X4, Z6
	VMOVDQU32     Z6, (DI)
	VEXTRACTI32X4 $1, Z4, X9
	VPMOVZXBD     X9, Z6
	VMOVDQU32     Z6, 64(DI)
	MOVL          $64, AX
	VPBROADCASTD  AX, Z10
	VPMOVZXBD     X5, Z6
	VPADDD        Z10, Z6, Z6
	VMOVDQU32     Z6, (DI)(R12*4)
	VEXTRACTI32X4 $1, Z5, X9
	VPMOVZXBD     X9, Z6
	VPADDD        Z10, Z6, Z6
	VMOVDQU32     Z6, 64(DI)(R12*4)
	VZEROUPPER
	MOVQ          R11, length+16(FP)
	MOVQ          R10, count+24(FP)
	MOVQ          CX, tabs+32(FP)
	RET

snone:
	VZEROUPPER
	MOVQ $-1, length+16(FP)
	MOVQ $0, count+24(FP)
	MOVQ $0, tabs+32(FP)
	RET
