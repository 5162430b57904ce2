//go:build amd64 && !purego

#include "textflag.h"

// REQUANT2 sets Y0 to the pre-activations of rows BX to BX+3 (see
// requantAVX2).
#define REQUANT2 \
	VPMOVSXDQ (SI)(BX*4), Y0; \
	VPMULDQ (R8)(BX*8), Y0, Y0; \
	VPADDQ (R9)(BX*8), Y10, Y1; \
	VPADDQ Y14, Y1, Y2; \
	VPSLLVQ Y2, Y12, Y2; \
	VPADDQ Y2, Y0, Y0; \
	VPXOR Y13, Y0, Y0; \
	VPSRLVQ Y1, Y0, Y0; \
	VPSRLVQ Y1, Y13, Y3; \
	VPSUBQ Y3, Y0, Y0; \
	VPADDQ (R10)(BX*8), Y0, Y0

// NONZERO appends to the list at R12 (length DX) the indices of the
// non-zero pairs among the eight in Y0, branch-free: their mask selects,
// in pairLUT (at R11), their positions, which are widened, offset by the
// step's first index (Y9, every lane) and stored, all eight lanes; the
// length grows by the mask's population. Y14 holds 8 in every lane, Y15
// zero. Clobbers AX, Y4 and Y5.
#define NONZERO \
	VPCMPEQD Y0, Y15, Y4; \
	VMOVMSKPS Y4, AX; \
	XORL $0xff, AX; \
	VMOVQ (R11)(AX*8), X5; \
	VPMOVZXBD X5, Y5; \
	VPADDD Y9, Y5, Y5; \
	VMOVDQU Y5, (R12)(DX*4); \
	POPCNTL AX, AX; \
	ADDQ AX, DX; \
	VPADDD Y14, Y9, Y9

// NONZERO_INIT sets up NONZERO's registers for the list nz+8(FP).
#define NONZERO_INIT \
	MOVQ nz+8(FP), R12; \
	LEAQ ·pairLUT(SB), R11; \
	VPXOR Y9, Y9, Y9; \
	MOVQ $8, AX; \
	VMOVQ AX, X14; \
	VPBROADCASTD X14, Y14; \
	VPXOR Y15, Y15, Y15; \
	XORQ DX, DX

// func madd64(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)
// Two pairs a step, their products added before the sums.
TEXT ·madd64(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ wstride+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ idx+32(FP), R10
	MOVQ n+40(FP), CX
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7
	CMPQ CX, $2
	JB madd64_tail
madd64_loop2:
	MOVLQSX (R10), AX
	MOVLQSX 4(R10), BX
	VPBROADCASTD (R9)(AX*4), Y8
	VPBROADCASTD (R9)(BX*4), Y10
	IMULQ R8, AX
	IMULQ R8, BX
	ADDQ SI, AX
	ADDQ SI, BX
	VPMADDWD 0(AX), Y8, Y9
	VPMADDWD 0(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y0, Y0
	VPMADDWD 32(AX), Y8, Y9
	VPMADDWD 32(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y1, Y1
	VPMADDWD 64(AX), Y8, Y9
	VPMADDWD 64(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y2, Y2
	VPMADDWD 96(AX), Y8, Y9
	VPMADDWD 96(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y3, Y3
	VPMADDWD 128(AX), Y8, Y9
	VPMADDWD 128(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y4, Y4
	VPMADDWD 160(AX), Y8, Y9
	VPMADDWD 160(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y5, Y5
	VPMADDWD 192(AX), Y8, Y9
	VPMADDWD 192(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y6, Y6
	VPMADDWD 224(AX), Y8, Y9
	VPMADDWD 224(BX), Y10, Y11
	VPADDD Y11, Y9, Y9
	VPADDD Y9, Y7, Y7
	ADDQ $8, R10
	SUBQ $2, CX
	CMPQ CX, $2
	JAE madd64_loop2
madd64_tail:
	TESTQ CX, CX
	JZ madd64_done
	MOVLQSX (R10), AX
	VPBROADCASTD (R9)(AX*4), Y8
	IMULQ R8, AX
	ADDQ SI, AX
	VPMADDWD 0(AX), Y8, Y9
	VPADDD Y9, Y0, Y0
	VPMADDWD 32(AX), Y8, Y9
	VPADDD Y9, Y1, Y1
	VPMADDWD 64(AX), Y8, Y9
	VPADDD Y9, Y2, Y2
	VPMADDWD 96(AX), Y8, Y9
	VPADDD Y9, Y3, Y3
	VPMADDWD 128(AX), Y8, Y9
	VPADDD Y9, Y4, Y4
	VPMADDWD 160(AX), Y8, Y9
	VPADDD Y9, Y5, Y5
	VPMADDWD 192(AX), Y8, Y9
	VPADDD Y9, Y6, Y6
	VPMADDWD 224(AX), Y8, Y9
	VPADDD Y9, Y7, Y7
madd64_done:
	VMOVDQU Y0, 0(DI)
	VMOVDQU Y1, 32(DI)
	VMOVDQU Y2, 64(DI)
	VMOVDQU Y3, 96(DI)
	VMOVDQU Y4, 128(DI)
	VMOVDQU Y5, 160(DI)
	VMOVDQU Y6, 192(DI)
	VMOVDQU Y7, 224(DI)
	VZEROUPPER
	RET

// func madd16(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)
TEXT ·madd16(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ wstride+16(FP), R8
	MOVQ x+24(FP), R9
	MOVQ idx+32(FP), R10
	MOVQ n+40(FP), CX
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	TESTQ CX, CX
	JZ madd16_done
madd16_loop:
	MOVLQSX (R10), AX
	VPBROADCASTD (R9)(AX*4), Y8
	IMULQ R8, AX
	ADDQ SI, AX
	VPMADDWD 0(AX), Y8, Y9
	VPADDD Y9, Y0, Y0
	VPMADDWD 32(AX), Y8, Y9
	VPADDD Y9, Y1, Y1
	ADDQ $4, R10
	DECQ CX
	JNZ madd16_loop
madd16_done:
	VMOVDQU Y0, 0(DI)
	VMOVDQU Y1, 32(DI)
	VZEROUPPER
	RET

// func requantAVX2(z *int64, acc *int32, mult *int64, k *int64, bias *int64, n int, base int, relu bool) uint64
// Four rows a step. With s = k+base and t = mult·acc (VPMULDQ: int32 ×
// int32 → int64), z = ((t + 2^(s-1) + 2^63) >>> s) - (2^63 >>> s) + bias,
// where VPSLLVQ and VPSRLVQ give 0 for shifts of 64 or more (and for
// s-1 = -1). See Policy for why that is round half up. ReLU is a mask
// (z > 0).
TEXT ·requantAVX2(SB), NOSPLIT, $0-72
	MOVQ z+0(FP), DI
	MOVQ acc+8(FP), SI
	MOVQ mult+16(FP), R8
	MOVQ k+24(FP), R9
	MOVQ bias+32(FP), R10
	MOVQ n+40(FP), CX
	VPBROADCASTQ base+48(FP), Y10
	MOVQ $1, AX
	VMOVQ AX, X12
	VPBROADCASTQ X12, Y12
	MOVQ $0x8000000000000000, AX
	VMOVQ AX, X13
	VPBROADCASTQ X13, Y13
	VPCMPEQQ Y14, Y14, Y14 // -1
	VPXOR Y15, Y15, Y15
	VPXOR Y9, Y9, Y9 // OR of the results
	XORQ BX, BX
	TESTQ CX, CX
	JZ requant2_done
	CMPB relu+56(FP), $0
	JNE requant2_relu
requant2_linear:
	REQUANT2
	VMOVDQU Y0, (DI)(BX*8)
	ADDQ $4, BX
	CMPQ BX, CX
	JB requant2_linear
	JMP requant2_done
requant2_relu:
	REQUANT2
	VPCMPGTQ Y15, Y0, Y4
	VPAND Y4, Y0, Y0
	VPOR Y0, Y9, Y9
	VMOVDQU Y0, (DI)(BX*8)
	ADDQ $4, BX
	CMPQ BX, CX
	JB requant2_relu
requant2_done:
	VEXTRACTI128 $1, Y9, X0
	VPOR X0, X9, X9
	VPSHUFD $0x4e, X9, X0
	VPOR X0, X9, X9
	VMOVQ X9, AX
	MOVQ AX, ret+64(FP)
	VZEROUPPER
	RET

// func orAbs32(v *int32, n int) uint32
TEXT ·orAbs32(SB), NOSPLIT, $0-20
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VPXOR Y9, Y9, Y9
	TESTQ CX, CX
	JZ orabs_done
orabs_loop:
	VPABSD (SI), Y0 // |MinInt32| is 0x80000000: right as a uint32
	VPOR Y0, Y9, Y9
	ADDQ $32, SI
	SUBQ $8, CX
	JA orabs_loop
orabs_done:
	VEXTRACTI128 $1, Y9, X0
	VPOR X0, X9, X9
	VPSHUFD $0x4e, X9, X0
	VPOR X0, X9, X9
	VPSHUFD $0xb1, X9, X0
	VPOR X0, X9, X9
	VMOVD X9, AX
	MOVL AX, ret+16(FP)
	VZEROUPPER
	RET

// func packInput(xp *uint32, nz *int32, v *int32, n int, sh int) int
// Sixteen values a step: round(v·2^-sh) = (v >> sh) + (bit sh-1 of v),
// exact in 32 bits; VPACKSSDW packs within 128-bit lanes and VPERMQ puts
// the pairs back in order. Then the non-zero pairs are listed.
TEXT ·packInput(SB), NOSPLIT, $0-48
	NONZERO_INIT
	MOVQ xp+0(FP), DI
	MOVQ v+16(FP), SI
	MOVQ n+24(FP), CX
	MOVQ sh+32(FP), BX
	VMOVQ BX, X10
	LEAQ -1(BX), AX
	VMOVQ AX, X11
	NEGQ BX
	SHRQ $63, BX // 1 when sh > 0: round; 0 when sh = 0
	VMOVQ BX, X12
	VPBROADCASTD X12, Y12
	TESTQ CX, CX
	JZ packin_done
packin_loop:
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	VPSRAD X11, Y0, Y2
	VPAND Y12, Y2, Y2
	VPSRAD X10, Y0, Y0
	VPADDD Y2, Y0, Y0
	VPSRAD X11, Y1, Y3
	VPAND Y12, Y3, Y3
	VPSRAD X10, Y1, Y1
	VPADDD Y3, Y1, Y1
	VPACKSSDW Y1, Y0, Y0
	VPERMQ $0xd8, Y0, Y0
	VMOVDQU Y0, (DI)
	NONZERO
	ADDQ $64, SI
	ADDQ $32, DI
	SUBQ $16, CX
	JA packin_loop
packin_done:
	MOVQ DX, ret+40(FP)
	VZEROUPPER
	RET

// pairOrder undoes the lane interleaving of two rounds of VPACKUSDW.
DATA pairOrder<>+0(SB)/4, $0
DATA pairOrder<>+4(SB)/4, $4
DATA pairOrder<>+8(SB)/4, $1
DATA pairOrder<>+12(SB)/4, $5
DATA pairOrder<>+16(SB)/4, $2
DATA pairOrder<>+20(SB)/4, $6
DATA pairOrder<>+24(SB)/4, $3
DATA pairOrder<>+28(SB)/4, $7
GLOBL pairOrder<>(SB), RODATA|NOPTR, $32

// func packHidden(xp *uint32, nz *int32, z *int64, n int, sh int) int
// Sixteen values a step: (z + 2^(sh-1)) >>> sh (2^(sh-1) is 0 when sh = 0),
// narrowed to int16 by two rounds of VPACKUSDW (the values are small and
// non-negative, so nothing saturates) and VPERMD. Then the non-zero pairs
// are listed.
TEXT ·packHidden(SB), NOSPLIT, $0-48
	NONZERO_INIT
	MOVQ xp+0(FP), DI
	MOVQ z+16(FP), SI
	MOVQ n+24(FP), CX
	MOVQ sh+32(FP), BX
	VMOVQ BX, X10
	DECQ BX
	VMOVQ BX, X11
	MOVQ $1, BX
	VMOVQ BX, X12
	VPBROADCASTQ X12, Y12
	VPSLLQ X11, Y12, Y12 // 2^(sh-1), 0 when sh = 0
	VMOVDQU pairOrder<>(SB), Y13
	TESTQ CX, CX
	JZ packhid_done
packhid_loop:
	VPADDQ (SI), Y12, Y0
	VPADDQ 32(SI), Y12, Y1
	VPADDQ 64(SI), Y12, Y2
	VPADDQ 96(SI), Y12, Y3
	VPSRLQ X10, Y0, Y0
	VPSRLQ X10, Y1, Y1
	VPSRLQ X10, Y2, Y2
	VPSRLQ X10, Y3, Y3
	VPACKUSDW Y1, Y0, Y0
	VPACKUSDW Y3, Y2, Y2
	VPACKUSDW Y2, Y0, Y0
	VPERMD Y0, Y13, Y0
	VMOVDQU Y0, (DI)
	NONZERO
	ADDQ $128, SI
	ADDQ $32, DI
	SUBQ $16, CX
	JA packhid_loop
packhid_done:
	MOVQ DX, ret+40(FP)
	VZEROUPPER
	RET
