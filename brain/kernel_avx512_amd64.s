//go:build amd64 && !purego

#include "textflag.h"

// The AVX-512 kernels: VPDPWSSD (AVX-512 VNNI) row sums and AVX-512F
// requantisation. Each pair k of the loops loads its index p = idx[k],
// broadcasts the activation pair x[p] and adds, for every row of the chunk,
// w(p)[r]·x[p] (two int16 products) to the row's int32 sum.

// func dp128(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)
TEXT ·dp128(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ wstride+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ idx+32(FP), R10
	MOVQ n+40(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	TESTQ CX, CX
	JZ dp128_done
dp128_loop:
	MOVLQSX (R10), AX
	VPBROADCASTD (R9)(AX*4), Z8
	IMULQ R8, AX
	ADDQ SI, AX
	VPDPWSSD 0(AX), Z8, Z0
	VPDPWSSD 64(AX), Z8, Z1
	VPDPWSSD 128(AX), Z8, Z2
	VPDPWSSD 192(AX), Z8, Z3
	VPDPWSSD 256(AX), Z8, Z4
	VPDPWSSD 320(AX), Z8, Z5
	VPDPWSSD 384(AX), Z8, Z6
	VPDPWSSD 448(AX), Z8, Z7
	ADDQ $4, R10
	DECQ CX
	JNZ dp128_loop
dp128_done:
	VMOVDQU32 Z0, 0(DI)
	VMOVDQU32 Z1, 64(DI)
	VMOVDQU32 Z2, 128(DI)
	VMOVDQU32 Z3, 192(DI)
	VMOVDQU32 Z4, 256(DI)
	VMOVDQU32 Z5, 320(DI)
	VMOVDQU32 Z6, 384(DI)
	VMOVDQU32 Z7, 448(DI)
	VZEROUPPER
	RET

// func dp64(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)
// Two pairs a step into two sets of sums, to hide VPDPWSSD's latency.
TEXT ·dp64(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ wstride+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ idx+32(FP), R10
	MOVQ n+40(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	CMPQ CX, $2
	JB dp64_tail
dp64_loop2:
	MOVLQSX (R10), AX
	MOVLQSX 4(R10), BX
	VPBROADCASTD (R9)(AX*4), Z8
	VPBROADCASTD (R9)(BX*4), Z9
	IMULQ R8, AX
	IMULQ R8, BX
	ADDQ SI, AX
	ADDQ SI, BX
	VPDPWSSD 0(AX), Z8, Z0
	VPDPWSSD 64(AX), Z8, Z1
	VPDPWSSD 128(AX), Z8, Z2
	VPDPWSSD 192(AX), Z8, Z3
	VPDPWSSD 0(BX), Z9, Z4
	VPDPWSSD 64(BX), Z9, Z5
	VPDPWSSD 128(BX), Z9, Z6
	VPDPWSSD 192(BX), Z9, Z7
	ADDQ $8, R10
	SUBQ $2, CX
	CMPQ CX, $2
	JAE dp64_loop2
dp64_tail:
	TESTQ CX, CX
	JZ dp64_done
	MOVLQSX (R10), AX
	VPBROADCASTD (R9)(AX*4), Z8
	IMULQ R8, AX
	ADDQ SI, AX
	VPDPWSSD 0(AX), Z8, Z0
	VPDPWSSD 64(AX), Z8, Z1
	VPDPWSSD 128(AX), Z8, Z2
	VPDPWSSD 192(AX), Z8, Z3
dp64_done:
	VPADDD Z4, Z0, Z0
	VPADDD Z5, Z1, Z1
	VPADDD Z6, Z2, Z2
	VPADDD Z7, Z3, Z3
	VMOVDQU32 Z0, 0(DI)
	VMOVDQU32 Z1, 64(DI)
	VMOVDQU32 Z2, 128(DI)
	VMOVDQU32 Z3, 192(DI)
	VZEROUPPER
	RET

// func dp16(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)
// Four pairs a step into four sets of sums, to hide VPDPWSSD's latency.
TEXT ·dp16(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ wstride+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ idx+32(FP), R10
	MOVQ n+40(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	CMPQ CX, $4
	JB dp16_tail
dp16_loop4:
	MOVLQSX (R10), AX
	MOVLQSX 4(R10), BX
	MOVLQSX 8(R10), DX
	MOVLQSX 12(R10), R11
	VPBROADCASTD (R9)(AX*4), Z4
	VPBROADCASTD (R9)(BX*4), Z5
	VPBROADCASTD (R9)(DX*4), Z6
	VPBROADCASTD (R9)(R11*4), Z7
	IMULQ R8, AX
	IMULQ R8, BX
	IMULQ R8, DX
	IMULQ R8, R11
	VPDPWSSD (SI)(AX*1), Z4, Z0
	VPDPWSSD (SI)(BX*1), Z5, Z1
	VPDPWSSD (SI)(DX*1), Z6, Z2
	VPDPWSSD (SI)(R11*1), Z7, Z3
	ADDQ $16, R10
	SUBQ $4, CX
	CMPQ CX, $4
	JAE dp16_loop4
dp16_tail:
	TESTQ CX, CX
	JZ dp16_done
dp16_loop1:
	MOVLQSX (R10), AX
	VPBROADCASTD (R9)(AX*4), Z4
	IMULQ R8, AX
	VPDPWSSD (SI)(AX*1), Z4, Z0
	ADDQ $4, R10
	DECQ CX
	JNZ dp16_loop1
dp16_done:
	VPADDD Z1, Z0, Z0
	VPADDD Z3, Z2, Z2
	VPADDD Z2, Z0, Z0
	VMOVDQU32 Z0, (DI)
	VZEROUPPER
	RET

// func requantAVX512(z *int64, acc *int32, mult *int64, k *int64, bias *int64, n int, base int, relu bool) uint64
// Eight rows a step. With s = min(k+base, 63) (unsigned, so a negative
// shift of an all-zero row becomes 63 too) and t = mult·acc,
// z = ((t + 2^(s-1)) >> s) + bias, an arithmetic shift; 2^(s-1) is 0 when
// s = 0. ReLU is a maximum with 0 (without ReLU, with MinInt64).
TEXT ·requantAVX512(SB), NOSPLIT, $0-72
	MOVQ z+0(FP), DI
	MOVQ acc+8(FP), SI
	MOVQ mult+16(FP), R8
	MOVQ k+24(FP), R9
	MOVQ bias+32(FP), R10
	MOVQ n+40(FP), CX
	VPBROADCASTQ base+48(FP), Z10
	MOVBQZX relu+56(FP), AX
	DECQ AX
	SHLQ $63, AX // 0 with ReLU, MinInt64 without
	VPBROADCASTQ AX, Z11
	MOVQ $1, AX
	VPBROADCASTQ AX, Z12
	MOVQ $63, AX
	VPBROADCASTQ AX, Z13
	MOVQ $-1, AX
	VPBROADCASTQ AX, Z14
	VPXORQ Z9, Z9, Z9 // OR of the results
	XORQ BX, BX
	TESTQ CX, CX
	JZ requant512_done
requant512_loop:
	VPMOVSXDQ (SI)(BX*4), Z0
	VPMULDQ (R8)(BX*8), Z0, Z0 // t
	VPADDQ (R9)(BX*8), Z10, Z1
	VPMINUQ Z13, Z1, Z1 // s
	VPADDQ Z14, Z1, Z2
	VPSLLVQ Z2, Z12, Z2 // 2^(s-1), 0 when s = 0
	VPADDQ Z2, Z0, Z0
	VPSRAVQ Z1, Z0, Z0
	VPADDQ (R10)(BX*8), Z0, Z0
	VPMAXSQ Z11, Z0, Z0
	VPORQ Z0, Z9, Z9
	VMOVDQU64 Z0, (DI)(BX*8)
	ADDQ $8, BX
	CMPQ BX, CX
	JB requant512_loop
requant512_done:
	VEXTRACTI64X4 $1, Z9, Y0
	VPOR Y0, Y9, Y9
	VEXTRACTI128 $1, Y9, X0
	VPOR X0, X9, X9
	VPSHUFD $0x4e, X9, X0
	VPOR X0, X9, X9
	VMOVQ X9, AX
	MOVQ AX, ret+64(FP)
	VZEROUPPER
	RET
