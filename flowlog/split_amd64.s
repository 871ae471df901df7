//go:build amd64 && !purego

#include "textflag.h"

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
