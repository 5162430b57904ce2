package training

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// refMul is op(A)·op(B) in float64.
func refMul(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int) []float64 {
	c := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
			}
			c[i*n+j] = s
		}
	}
	return c
}

// gemmKernels lists the micro-kernels this CPU runs, the portable one
// first; use switches to one of them (restore with the returned func).
func gemmKernels() (names []string, use func(string), restore func()) {
	avx2, avx512 := useAVX2, useAVX512
	names = []string{"go"}
	if avx2 {
		names = append(names, "avx2")
	}
	if avx2 && avx512 {
		names = append(names, "avx512")
	}
	use = func(name string) {
		useAVX2 = name != "go" && avx2
		useAVX512 = name == "avx512" && avx512
	}
	return names, use, func() { useAVX2, useAVX512 = avx2, avx512 }
}

// TestGemm checks the matrix product, with each assembly kernel and with
// the portable one, against float64 arithmetic, for every transposition and
// shapes that are and are not multiples of the tiles; and that the AVX2 and
// AVX-512 kernels give the same bits.
func TestGemm(t *testing.T) {
	kernels, use, restore := gemmKernels()
	defer restore()
	r := game.SplitMix64{State: 3}
	rnd := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(int64(r.Next()%2001)-1000) / 1000
		}
		return v
	}
	var g gemm
	simdResults := map[string][]float32{}
	for _, simd := range kernels {
		use(simd)
		r = game.SplitMix64{State: 3} // the same operands for every kernel
		for _, sh := range [][3]int{{1, 1, 1}, {6, 16, 1}, {7, 17, 5}, {8, 32, 3}, {37, 128, 64}, {64, 16, 128}, {256, 128, 128}, {13, 50, 33}, {41, 70, 9}} {
			m, n, k := sh[0], sh[1], sh[2]
			for _, ta := range []bool{false, true} {
				for _, tb := range []bool{false, true} {
					a, b := rnd(m*k), rnd(k*n)
					lda, ldb := k, n
					if ta {
						lda = m
					}
					if tb {
						ldb = k
					}
					const ldc = 3 // extra columns must be left alone
					c := make([]float32, m*(n+ldc))
					for i := range c {
						c[i] = 42
					}
					g.mul(ta, tb, m, n, k, a, lda, b, ldb, c, n+ldc)
					if simd != "go" {
						key := fmt.Sprint(sh, ta, tb)
						if prev, ok := simdResults[key]; ok && !slices.Equal(prev, c) {
							t.Errorf("%v trans %v %v: the AVX2 and AVX-512 kernels give different bits", sh, ta, tb)
						}
						simdResults[key] = slices.Clone(c)
					}
					want := refMul(ta, tb, m, n, k, a, lda, b, ldb)
					for i := 0; i < m; i++ {
						for j := 0; j < n+ldc; j++ {
							got := float64(c[i*(n+ldc)+j])
							if j >= n {
								if got != 42 {
									t.Fatalf("%s %v: c[%d][%d] outside the product written", simd, sh, i, j)
								}
								continue
							}
							if w := want[i*n+j]; math.Abs(got-w) > 1e-5*(1+float64(k)) {
								t.Fatalf("%s %v trans %v %v: c[%d][%d] = %g, want %g", simd, sh, ta, tb, i, j, got, w)
							}
						}
					}
				}
			}
		}
	}
}

// BenchmarkGemm times the matrix product on the shapes of a sage training
// step (forward, weight gradient, input gradient, at a batch part of 32 and
// an evaluation chunk of 128 rows) with each kernel this CPU runs.
func BenchmarkGemm(b *testing.B) {
	kernels, use, restore := gemmKernels()
	defer restore()
	for _, s := range [][5]int{{32, 128, 64, 0, 0}, {32, 128, 128, 0, 0}, {32, 16, 128, 0, 0}, {128, 128, 32, 1, 0}, {32, 128, 128, 0, 0}, {128, 128, 128, 0, 0}, {256, 128, 64, 0, 1}} {
		m, n, k, ta, tb := s[0], s[1], s[2], s[3] == 1, s[4] == 1
		a, bb, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		lda, ldb := k, n
		if ta {
			lda = m
		}
		if tb {
			ldb = k
		}
		var g gemm
		for _, kern := range kernels {
			b.Run(fmt.Sprintf("%dx%dx%d-T%v%v/%s", m, n, k, s[3], s[4], kern), func(b *testing.B) {
				use(kern)
				for b.Loop() {
					g.mul(ta, tb, m, n, k, a, lda, bb, ldb, c, n)
				}
				b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
