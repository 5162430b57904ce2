//go:build amd64 && !purego

#include "textflag.h"

// func gemmKernelAVX2(k int, a *float32, rs, ks int, b *float32, ldb int, c *float32, ldc int)
TEXT ·gemmKernelAVX2(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R9
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R13
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R8
	SHLQ $2, R8
	SHLQ $2, R13
	SHLQ $2, R9
	SHLQ $2, R12
	LEAQ (R9)(R9*2), R10
	LEAQ (R9)(R9*4), R11
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15
gemm_loop:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VBROADCASTSS (SI), Y2
	VFMADD231PS Y0, Y2, Y4
	VFMADD231PS Y1, Y2, Y5
	VBROADCASTSS (SI)(R9*1), Y3
	VFMADD231PS Y0, Y3, Y6
	VFMADD231PS Y1, Y3, Y7
	VBROADCASTSS (SI)(R9*2), Y2
	VFMADD231PS Y0, Y2, Y8
	VFMADD231PS Y1, Y2, Y9
	VBROADCASTSS (SI)(R10*1), Y3
	VFMADD231PS Y0, Y3, Y10
	VFMADD231PS Y1, Y3, Y11
	VBROADCASTSS (SI)(R9*4), Y2
	VFMADD231PS Y0, Y2, Y12
	VFMADD231PS Y1, Y2, Y13
	VBROADCASTSS (SI)(R11*1), Y3
	VFMADD231PS Y0, Y3, Y14
	VFMADD231PS Y1, Y3, Y15
	ADDQ R12, SI
	ADDQ R13, DI
	DECQ CX
	JNZ gemm_loop
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y6, (DX)
	VMOVUPS Y7, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y8, (DX)
	VMOVUPS Y9, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y10, (DX)
	VMOVUPS Y11, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y12, (DX)
	VMOVUPS Y13, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y14, (DX)
	VMOVUPS Y15, 32(DX)
	VZEROUPPER
	RET

// func gemmKernelAVX512(k int, a *float32, rs, ks int, b *float32, ldb int, c *float32, ldc int)
// The 8×32 tile of C in Z16–Z31 (row i in Z(16+2i) and Z(17+2i)); per step
// of k, two ZMM loads of B and eight broadcasts of A, each into two fused
// multiply-adds, in the same order per element as gemmKernelAVX2.
TEXT ·gemmKernelAVX512(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R9
	MOVQ ks+24(FP), R13
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R14
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), BX
	SHLQ $2, BX
	SHLQ $2, R14
	SHLQ $2, R9
	SHLQ $2, R13
	LEAQ (R9)(R9*2), R10
	LEAQ (R9)(R9*4), R11
	LEAQ (R10)(R9*4), R12
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	VPXORD Z24, Z24, Z24
	VPXORD Z25, Z25, Z25
	VPXORD Z26, Z26, Z26
	VPXORD Z27, Z27, Z27
	VPXORD Z28, Z28, Z28
	VPXORD Z29, Z29, Z29
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31
gemm512_loop:
	VMOVUPS (DI), Z0
	VMOVUPS 64(DI), Z1
	VBROADCASTSS (SI), Z2
	VFMADD231PS Z0, Z2, Z16
	VFMADD231PS Z1, Z2, Z17
	VBROADCASTSS (SI)(R9*1), Z3
	VFMADD231PS Z0, Z3, Z18
	VFMADD231PS Z1, Z3, Z19
	VBROADCASTSS (SI)(R9*2), Z2
	VFMADD231PS Z0, Z2, Z20
	VFMADD231PS Z1, Z2, Z21
	VBROADCASTSS (SI)(R10*1), Z3
	VFMADD231PS Z0, Z3, Z22
	VFMADD231PS Z1, Z3, Z23
	VBROADCASTSS (SI)(R9*4), Z2
	VFMADD231PS Z0, Z2, Z24
	VFMADD231PS Z1, Z2, Z25
	VBROADCASTSS (SI)(R11*1), Z3
	VFMADD231PS Z0, Z3, Z26
	VFMADD231PS Z1, Z3, Z27
	VBROADCASTSS (SI)(R10*2), Z2
	VFMADD231PS Z0, Z2, Z28
	VFMADD231PS Z1, Z2, Z29
	VBROADCASTSS (SI)(R12*1), Z3
	VFMADD231PS Z0, Z3, Z30
	VFMADD231PS Z1, Z3, Z31
	ADDQ R13, SI
	ADDQ R14, DI
	DECQ CX
	JNZ gemm512_loop
	VMOVUPS Z16, (DX)
	VMOVUPS Z17, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z18, (DX)
	VMOVUPS Z19, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z20, (DX)
	VMOVUPS Z21, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z22, (DX)
	VMOVUPS Z23, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z24, (DX)
	VMOVUPS Z25, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z26, (DX)
	VMOVUPS Z27, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z28, (DX)
	VMOVUPS Z29, 64(DX)
	ADDQ BX, DX
	VMOVUPS Z30, (DX)
	VMOVUPS Z31, 64(DX)
	VZEROUPPER
	RET

// func reluMaskAVX2(d, a *float32, n int)
// d[i] = 0 where a[i] <= 0 (not where a[i] is NaN); n is a multiple of 8.
TEXT ·reluMaskAVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JZ relu_done
	VXORPS Y15, Y15, Y15
relu_loop:
	VMOVUPS (SI), Y0
	VCMPPS $6, Y15, Y0, Y1 // a NLE_UQ 0: keep d unless a <= 0
	VANDPS (DI), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ relu_loop
	VZEROUPPER
relu_done:
	RET

// func addBiasAVX2(y, bias *float32, rows, cols, ld int, relu bool)
// y[r*ld+j] += bias[j] (then max with 0 when relu) for j < cols, a multiple of 8.
TEXT ·addBiasAVX2(SB), NOSPLIT, $0-41
	MOVQ y+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ rows+16(FP), CX
	MOVQ cols+24(FP), R8
	MOVQ ld+32(FP), R9
	MOVBQZX relu+40(FP), R10
	SHLQ $2, R9
	SHRQ $3, R8
	JZ bias_done
	TESTQ CX, CX
	JZ bias_done
	VXORPS Y15, Y15, Y15
bias_row:
	MOVQ DI, AX
	MOVQ SI, BX
	MOVQ R8, DX
bias_col:
	VMOVUPS (AX), Y0
	VADDPS (BX), Y0, Y0
	TESTQ R10, R10
	JZ bias_store
	VMAXPS Y0, Y15, Y0 // 0 > y ? 0 : y, so NaN stays NaN
bias_store:
	VMOVUPS Y0, (AX)
	ADDQ $32, AX
	ADDQ $32, BX
	DECQ DX
	JNZ bias_col
	ADDQ R9, DI
	DECQ CX
	JNZ bias_row
	VZEROUPPER
bias_done:
	RET

// func sumRowsAVX2(s, m *float32, rows, cols, ld int)
// s[j] = Σ_r m[r*ld+j], rows added in order, for j < cols, a multiple of 8;
// rows ≥ 1.
TEXT ·sumRowsAVX2(SB), NOSPLIT, $0-40
	MOVQ s+0(FP), DI
	MOVQ m+8(FP), SI
	MOVQ rows+16(FP), R10
	MOVQ cols+24(FP), R8
	MOVQ ld+32(FP), R9
	SHLQ $2, R9
sum_strip4:
	CMPQ R8, $32
	JLT sum_strip1
	MOVQ SI, AX
	MOVQ R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
sum_loop4:
	VADDPS (AX), Y0, Y0
	VADDPS 32(AX), Y1, Y1
	VADDPS 64(AX), Y2, Y2
	VADDPS 96(AX), Y3, Y3
	ADDQ R9, AX
	DECQ CX
	JNZ sum_loop4
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $32, R8
	JMP sum_strip4
sum_strip1:
	CMPQ R8, $8
	JLT sum_done
	MOVQ SI, AX
	MOVQ R10, CX
	VXORPS Y0, Y0, Y0
sum_loop1:
	VADDPS (AX), Y0, Y0
	ADDQ R9, AX
	DECQ CX
	JNZ sum_loop1
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $8, R8
	JMP sum_strip1
sum_done:
	VZEROUPPER
	RET

// func adamAVX2(w, grad, grad2, m, v *float32, n int, k *adamConsts)
// One Adam step on n (a multiple of 8) parameters, in the operation order
// of adamGo, without fused multiply-adds, moments below adamTiny in
// magnitude flushed to zero (k holds adamTiny at 32 and the sign-clearing
// mask at 64, eight times each). When grad2 is not nil, grad[i] +=
// grad2[i] first (and is stored).
TEXT ·adamAVX2(SB), NOSPLIT, $0-56
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ grad2+16(FP), R11
	MOVQ m+24(FP), R8
	MOVQ v+32(FP), R9
	MOVQ n+40(FP), CX
	MOVQ k+48(FP), AX
	SHRQ $3, CX
	JZ adam_done
	VBROADCASTSS 0(AX), Y8  // b1
	VBROADCASTSS 4(AX), Y9  // 1-b1
	VBROADCASTSS 8(AX), Y10 // b2
	VBROADCASTSS 12(AX), Y11 // 1-b2
	VBROADCASTSS 16(AX), Y12 // c1
	VBROADCASTSS 20(AX), Y13 // c2
	VBROADCASTSS 24(AX), Y14 // eta
	VBROADCASTSS 28(AX), Y15 // eps
adam_loop:
	VMOVUPS (SI), Y0
	TESTQ R11, R11
	JZ adam_g
	VADDPS (R11), Y0, Y0
	VMOVUPS Y0, (SI)
	ADDQ $32, R11
adam_g:
	VMULPS (R8), Y8, Y1
	VMULPS Y0, Y9, Y2
	VADDPS Y2, Y1, Y1
	VANDPS 64(AX), Y1, Y2     // |m|
	VCMPPS $1, 32(AX), Y2, Y2 // |m| < tiny (false for NaN)
	VANDNPS Y1, Y2, Y1        // m = 0 there
	VMOVUPS Y1, (R8)
	VMULPS Y0, Y0, Y3
	VMULPS Y3, Y11, Y3
	VMULPS (R9), Y10, Y4
	VADDPS Y3, Y4, Y4
	VCMPPS $1, 32(AX), Y4, Y3 // v < tiny
	VANDNPS Y4, Y3, Y4        // v = 0 there
	VMOVUPS Y4, (R9)
	VMULPS Y1, Y12, Y5
	VMULPS Y5, Y14, Y5
	VMULPS Y4, Y13, Y6
	VSQRTPS Y6, Y6
	VADDPS Y15, Y6, Y6
	VDIVPS Y6, Y5, Y5
	VMOVUPS (DI), Y7
	VSUBPS Y5, Y7, Y7
	VMOVUPS Y7, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	DECQ CX
	JNZ adam_loop
	VZEROUPPER
adam_done:
	RET

// func adamBlockAVX2(w, grad, grad2, m, v *float32, ld, cols int, k *adamConsts, wT *float32, ldT int)
// adamAVX2 on eight rows (row stride ld floats) of cols (a multiple of 8)
// columns, in blocks of 8×8. Each block's new weights are stored row by
// row, read back, transposed in registers and stored to wT as eight rows
// of eight: w[r][c] goes to wT[c*ldT+r].
TEXT ·adamBlockAVX2(SB), NOSPLIT, $0-80
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ grad2+16(FP), R11
	MOVQ m+24(FP), R8
	MOVQ v+32(FP), R9
	MOVQ ld+40(FP), DX
	MOVQ cols+48(FP), CX
	MOVQ k+56(FP), AX
	MOVQ wT+64(FP), BX
	MOVQ ldT+72(FP), R13
	SHLQ $2, DX
	SHLQ $2, R13
	SHRQ $3, CX
	JZ block_done
block_loop:
	VBROADCASTSS 0(AX), Y8  // b1
	VBROADCASTSS 4(AX), Y9  // 1-b1
	VBROADCASTSS 8(AX), Y10 // b2
	VBROADCASTSS 12(AX), Y11 // 1-b2
	VBROADCASTSS 16(AX), Y12 // c1
	VBROADCASTSS 20(AX), Y13 // c2
	VBROADCASTSS 24(AX), Y14 // eta
	VBROADCASTSS 28(AX), Y15 // eps
	XORQ R12, R12 // the row's offset
	MOVQ $8, R10
block_row:
	VMOVUPS (SI)(R12*1), Y0
	TESTQ R11, R11
	JZ block_g
	VADDPS (R11)(R12*1), Y0, Y0
	VMOVUPS Y0, (SI)(R12*1)
block_g:
	VMULPS (R8)(R12*1), Y8, Y1
	VMULPS Y0, Y9, Y2
	VADDPS Y2, Y1, Y1
	VANDPS 64(AX), Y1, Y2     // |m|
	VCMPPS $1, 32(AX), Y2, Y2 // |m| < tiny (false for NaN)
	VANDNPS Y1, Y2, Y1        // m = 0 there
	VMOVUPS Y1, (R8)(R12*1)
	VMULPS Y0, Y0, Y3
	VMULPS Y3, Y11, Y3
	VMULPS (R9)(R12*1), Y10, Y4
	VADDPS Y3, Y4, Y4
	VCMPPS $1, 32(AX), Y4, Y3 // v < tiny
	VANDNPS Y4, Y3, Y4        // v = 0 there
	VMOVUPS Y4, (R9)(R12*1)
	VMULPS Y1, Y12, Y5
	VMULPS Y5, Y14, Y5
	VMULPS Y4, Y13, Y6
	VSQRTPS Y6, Y6
	VADDPS Y15, Y6, Y6
	VDIVPS Y6, Y5, Y5
	VMOVUPS (DI)(R12*1), Y7
	VSUBPS Y5, Y7, Y7
	VMOVUPS Y7, (DI)(R12*1)
	ADDQ DX, R12
	DECQ R10
	JNZ block_row
	// The block's eight new rows, transposed into its eight columns.
	MOVQ DI, R12
	VMOVUPS (R12), Y0
	ADDQ DX, R12
	VMOVUPS (R12), Y1
	ADDQ DX, R12
	VMOVUPS (R12), Y2
	ADDQ DX, R12
	VMOVUPS (R12), Y3
	ADDQ DX, R12
	VMOVUPS (R12), Y4
	ADDQ DX, R12
	VMOVUPS (R12), Y5
	ADDQ DX, R12
	VMOVUPS (R12), Y6
	ADDQ DX, R12
	VMOVUPS (R12), Y7
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS $0x44, Y10, Y8, Y0
	VSHUFPS $0xEE, Y10, Y8, Y1
	VSHUFPS $0x44, Y11, Y9, Y2
	VSHUFPS $0xEE, Y11, Y9, Y3
	VSHUFPS $0x44, Y14, Y12, Y4
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15
	MOVQ BX, R12
	VMOVUPS Y8, (R12)
	ADDQ R13, R12
	VMOVUPS Y9, (R12)
	ADDQ R13, R12
	VMOVUPS Y10, (R12)
	ADDQ R13, R12
	VMOVUPS Y11, (R12)
	ADDQ R13, R12
	VMOVUPS Y12, (R12)
	ADDQ R13, R12
	VMOVUPS Y13, (R12)
	ADDQ R13, R12
	VMOVUPS Y14, (R12)
	ADDQ R13, R12
	VMOVUPS Y15, (R12)
	ADDQ R13, R12
	MOVQ R12, BX // wT's rows of the next eight columns
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	TESTQ R11, R11
	JZ block_next
	ADDQ $32, R11
block_next:
	DECQ CX
	JNZ block_loop
	VZEROUPPER
block_done:
	RET
