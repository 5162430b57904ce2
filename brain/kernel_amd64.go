//go:build amd64 && !purego

package brain

import (
	"math/bits"

	"golang.org/x/sys/cpu"
)

// kernelSupported reports whether this CPU (and OS) can run k.
func kernelSupported(k kernel) bool {
	switch k {
	case kernelPortable:
		return true
	case kernelAVX2:
		return cpu.X86.HasAVX2 && cpu.X86.HasPOPCNT
	case kernelAVX512:
		return kernelSupported(kernelAVX2) && cpu.X86.HasAVX512F && cpu.X86.HasAVX512VNNI
	}
	return false
}

// forwardSIMD is forward with the vector kernels: the same integers (see
// Policy), computed a vector at a time.
func (p *Policy) forwardSIMD(x []int32) []int64 {
	layers := p.net.layers
	in := p.in
	copy(in, x) // the padding after len(x) stays zero
	sh := max(0, bits.Len32(orAbs32(&in[0], len(in)))-layers[0].abits)
	n := packInput(&p.xp[0], &p.nz[0], &in[0], len(in), sh)
	e := sh - obsFrac
	for li := range layers {
		l := &layers[li]
		acc := p.acc32[:l.outPad]
		z := p.z[:l.outPad]
		p.kern.rowSums(l, acc, p.xp, p.nz, n)
		base := -e - accFrac
		last := li == len(layers)-1
		var or uint64
		switch {
		case l.kmin+base < 0:
			or = l.requantRows(z, acc, base, !last)
		case p.kern == kernelAVX512:
			or = requantAVX512(&z[0], &acc[0], &l.mult[0], &l.shift[0], &l.bias[0], len(z), base, !last)
		default:
			or = requantAVX2(&z[0], &acc[0], &l.mult[0], &l.shift[0], &l.bias[0], len(z), base, !last)
		}
		if last {
			return z[:l.out]
		}
		sh := max(0, bits.Len64(or)-layers[li+1].abits)
		n = packHidden(&p.xp[0], &p.nz[0], &z[0], len(z), sh)
		e = sh - accFrac
	}
	return nil // unreachable: a Spec has at least one layer
}

// rowSums sets acc (outPad rows) to l's exact row sums for the activation
// pairs xp, of which the n listed in nz are the non-zero ones.
func (k kernel) rowSums(l *qLayer, acc []int32, xp []uint32, nz []int32, n int) {
	stride := uintptr(4 * l.outPad)
	w, x, idx := l.w16, &xp[0], &nz[0]
	r := 0
	if k == kernelAVX512 {
		for ; r+128 <= l.outPad; r += 128 {
			dp128(&acc[r], &w[2*r], stride, x, idx, n)
		}
		for ; r+64 <= l.outPad; r += 64 {
			dp64(&acc[r], &w[2*r], stride, x, idx, n)
		}
		for ; r < l.outPad; r += 16 {
			dp16(&acc[r], &w[2*r], stride, x, idx, n)
		}
		return
	}
	for ; r+64 <= l.outPad; r += 64 {
		madd64(&acc[r], &w[2*r], stride, x, idx, n)
	}
	for ; r < l.outPad; r += 16 {
		madd16(&acc[r], &w[2*r], stride, x, idx, n)
	}
}

// pairLUT[m] lists, one per byte from the lowest, the positions of the set
// bits of m: packInput and packHidden list the non-zero pairs with it.
//
//lint:ignore U1000 read by packInput and packHidden (assembly)
var pairLUT = func() (t [256]uint64) {
	for m := range t {
		k := 0
		for i := range 8 {
			if m>>i&1 != 0 {
				t[m] |= uint64(i) << (8 * k)
				k++
			}
		}
	}
	return t
}()

// The assembly kernels (kernel_amd64.s: AVX2; kernel_avx512_amd64.s:
// AVX-512). Lengths are in elements and must be multiples of 16 (rows,
// values) or 8 (pairs); every pointer is to the first of them.

// madd64 and madd16 (AVX2), dp128, dp64 and dp16 (AVX-512 VNNI) set the
// int32 row sums of a chunk of 64, 16, 128, 64 or 16 rows:
// acc[r] = Σ_{k<n} w(p)[r]·x[p], p = idx[k], where x[p] packs a pair of
// int16 activations and w(p), at byte offset p·wstride, one pair of int16
// weights per row. VPMADDWD + VPADDD or VPDPWSSD: exact integer sums.
//
//go:noescape
func madd64(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)

//go:noescape
func madd16(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)

//go:noescape
func dp128(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)

//go:noescape
func dp64(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)

//go:noescape
func dp16(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int)

// requantAVX2 and requantAVX512 set the n pre-activations
// z[r] = round(mult[r]·acc[r]·2^-(k[r]+base)) + bias[r], rectified if
// relu, and then return the OR of the z (without relu, the result means
// nothing). Every k[r]+base of a row with
// mult[r] ≠ 0 must be ≥ 0 (rows with mult[r] = 0 give bias[r] whatever
// their shift).
//
//go:noescape
func requantAVX2(z *int64, acc *int32, mult, k, bias *int64, n, base int, relu bool) uint64

//go:noescape
func requantAVX512(z *int64, acc *int32, mult, k, bias *int64, n, base int, relu bool) uint64

// orAbs32 returns the OR of |v[i]| (as uint32) over n values.
//
//go:noescape
func orAbs32(v *int32, n int) uint32

// packInput sets the n/2 pairs xp to the int16 values round(v[i]·2^-sh)
// (half up), which must fit in an int16, writes to nz the indices of the
// non-zero pairs in order (it may write up to n/2 entries), and returns
// their number.
//
//go:noescape
func packInput(xp *uint32, nz *int32, v *int32, n, sh int) int

// packHidden is packInput for the non-negative int64 values z.
//
//go:noescape
func packHidden(xp *uint32, nz *int32, z *int64, n, sh int) int
