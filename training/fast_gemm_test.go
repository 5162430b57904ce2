package training

import (
	"fmt"
	"math"
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

// TestGemm checks the matrix product, with the assembly kernel and with the
// portable one, against float64 arithmetic, for every transposition and
// shapes that are and are not multiples of the tile.
func TestGemm(t *testing.T) {
	kernels := []bool{false}
	if useAVX2 {
		kernels = append(kernels, true)
	}
	defer func(v bool) { useAVX2 = v }(useAVX2)
	r := game.SplitMix64{State: 3}
	rnd := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(int64(r.Next()%2001)-1000) / 1000
		}
		return v
	}
	var g gemm
	for _, simd := range kernels {
		useAVX2 = simd
		for _, sh := range [][3]int{{1, 1, 1}, {6, 16, 1}, {7, 17, 5}, {37, 128, 64}, {64, 16, 128}, {256, 128, 128}, {13, 50, 33}} {
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
					want := refMul(ta, tb, m, n, k, a, lda, b, ldb)
					for i := 0; i < m; i++ {
						for j := 0; j < n+ldc; j++ {
							got := float64(c[i*(n+ldc)+j])
							if j >= n {
								if got != 42 {
									t.Fatalf("simd %v %v: c[%d][%d] outside the product written", simd, sh, i, j)
								}
								continue
							}
							if w := want[i*n+j]; math.Abs(got-w) > 1e-5*(1+float64(k)) {
								t.Fatalf("simd %v %v trans %v %v: c[%d][%d] = %g, want %g", simd, sh, ta, tb, i, j, got, w)
							}
						}
					}
				}
			}
		}
	}
}

func BenchmarkGemm(b *testing.B) {
	for _, s := range [][5]int{{256, 128, 64, 0, 1}, {256, 128, 128, 0, 1}, {256, 16, 128, 0, 1}, {128, 128, 256, 1, 0}, {256, 128, 16, 0, 0}} {
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
		b.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(b *testing.B) {
			for b.Loop() {
				g.mul(ta, tb, m, n, k, a, lda, bb, ldb, c, n)
			}
			b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
