//go:build amd64 && !purego

#include "textflag.h"

DATA expc<>+0(SB)/4, $-87.3
DATA expc<>+4(SB)/4, $88.0
DATA expc<>+8(SB)/4, $1.44269504088896341
DATA expc<>+12(SB)/4, $12582912.0
DATA expc<>+16(SB)/4, $0.693145751953125
DATA expc<>+20(SB)/4, $1.42860682030941723212e-6
DATA expc<>+24(SB)/4, $0.001388888888888889
DATA expc<>+28(SB)/4, $0.008333333333333333
DATA expc<>+32(SB)/4, $0.041666666666666664
DATA expc<>+36(SB)/4, $0.16666666666666666
DATA expc<>+40(SB)/4, $0.5
DATA expc<>+44(SB)/4, $1.0
DATA expc<>+48(SB)/4, $0x4b3fff81
GLOBL expc<>(SB), RODATA|NOPTR, $52

// func expShift8(x *float32, n int, shift float32)
// x[i] = e^(x[i] - shift) for i < n, n a multiple of 8: expf32's
// algorithm on eight lanes (the polynomial through FMA).
TEXT ·expShift8(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS shift+16(FP), Y15
	VBROADCASTSS expc<>+0(SB), Y14
	VBROADCASTSS expc<>+4(SB), Y13
	VBROADCASTSS expc<>+8(SB), Y12
	VBROADCASTSS expc<>+12(SB), Y11
	VBROADCASTSS expc<>+16(SB), Y10
	VBROADCASTSS expc<>+20(SB), Y9
	VPBROADCASTD expc<>+48(SB), Y8
	SHRQ $3, CX
	JZ done
loop:
	VMOVUPS (SI), Y0
	VSUBPS Y15, Y0, Y0
	VMAXPS Y14, Y0, Y0
	VMINPS Y13, Y0, Y0
	VMOVAPS Y11, Y1
	VFMADD231PS Y12, Y0, Y1 // t = x·log2e + shifter
	VSUBPS Y11, Y1, Y2      // n = t − shifter
	VFNMADD231PS Y10, Y2, Y0 // r = x − n·ln2hi
	VFNMADD231PS Y9, Y2, Y0  // r −= n·ln2lo
	VBROADCASTSS expc<>+24(SB), Y3
	VBROADCASTSS expc<>+28(SB), Y4
	VFMADD213PS Y4, Y0, Y3 // p = p·r + c
	VBROADCASTSS expc<>+32(SB), Y4
	VFMADD213PS Y4, Y0, Y3
	VBROADCASTSS expc<>+36(SB), Y4
	VFMADD213PS Y4, Y0, Y3
	VBROADCASTSS expc<>+40(SB), Y4
	VFMADD213PS Y4, Y0, Y3
	VBROADCASTSS expc<>+44(SB), Y4
	VFMADD213PS Y4, Y0, Y3
	VFMADD213PS Y4, Y0, Y3
	VPSUBD Y8, Y1, Y1 // bits(t) − 0x4b400000 + 127
	VPSLLD $23, Y1, Y1
	VMULPS Y1, Y3, Y3
	VMOVUPS Y3, (SI)
	ADDQ $32, SI
	DECQ CX
	JNZ loop
done:
	VZEROUPPER
	RET
