package brain

import (
	"math"
	"unsafe"
)

// kernel names one implementation of the Policy's forward pass. Every
// kernel computes the same integers, the ones the Policy documentation
// defines; they differ only in speed and in the CPU features they need.
type kernel uint8

const (
	// kernelPortable is plain Go (SWAR row sums in 64-bit words). Every
	// platform has it; it is the only kernel with -tags purego.
	kernelPortable kernel = iota
	// kernelAVX2 sums rows with VPMADDWD and requantises, rectifies and
	// packs with AVX2 (amd64).
	kernelAVX2
	// kernelAVX512 sums rows with VPDPWSSD (AVX-512 VNNI) on 512-bit
	// vectors and requantises with AVX-512F; it packs like kernelAVX2.
	kernelAVX512
	numKernels
)

var kernelNames = [numKernels]string{"portable", "avx2", "avx512vnni"}

func (k kernel) String() string { return kernelNames[k] }

// kernels lists the kernels this CPU can run, the portable one first and
// the fastest last.
func kernels() []kernel {
	var ks []kernel
	for k := range numKernels {
		if kernelSupported(k) {
			ks = append(ks, k)
		}
	}
	return ks
}

// defaultKernel is the fastest kernel this CPU runs; NewPolicy uses it.
var defaultKernel = kernels()[len(kernels())-1]

// Kernel names the implementation of the forward pass p runs: the fastest
// this CPU has, "avx512vnni" (AVX-512F and AVX-512 VNNI), "avx2" (AVX2 and
// POPCNT) or "portable" (every platform, and builds with -tags purego).
// All of them give the same logits. GODEBUG=cpu.avx512f=off or
// cpu.avx2=off (read by golang.org/x/sys/cpu) rules the vector ones out,
// to compare them.
func (p *Policy) Kernel() string { return p.kern.String() }

// simdRows is the row granularity of the vector kernels: a layer's rows
// are padded with zero rows to a multiple of it (and its inputs to a
// multiple of it, so that activations pack in whole vectors).
const simdRows = 16

func padRows(n int) int { return (n + simdRows - 1) / simdRows * simdRows }

// noShift is qLayer.kmin for a layer whose rows are all zero.
const noShift = math.MaxInt32

// simdLayout fills in the vector kernels' view of a quantised layer whose
// integer weights row by row are q (out×in): the weights as int16 pairs,
// pair p (columns 2p and 2p+1) of row r at w16[2(p·outPad+r)], rows
// padded with zeros to outPad and an odd last column with a zero one.
// w16 starts on a 64-byte boundary, like each pair's block of rows, so
// that no vector load splits a cache line.
func (q *qLayer) simdLayout(w [][]int64) {
	q.outPad = padRows(q.out)
	pairs := (q.in + 1) / 2
	q.w16 = alignedInt16(pairs * q.outPad * 2)
	for r, row := range w {
		for c, v := range row {
			q.w16[2*((c/2)*q.outPad+r)+c%2] = int16(v)
		}
	}
}

// alignedInt16 returns n zeroed int16 starting on a 64-byte boundary (the
// Go heap does not move objects).
func alignedInt16(n int) []int16 {
	s := make([]int16, n+32)
	off := int((64-uintptr(unsafe.Pointer(&s[0]))%64)%64) / 2
	return s[off : off+n : off+n]
}
