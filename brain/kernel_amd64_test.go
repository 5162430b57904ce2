//go:build amd64 && !purego

package brain

import (
	"math"
	"math/bits"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// The assembly primitives, each against its definition in plain Go, on
// random and extreme inputs. TestPolicyMatchesReference checks them
// together.

// needKernel skips t unless this CPU runs k.
func needKernel(t *testing.T, k kernel) {
	t.Helper()
	if !kernelSupported(k) {
		t.Skipf("this CPU has no %v kernel", k)
	}
}

func TestOrAbs32(t *testing.T) {
	needKernel(t, kernelAVX2)
	r := game.SplitMix64{State: 1}
	for trial := range 200 {
		v := make([]int32, 16*(1+trial%6))
		var want uint32
		for i := range v {
			switch r.Next() % 5 {
			case 0:
				v[i] = math.MinInt32
			case 1:
				v[i] = int32(r.Next())
			default:
				v[i] = int32(r.Next()) >> (r.Next() % 32)
			}
			want |= uint32(abs64(int64(v[i])))
		}
		if got := orAbs32(&v[0], len(v)); got != want {
			t.Fatalf("orAbs32(%v) = %#x, want %#x", v, got, want)
		}
	}
}

func TestPackInput(t *testing.T) {
	needKernel(t, kernelAVX2)
	r := game.SplitMix64{State: 2}
	for trial := range 500 {
		v := make([]int32, 16*(1+trial%6))
		zeros := r.Next() % 5 // in fifths: from none to all
		var or uint32
		for i := range v {
			switch {
			case r.Next()%5 < zeros:
				v[i] = 0
			case r.Next()%4 == 0:
				v[i] = []int32{math.MinInt32, math.MaxInt32, -1, 1}[r.Next()%4]
			default:
				v[i] = int32(r.Next()) >> (r.Next() % 32)
			}
			or |= uint32(abs64(int64(v[i])))
		}
		abits := 12 + int(r.Next()%3)
		sh := max(0, bits.Len32(or)-abits)
		xp := make([]uint32, len(v)/2)
		nz := make([]int32, len(xp))
		n := packInput(&xp[0], &nz[0], &v[0], len(v), sh)
		want := make([]int64, len(v))
		for i, x := range v {
			want[i] = roundShift(int64(x), sh)
		}
		checkPacked(t, xp, nz[:n], want)
	}
}

// checkPacked checks that the pairs xp hold the int16 values want and
// that nz lists, in order, the pairs that are not zero.
func checkPacked(t *testing.T, xp []uint32, nz []int32, want []int64) {
	t.Helper()
	var wantNZ []int32
	for i, w := range want {
		if got := int16(xp[i/2] >> (16 * (i % 2))); int64(got) != w {
			t.Fatalf("value %d packed as %d, want %d", i, got, w)
		}
		if i%2 == 1 && (w != 0 || want[i-1] != 0) {
			wantNZ = append(wantNZ, int32(i/2))
		}
	}
	if len(nz) != len(wantNZ) {
		t.Fatalf("%d non-zero pairs listed, want %d", len(nz), len(wantNZ))
	}
	for i := range nz {
		if nz[i] != wantNZ[i] {
			t.Fatalf("non-zero pair %d is %d, want %d", i, nz[i], wantNZ[i])
		}
	}
}

func TestPackHidden(t *testing.T) {
	needKernel(t, kernelAVX2)
	r := game.SplitMix64{State: 3}
	for trial := range 500 {
		z := make([]int64, 16*(1+trial%8))
		zeros := r.Next() % 5 // in fifths: from none to all
		var or uint64
		for i := range z {
			if r.Next()%5 >= zeros {
				z[i] = int64(r.Next()>>2) >> (r.Next() % 62)
			}
			or |= uint64(z[i])
		}
		abits := 11 + int(r.Next()%4)
		sh := max(0, bits.Len64(or)-abits)
		xp := make([]uint32, len(z)/2)
		nz := make([]int32, len(xp))
		n := packHidden(&xp[0], &nz[0], &z[0], len(z), sh)
		want := make([]int64, len(z))
		for i, x := range z {
			want[i] = roundShift(x, sh)
		}
		checkPacked(t, xp, nz[:n], want)
	}
}

// TestRequantKernels drives the vector requantisation through every shift
// from 0 to far beyond 64, sums at the ends of their range, zero rows with
// negative shifts, and both signs of the result, against qLayer.requant.
func TestRequantKernels(t *testing.T) {
	r := game.SplitMix64{State: 5}
	for k := kernelAVX2; k < numKernels; k++ {
		t.Run(k.String(), func(t *testing.T) {
			needKernel(t, k)
			for trial := range 400 {
				n := 16 * (1 + trial%8)
				l := qLayer{mult: make([]int64, n), shift: make([]int64, n), bias: make([]int64, n), kmin: noShift}
				acc := make([]int32, n)
				base := int(r.Next()%80) - 70
				for i := range n {
					switch r.Next() % 4 {
					case 0:
						acc[i] = []int32{1<<30 - 1, -(1<<30 - 1), 0, 1, -1}[r.Next()%5]
					default:
						acc[i] = int32(r.Next()) >> (2 + r.Next()%30)
					}
					l.bias[i] = int64(r.Next()>>23) - 1<<40
					if r.Next()%8 == 0 {
						l.shift[i] = int64(r.Next() % 100) // a zero row: any shift
						continue
					}
					l.mult[i] = 1<<30 + int64(r.Next()%(1<<30))
					l.shift[i] = int64(-base) + int64(r.Next()%140)
					l.kmin = min(l.kmin, int(l.shift[i]))
				}
				if l.kmin+base < 0 {
					t.Fatal("test bug: a negative shift")
				}
				for _, relu := range []bool{false, true} {
					want := make([]int64, n)
					wantOr := l.requantRows(want, acc, base, relu)
					z := make([]int64, n)
					var or uint64
					if k == kernelAVX512 {
						or = requantAVX512(&z[0], &acc[0], &l.mult[0], &l.shift[0], &l.bias[0], n, base, relu)
					} else {
						or = requantAVX2(&z[0], &acc[0], &l.mult[0], &l.shift[0], &l.bias[0], n, base, relu)
					}
					for i := range z {
						if z[i] != want[i] {
							t.Fatalf("relu %v row %d: acc %d mult %d shift %d: z %d, want %d",
								relu, i, acc[i], l.mult[i], int(l.shift[i])+base, z[i], want[i])
						}
					}
					if relu && or != wantOr {
						t.Fatalf("OR of the results %#x, want %#x", or, wantOr)
					}
				}
			}
		})
	}
}

// TestRowSums checks each vector kernel's row sums against plain int64
// dot products, for every row chunk size, with activations at the ends of
// their range and rows of extreme weights.
func TestRowSums(t *testing.T) {
	r := game.SplitMix64{State: 6}
	shapes := []struct{ in, out int }{{64, 128}, {128, 128}, {128, 16}, {96, 64}, {33, 48}, {2, 208}}
	for k := kernelAVX2; k < numKernels; k++ {
		t.Run(k.String(), func(t *testing.T) {
			needKernel(t, k)
			for _, sh := range shapes {
				wbits, abits := layerBits(sh.in)
				wmax := int64(1)<<wbits - 1
				rows := make([][]int64, sh.out)
				for i := range rows {
					rows[i] = make([]int64, sh.in)
					for c := range rows[i] {
						rows[i][c] = int64(r.Next()%uint64(2*wmax+1)) - wmax
						if i%5 == 0 {
							rows[i][c] = wmax * (1 - 2*int64(c%2))
						}
					}
				}
				l := qLayer{in: sh.in, out: sh.out}
				l.simdLayout(rows)
				a := make([]int32, padRows(sh.in))
				xp := make([]uint32, len(a)/2)
				nz := make([]int32, len(xp))
				acc := make([]int32, l.outPad)
				for trial := range 20 {
					for c := range sh.in {
						switch r.Next() % 4 {
						case 0:
							a[c] = 0
						case 1:
							a[c] = []int32{1 << abits, -(1 << abits)}[r.Next()%2]
						default:
							a[c] = int32(r.Next()%(2<<abits+1)) - 1<<abits
						}
					}
					n := packInput(&xp[0], &nz[0], &a[0], len(a), 0)
					k.rowSums(&l, acc, xp, nz, n)
					for i := range l.outPad {
						var want int64
						if i < sh.out {
							for c, w := range rows[i] {
								want += w * int64(a[c])
							}
						}
						if int64(acc[i]) != want {
							t.Fatalf("%d×%d trial %d row %d: sum %d, want %d", sh.out, sh.in, trial, i, acc[i], want)
						}
					}
				}
			}
		})
	}
}
