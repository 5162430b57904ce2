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
		k := adamConsts{b1: 0.9, omb1: 0.1, b2: 0.999, omb2: 1 - float32(0.999), c1: 3.2, c2: 41, eta: 1e-3, eps: 1e-8}
		w0, g, g2, m, v := rnd(rows*w, 1), rnd(rows*w, 1e-3), rnd(rows*w, 1e-3), rnd(rows*w, 1e-4), rnd(rows*w, 1e-6)
		for i := range v {
			v[i] = float32(math.Abs(float64(v[i])))
		}
		for _, second := range [][]float32{nil, g2} {
			s, p = both(func() []float32 {
				ww, gg, mm, vv := slices.Clone(w0), slices.Clone(g), slices.Clone(m), slices.Clone(v)
				adam(ww, gg, second, mm, vv, &k)
				return slices.Concat(ww, gg, mm, vv)
			})
			if !slices.Equal(s, p) {
				t.Errorf("adam width %d (second gradient %v): results differ", w, second != nil)
			}
		}
	}
}
