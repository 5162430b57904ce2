package training

import (
	"math"
	"slices"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// TestElementwiseKernels holds the AVX2 elementwise kernels to the portable
// Go ones, bit for bit, on lengths with and without a tail.
func TestElementwiseKernels(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 here")
	}
	defer func(v bool) { useAVX2 = v }(useAVX2)
	r := game.SplitMix64{State: 11}
	rnd := func(n int, scale float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = scale * float32(int64(r.Next()%2001)-1000) / 1000
		}
		return v
	}
	both := func(f func() []float32) (simd, portable []float32) {
		useAVX2 = true
		simd = f()
		useAVX2 = false
		portable = f()
		return simd, portable
	}
	for _, w := range []int{1, 7, 8, 16, 37, 128} {
		rows := 5
		y, bias, a := rnd(rows*w, 1), rnd(w, 1), rnd(rows*w, 1)
		for _, relu := range []bool{false, true} {
			s, p := both(func() []float32 { c := slices.Clone(y); addBias(c, bias, relu); return c })
			if !slices.Equal(s, p) {
				t.Errorf("addBias width %d relu %v: %v vs %v", w, relu, s, p)
			}
		}
		s, p := both(func() []float32 { c := make([]float32, w); sumRows(c, y); return c })
		if !slices.Equal(s, p) {
			t.Errorf("sumRows width %d: %v vs %v", w, s, p)
		}
		s, p = both(func() []float32 { c := slices.Clone(y); reluMask(c, a); return c })
		if !slices.Equal(s, p) {
			t.Errorf("reluMask width %d: %v vs %v", w, s, p)
		}
		// Adam on a matrix of 21 rows: the block kernel's eight-row bands
		// and a remainder.
		const arows = 21
		k := newAdamConsts(3, 1e-3)
		w0, g, g2, m, v := rnd(arows*w, 1), rnd(arows*w, 1e-3), rnd(arows*w, 1e-3), rnd(arows*w, 1e-4), rnd(arows*w, 1e-6)
		for i := range v {
			v[i] = float32(math.Abs(float64(v[i])))
			if i%3 == 0 { // moments about to be flushed, and a zero gradient
				m[i] = float32(i%5-2) * adamTiny * 1.5
				v[i] = float32(i%4) * adamTiny
				g[i] = 0
			}
		}
		for _, second := range [][]float32{nil, g2} {
			for _, transposed := range []bool{false, true} {
				s, p = both(func() []float32 {
					ww, gg, mm, vv := slices.Clone(w0), slices.Clone(g), slices.Clone(m), slices.Clone(v)
					var wT []float32
					if transposed {
						// The weights as an arows×w matrix, updated by
						// adamWeights, its transpose kept in wT (with a
						// row stride of arows+2, as for a band of rows).
						ld := arows + 2
						wT = make([]float32, w*ld)
						adamWeights(ww, gg, second, mm, vv, arows, w, &k, wT, ld)
						for r := 0; r < arows; r++ {
							for c := 0; c < w; c++ {
								if wT[c*ld+r] != ww[r*w+c] {
									t.Fatalf("adamWeights width %d: transposed copy [%d][%d] = %g, weight %g", w, c, r, wT[c*ld+r], ww[r*w+c])
								}
							}
						}
					} else {
						adam(ww, gg, second, mm, vv, &k)
					}
					return slices.Concat(ww, gg, mm, vv, wT)
				})
				if !slices.Equal(s, p) {
					t.Errorf("adam width %d (second gradient %v, transposed %v): results differ", w, second != nil, transposed)
				}
			}
		}
	}
}

// TestAdamFlushesTinyMoments runs Adam on parameters whose gradient has
// become 0 (a dead unit) for as many steps as a long training run, and
// checks that no moment ever becomes a denormal float, on which x86
// arithmetic is many times slower: they are flushed to zero instead.
func TestAdamFlushesTinyMoments(t *testing.T) {
	defer func(v bool) { useAVX2 = v }(useAVX2)
	for _, simd := range []bool{false, useAVX2} {
		useAVX2 = simd
		const n = 19
		w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range m {
			m[i], v[i] = 1e-3*float32(i-9), 1e-6*float32(i)
		}
		for step := 1; step <= 20000; step++ {
			k := newAdamConsts(step, 1e-3)
			adam(w, g, nil, m, v, &k)
			for i := range m {
				for _, x := range []float32{m[i], v[i]} {
					if x != 0 && math.Abs(float64(x)) < 0x1p-126 {
						t.Fatalf("AVX2 %v, step %d: moment %g is denormal", simd, step, x)
					}
				}
			}
		}
		for i := range m {
			if m[i] != 0 {
				t.Errorf("AVX2 %v: first moment %d is %g after 20000 zero gradients, want 0", simd, i, m[i])
			}
		}
	}
}

// TestExpNeg holds the softmax's float32 exponential to math.Exp over its
// whole domain (x ≤ 0), and checks the ends: 1 at 0, 0 far below.
func TestExpNeg(t *testing.T) {
	worst := 0.0
	for x := float32(0); x > -87.3; x -= 0.000731 {
		got, want := float64(expNeg(x)), math.Exp(float64(x))
		if rel := math.Abs(got-want) / want; rel > worst {
			worst = rel
		}
	}
	// Two float32 ulps are 2⁻²² relative at worst.
	if worst > 0x1p-22 {
		t.Errorf("expNeg is off by %g relative, want at most 2⁻²²", worst)
	}
	if expNeg(0) != 1 || expNeg(-100) != 0 || expNeg(float32(math.Inf(-1))) != 0 {
		t.Errorf("expNeg(0) = %g, expNeg(-100) = %g, expNeg(-Inf) = %g", expNeg(0), expNeg(-100), expNeg(float32(math.Inf(-1))))
	}
}
