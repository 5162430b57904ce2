//go:build amd64 && !purego

package brain

import "golang.org/x/sys/cpu"

// haveSIMD reports whether the AVX2 kernels below can run. Tests switch it
// off to check the portable path against them.
var haveSIMD = cpu.X86.HasAVX2

// madd64 and madd16 compute, for a chunk of 64 (16) rows, the exact int32
// row sums acc[r] = Σ_k pairs(w, idx[k])[r] · x[idx[k]], where w holds, for
// column pair p, at byte offset p·wstride, one (int16, int16) weight pair
// per row, and x[p] packs the pair's two int16 activations. It is
// VPMADDWD + VPADDD (AVX2); the sums are exact integers, so they equal the
// portable path's bit for bit.
//
//go:noescape
func madd64(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)

//go:noescape
func madd16(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)
