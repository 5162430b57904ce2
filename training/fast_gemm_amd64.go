//go:build amd64 && !purego

package training

import "golang.org/x/sys/cpu"

// useAVX2 reports whether the assembly kernels can run. Tests switch it
// off to check the portable path against them.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// useAVX512 reports whether the matrix product runs its AVX-512 kernel
// (only with useAVX2, which tests may switch off).
var useAVX512 = useAVX2 && cpu.X86.HasAVX512F

// gemmKernelAVX512 is gemmKernel with AVX-512: the 8×32 tile lives in
// sixteen ZMM registers; each step of k multiplies eight values of A,
// broadcast from memory, into the two ZMM halves of a 32-float row of B.
//
//go:noescape
func gemmKernelAVX512(k int, a *float32, rs, ks int, b *float32, ldb int, c *float32, ldc int)

// gemmKernelAVX2 is gemmKernel with AVX2 and FMA: the 6×16 tile lives in
// twelve YMM registers; each step of k broadcasts six values of A and
// multiplies them into the two YMM halves of a 16-float row of B.
//
//go:noescape
func gemmKernelAVX2(k int, a *float32, rs, ks int, b *float32, ldb int, c *float32, ldc int)

// The elementwise kernels of fast_elem.go; n and cols are multiples of 8.

//go:noescape
func reluMaskAVX2(d, a *float32, n int)

//go:noescape
func addBiasAVX2(y, bias *float32, rows, cols, ld int, relu bool)

//go:noescape
func sumRowsAVX2(s, m *float32, rows, cols, ld int)

//go:noescape
func adamAVX2(w, grad, grad2, m, v *float32, n int, k *adamConsts)

// adamBlockAVX2 is adamAVX2 on eight rows (row stride ld) of cols columns
// (a multiple of 8) that also stores each new w[r][c] to wT[c*ldT+r],
// transposing blocks of 8×8 in registers.
//
//go:noescape
func adamBlockAVX2(w, grad, grad2, m, v *float32, ld, cols int, k *adamConsts, wT *float32, ldT int)
