package brain

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/dojo-arena/dojo/game"
)

// PolicyVersion versions what a Policy computes from a Core: the
// quantisation and the integer forward pass. A change that alters any
// logit of any Core must bump it: golden digests refuse to be regenerated
// otherwise (brain/testdata/digest.golden), and a replay of a Core match
// recorded under another version may no longer re-drive.
const PolicyVersion = 1

// Policy is a Core's model exported for matches: a forward pass in integer
// arithmetic only, so the same Core and observation give the same action on
// every CPU (no float rounding, no FMA contraction), and no allocation per
// decision.
//
// # Quantisation (done once, by NewPolicy)
//
// Each weight row r (one output) gets a scale s_r = max_c |W[r,c]| / qmax,
// computed in float32, and its weights become integers
// q[r,c] = round(W[r,c]/s_r) in [-qmax, qmax] (symmetric, per output row;
// qmax = 2^wbits-1, see layerBits). s_r is stored as a fixed-point multiplier and
// shift, s_r = m_r·2^-k_r with m_r in [2^30, 2^31) (exact: s_r has a 24-bit
// mantissa). Biases become int64 B_r = round(b_r·2^24). These steps use only
// IEEE division, math.Frexp and math.Round, which give the same bits on every
// machine.
//
// # Forward pass (every decision)
//
// Activations are int32 vectors a with a per-vector exponent e: a feature is
// a_i·2^e. The input is the observation itself (e = -12, game.ObsOne = 2^12).
// A layer computes the exact integer sums acc_r = Σ_c q[r,c]·a_c, then the
// pre-activations in 2^-24 units, Z_r = round(m_r·acc_r·2^(e+24-k_r)) + B_r
// (int64, rounding half up, saturating far outside any trained range). A
// hidden layer applies ReLU (Z_r < 0 → 0) and renormalises: the whole
// vector is shifted right, with rounding, by the fewest bits that bring its
// largest element within the next layer's activation budget (see abits), and
// e becomes shift-24. The output layer's Z are the logits; the action is
// their argmax, the lowest id on ties.
//
// The precision budget (layerBits: 11-bit weights, 11–12-bit activations
// for these widths) keeps every acc_r below 2^30 in magnitude, and
// |m_r·acc_r| below 2^61.
//
// # Kernels (the same integers, faster)
//
// The sums are exact integers however they are formed, so any order and
// any grouping give the same acc_r. The portable kernel adds two rows'
// sums in one 64-bit word (SWAR: the weights of rows 2j and 2j+1 are
// packed as q_hi·2^32 + q_lo, and one 64-bit multiply-add serves both).
// The amd64 kernels multiply int16 weight and activation pairs: VPMADDWD
// (AVX2), or VPDPWSSD on 512-bit vectors where the CPU has AVX-512 VNNI
// (chosen at run time; see Kernel). All of them skip the columns whose
// activations are zero (ReLU zeros, one-hot features): the portable kernel
// one by one, the vector kernels by pairs.
//
// The vector kernels requantise a whole layer at once. With
// s_r = k_r - e - 24 ≥ 0 and t = m_r·acc_r, rounding half up is
//
//	round(t·2^-s) = ((t + ⌊2^(s-1)⌋ + 2^63) >>> s) − (2^63 >>> s)   (mod 2^64)
//
// where >>> is a logical shift and shifts by 64 or more give 0: exact for
// every s ≥ 0 when |t| < 2^62, and it needs only AVX2's variable logical
// shifts. The AVX-512 kernel uses the arithmetic shift (t + ⌊2^(s-1)⌋) >> s
// with s clamped to 63, which is also exact there. A layer in which some
// s_r would be negative (Z saturates; only extreme parameters do that)
// runs the scalar code. ReLU is a mask, and the renormalising shift comes
// from the bit length of the OR of the rectified Z, which equals that of
// their maximum. TestPolicyMatchesReference runs every kernel the CPU has
// against a plain int64 reference; build with -tags purego for the
// portable kernel only.
//
// Against the float32 model (FloatPolicy) it agrees on ≥ 99% of the
// actions on observations from real matches (see TestPolicyAgreesWithFloat).
//
// A Policy owns scratch buffers: it is not safe for concurrent use. Clone
// gives another Policy sharing the (read-only) weights with its own buffers.
type Policy struct {
	net  *qNet
	kern kernel

	act []int32  // current activations (portable kernel)
	acc []uint64 // packed row sums (portable kernel)
	z   []int64  // pre-activations / logits

	// The vector kernels' buffers, padded to whole vectors.
	in    []int32  // the observation
	xp    []uint32 // activation pairs, two int16 each
	nz    []int32  // indices of the non-zero pairs (of activations with the portable kernel)
	acc32 []int32  // row sums
}

// accFrac is the number of fractional bits of the pre-activations Z.
const accFrac = 24

// obsFrac is the number of fractional bits of an observation feature:
// game.ObsOne = 2^obsFrac.
const obsFrac = 12

var _ = [1]struct{}{}[game.ObsOne-1<<obsFrac] // a compile error if ObsOne changes

// satLimit bounds |Z| before the bias is added; ±2^61 is far beyond any
// trained model (|logit| would be 2^37) and keeps every sum inside int64.
const satLimit = 1 << 61

type qNet struct {
	spec   Spec
	layers []qLayer
	maxW   int  // widest vector, padded
	simd   bool // the layers have the vector kernels' layout, and fit it
}

type qLayer struct {
	in, out int
	half    int      // packed words per column: ceil(out/2)
	abits   int      // |input activation| ≤ 2^abits
	wmax    int64    // |q| ≤ wmax = 2^wbits-1
	cols    []uint64 // in×half; column c word j packs rows 2j (low) and 2j+1 (high)
	// Per row r, padded with zero rows to outPad: the multiplier m_r (0 for
	// an all-zero row), the shift k_r and the bias B_r.
	mult, shift, bias []int64
	kmin              int // smallest k_r of a non-zero row, noShift if none

	// The vector kernels' layout (nil without one, see simdLayout).
	outPad int
	w16    []int16
}

// layerBits splits the precision budget of a layer with in inputs between
// its weights (|q| ≤ 2^wbits-1) and its input activations (|a| ≤ 2^abits)
// so that every row sum stays below 2^30 in magnitude:
// in·2^wbits·2^abits < 2^(bits.Len(in)+wbits+abits) = 2^30.
// For 64 inputs that is 11 and 12 bits, for 128 inputs 11 and 11.
func layerBits(in int) (wbits, abits int) {
	budget := 30 - bits.Len(uint(in))
	return budget / 2, budget - budget/2
}

// NewPolicy quantises c's parameters into an integer Policy.
func NewPolicy(c *Core) (*Policy, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("building policy: %w", err)
	}
	return newQNet(c.Spec, c.Memories.Layers).newPolicy(defaultKernel), nil
}

// newQNet quantises layers, the parameters of a network of spec's shape.
func newQNet(spec Spec, layers []Layer) *qNet {
	n := &qNet{spec: spec, simd: defaultKernel != kernelPortable}
	n.spec.Hidden = append([]int(nil), spec.Hidden...)
	n.maxW = padRows(spec.Inputs)
	for _, l := range layers {
		q := quantise(&l, n.simd)
		n.layers = append(n.layers, q)
		n.maxW = max(n.maxW, padRows(l.Out))
		// The vector kernels hold activations in int16: |a| ≤ 2^abits
		// must fit, which only a layer with a single input breaks.
		n.simd = n.simd && q.abits <= 14
	}
	return n
}

// newPolicy returns a Policy on n that runs kernel k, or the portable
// kernel if n cannot run on the vector ones.
func (n *qNet) newPolicy(k kernel) *Policy {
	if !n.simd {
		k = kernelPortable
	}
	p := &Policy{
		net:  n,
		kern: k,
		act:  make([]int32, n.maxW),
		nz:   make([]int32, n.maxW),
		acc:  make([]uint64, (n.maxW+1)/2),
		z:    make([]int64, n.maxW),
	}
	if k != kernelPortable {
		p.in = make([]int32, padRows(n.spec.Inputs))
		p.xp = make([]uint32, n.maxW/2)
		p.acc32 = make([]int32, n.maxW)
	}
	return p
}

// Clone returns a Policy that shares p's weights and has its own buffers,
// for use on another goroutine.
func (p *Policy) Clone() *Policy { return p.net.newPolicy(p.kern) }

// Spec is the Brain the Policy was built from.
func (p *Policy) Spec() Spec { return p.net.spec }

// quantise builds the integer layer of l, with the vector kernels' layout
// if simd.
func quantise(l *Layer, simd bool) qLayer {
	wbits, abits := layerBits(l.In)
	q := qLayer{
		in: l.In, out: l.Out, half: (l.Out + 1) / 2, abits: abits, wmax: 1<<wbits - 1,
		mult: make([]int64, padRows(l.Out)), shift: make([]int64, padRows(l.Out)), bias: make([]int64, padRows(l.Out)),
		kmin: noShift,
	}
	wmax := float32(q.wmax)
	q.cols = make([]uint64, l.In*q.half)
	rows := make([][]int64, l.Out)
	for r := range rows {
		rows[r] = make([]int64, l.In)
		row := rows[r]
		w := l.Weight[r*l.In : (r+1)*l.In]
		var maxAbs float32
		for _, v := range w {
			maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
		}
		q.bias[r] = int64(math.Round(float64(l.Bias[r]) * (1 << accFrac)))
		s := maxAbs / wmax
		if s == 0 {
			continue // weights below ~1e-38 (float32 underflow): a zero row
		}
		frac, exp := math.Frexp(float64(s))
		q.mult[r] = int64(frac * (1 << 31))
		q.shift[r] = int64(31 - exp)
		q.kmin = min(q.kmin, 31-exp)
		for c, v := range w {
			row[c] = int64(min(float64(wmax), max(-float64(wmax), math.Round(float64(v/s)))))
		}
		for c := range w {
			word := &q.cols[c*q.half+r/2]
			if r%2 == 0 {
				*word += uint64(row[c])
			} else {
				*word += uint64(row[c]) << 32
			}
		}
	}
	if simd {
		q.simdLayout(rows)
	}
	return q
}

// roundShift returns v·2^-s rounded half up for s ≥ 0, and v·2^-s
// saturated to ±satLimit for s < 0. |v| must be below 2^62.
func roundShift(v int64, s int) int64 {
	if uint(s-1) < 62 { // 1 ≤ s ≤ 62: the usual case
		return (v + 1<<(s-1)) >> s
	}
	switch {
	case s == 0:
		return v
	case s > 0:
		return 0 // |v| < 2^62 ≤ 2^(s-1): rounds to 0
	}
	l := -s
	if v == 0 {
		return 0
	}
	if l >= 61 || v > satLimit>>l || v < -(satLimit>>l) {
		if v > 0 {
			return satLimit
		}
		return -satLimit
	}
	return v << l
}

// forward runs the network on the features x (len Spec().Inputs) and
// returns the logits in 2^-24 units, in p.z.
func (p *Policy) forward(x []int32) []int64 {
	if p.kern != kernelPortable {
		return p.forwardSIMD(x)
	}
	layers := p.net.layers
	a := p.act[:len(x)]
	var maxAbs int64
	for i, v := range x {
		a[i] = v
		maxAbs = max(maxAbs, abs64(int64(v)))
	}
	e := -obsFrac
	if sh := bits.Len64(uint64(maxAbs)) - layers[0].abits; sh > 0 {
		for i, v := range x {
			a[i] = int32(roundShift(int64(v), sh))
		}
		e += sh
	}
	for li := range layers {
		l := &layers[li]
		z := p.z[:l.out]
		acc := p.acc[:l.half]
		l.accumulate(acc, a, p.nz[:0])
		base := -e - accFrac
		for j, s := range acc {
			lo := int64(int32(uint32(s)))
			r := 2 * j
			z[r] = l.requant(r, lo, base)
			if r+1 < len(z) {
				hi := (int64(s) - lo) >> 32
				z[r+1] = l.requant(r+1, hi, base)
			}
		}
		if li == len(layers)-1 {
			return z
		}
		var maxZ int64
		for r, v := range z {
			v = max(v, 0) // ReLU; branch-free, signs are unpredictable
			z[r] = v
			maxZ = max(maxZ, v)
		}
		sh := max(0, bits.Len64(uint64(maxZ))-layers[li+1].abits)
		a = p.act[:l.out]
		if sh == 0 {
			for r, v := range z {
				a[r] = int32(v)
			}
		} else {
			for r, v := range z {
				a[r] = int32((v + 1<<(sh-1)) >> sh) // 1 ≤ sh ≤ 62: roundShift
			}
		}
		e = sh - accFrac
	}
	return nil // unreachable: a Spec has at least one layer
}

// accumulate sets acc to the packed row sums of the layer's quantised weights
// times a, skipping zero activations. nz is scratch with capacity len(a).
func (l *qLayer) accumulate(acc []uint64, a []int32, nz []int32) {
	clear(acc)
	// Branch-free gather of the non-zero indices: which activations are
	// zero is unpredictable. nz has capacity len(a).
	nz = nz[:len(a)]
	n := 0
	for i, v := range a {
		nz[n] = int32(i)
		n += int(uint32(v|-v) >> 31) // 1 when v != 0
	}
	nz = nz[:n]
	h := len(acc)
	k := 0
	for ; k+3 < len(nz); k += 4 {
		i0, i1, i2, i3 := int(nz[k]), int(nz[k+1]), int(nz[k+2]), int(nz[k+3])
		x0, x1 := uint64(int64(a[i0])), uint64(int64(a[i1]))
		x2, x3 := uint64(int64(a[i2])), uint64(int64(a[i3]))
		c0 := l.cols[i0*h : i0*h+h]
		c1 := l.cols[i1*h : i1*h+h]
		c2 := l.cols[i2*h : i2*h+h]
		c3 := l.cols[i3*h : i3*h+h]
		c1, c2, c3 = c1[:len(c0)], c2[:len(c0)], c3[:len(c0)]
		acc := acc[:len(c0)]
		for j, w := range c0 {
			acc[j] += w*x0 + c1[j]*x1 + c2[j]*x2 + c3[j]*x3
		}
	}
	for ; k < len(nz); k++ {
		i0 := int(nz[k])
		x0 := uint64(int64(a[i0]))
		c0 := l.cols[i0*h : i0*h+h]
		acc := acc[:len(c0)]
		for j, w := range c0 {
			acc[j] += w * x0
		}
	}
}

// requant turns row r's integer sum into its pre-activation in 2^-24 units;
// base is -e-24 for input exponent e.
func (l *qLayer) requant(r int, acc int64, base int) int64 {
	t, sh := l.mult[r]*acc, int(l.shift[r])+base
	if uint(sh-1) < 62 {
		t = (t + 1<<(sh-1)) >> sh
	} else {
		t = roundShiftSlow(t, sh)
	}
	return t + l.bias[r]
}

// requantRows is the scalar requantisation of a whole (padded) layer from
// its int32 row sums, for the vector kernels' rare layers with a negative
// shift: z[r] = requant(r, acc[r]), rectified if relu. It returns the OR of
// the z.
func (l *qLayer) requantRows(z []int64, acc []int32, base int, relu bool) uint64 {
	var or uint64
	for r, s := range acc {
		v := l.requant(r, int64(s), base)
		if relu {
			v = max(v, 0)
		}
		z[r] = v
		or |= uint64(v)
	}
	return or
}

// roundShiftSlow is roundShift kept out of line, so that requant's common
// case inlines.
//
//go:noinline
func roundShiftSlow(v int64, s int) int64 { return roundShift(v, s) }

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Action returns the action id the Policy picks for o: the argmax of the
// logits, the lowest id on ties. It allocates nothing.
func (p *Policy) Action(o *game.Observation) int {
	z := p.forward(o[:])
	best, top := 0, z[0]
	for i, v := range z {
		// Conditional moves, not branches: which logit wins is
		// unpredictable.
		if v > top {
			top, best = v, i
		}
	}
	return best
}

// Decide implements game.Controller: the Input of Action(o).
func (p *Policy) Decide(o *game.Observation) game.Input { return game.Action(p.Action(o)) }

// Logits returns the integer logits for o in units of 2^-24. The slice is
// owned by p and overwritten by the next call.
func (p *Policy) Logits(o *game.Observation) []int64 { return p.forward(o[:]) }
