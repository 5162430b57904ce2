package training

import "math"

// Elementwise passes of the fast engine, each with an AVX2 kernel for the
// multiples of 8 and portable Go for the rest.

// addBias adds bias to every row of y (rows of len(bias)) and, when relu,
// clamps the result at 0.
func addBias(y, bias []float32, relu bool) {
	w := len(bias)
	rows := len(y) / w
	j0 := 0
	if useAVX2 && rows > 0 && w >= 8 {
		j0 = w &^ 7
		_ = y[rows*w-1]
		addBiasAVX2(&y[0], &bias[0], rows, j0, w, relu)
	}
	if j0 == w {
		return
	}
	for r := 0; r < rows; r++ {
		row := y[r*w : (r+1)*w]
		if relu {
			for j := j0; j < w; j++ {
				row[j] = max(row[j]+bias[j], 0)
			}
		} else {
			for j := j0; j < w; j++ {
				row[j] += bias[j]
			}
		}
	}
}

// sumRows sets s to the sum of the rows of m (rows of len(s)), adding the
// rows in order.
func sumRows(s, m []float32) {
	w := len(s)
	rows := len(m) / w
	j0 := 0
	if useAVX2 && rows > 0 && w >= 8 {
		j0 = w &^ 7
		_ = m[rows*w-1]
		sumRowsAVX2(&s[0], &m[0], rows, j0, w)
	}
	if j0 == w {
		return
	}
	clear(s[j0:])
	for r := 0; r < rows; r++ {
		row := m[r*w : (r+1)*w]
		for j := j0; j < w; j++ {
			s[j] += row[j]
		}
	}
}

// reluMask zeroes d where the activation a is not positive.
func reluMask(d, a []float32) {
	a = a[:len(d)]
	i0 := 0
	if useAVX2 && len(d) >= 8 {
		i0 = len(d) &^ 7
		reluMaskAVX2(&d[0], &a[0], i0)
	}
	for i := i0; i < len(d); i++ {
		if a[i] <= 0 {
			d[i] = 0
		}
	}
}

// adamConsts are the scalars of one Adam step, in the order adamAVX2 reads
// them.
type adamConsts struct {
	b1, omb1, b2, omb2 float32 // β1, 1−β1, β2, 1−β2
	c1, c2             float32 // 1/(1−β1^t), 1/(1−β2^t)
	eta, eps           float32
	tiny               [8]float32 // adamTiny, once per SIMD lane
	abs                [8]uint32  // all bits but the sign, once per lane
}

// adamTiny is the magnitude below which Adam's moments are set to zero.
// Without it, a parameter whose gradient stays 0 (a dead ReLU unit) has its
// first moment decay by β1 at every step into denormal floats, on which
// x86 arithmetic is many times slower: one Adam update took 110 µs instead
// of 15. 2⁻¹⁰⁰ is far above the denormals (below 2⁻¹²⁶) and far below any
// moment that moves a weight: a first moment that small changes a weight by
// at most η·2⁻¹⁰⁰/ε ≈ 10⁻²⁵. The Go and assembly steps flush the same
// values (NaN is kept), so they stay bit for bit equal.
const adamTiny = 0x1p-100

// newAdamConsts returns the constants of Adam step t (from 1) with
// learning rate lr.
func newAdamConsts(t int, lr float64) adamConsts {
	b1, b2 := float32(adamBeta1), float32(adamBeta2)
	k := adamConsts{b1: b1, omb1: 1 - b1, b2: b2, omb2: 1 - b2,
		c1:  float32(1) / float32(1-math.Pow(adamBeta1, float64(t))),
		c2:  float32(1) / float32(1-math.Pow(adamBeta2, float64(t))),
		eta: float32(lr), eps: float32(adamEps)}
	for i := range k.tiny {
		k.tiny[i] = adamTiny
		k.abs[i] = 1<<31 - 1
	}
	return k
}

// adam applies one Adam step to the parameters w with gradient g (plus g2,
// which is then added into g, when not nil) and moments m and v.
func adam(w, g, g2, m, v []float32, k *adamConsts) {
	n := len(w)
	g, m, v = g[:n], m[:n], v[:n]
	if g2 != nil {
		g2 = g2[:n]
	}
	i0 := 0
	if useAVX2 && n >= 8 {
		i0 = n &^ 7
		var p2 *float32
		if g2 != nil {
			p2 = &g2[0]
		}
		adamAVX2(&w[0], &g[0], p2, &m[0], &v[0], i0, k)
	}
	if g2 != nil {
		for i := i0; i < n; i++ {
			g[i] += g2[i]
		}
	}
	adamGo(w[i0:], g[i0:], m[i0:], v[i0:], k)
}

// adamWeights is adam on rows×cols weights w (row-major, like g, g2, m and
// v) that also writes every updated w[r][c] to wT[c*ldT+r]: it keeps the
// transposed copy of the weights up to date without a pass of its own. The
// assembly goes through blocks of 8×8, transposed in registers while the
// divisions of the next block run.
func adamWeights(w, g, g2, m, v []float32, rows, cols int, k *adamConsts, wT []float32, ldT int) {
	if rows == 0 || cols == 0 {
		return
	}
	n := rows * cols
	g, m, v = g[:n], m[:n], v[:n]
	if g2 != nil {
		g2 = g2[:n]
	}
	_, _ = w[n-1], wT[(cols-1)*ldT+rows-1]
	rb, cb := 0, 0 // the rows and columns the block kernel did
	if useAVX2 && rows >= 8 && cols >= 8 {
		rb, cb = rows&^7, cols&^7
		for r := 0; r < rb; r += 8 {
			o := r * cols
			var p2 *float32
			if g2 != nil {
				p2 = &g2[o]
			}
			adamBlockAVX2(&w[o], &g[o], p2, &m[o], &v[o], cols, cb, k, &wT[r], ldT)
		}
	}
	for r := 0; r < rows; r++ {
		lo, hi := r*cols, (r+1)*cols
		if r < rb {
			lo += cb
		}
		if lo == hi {
			continue
		}
		var g2r []float32
		if g2 != nil {
			g2r = g2[lo:hi]
		}
		adam(w[lo:hi], g[lo:hi], g2r, m[lo:hi], v[lo:hi], k)
		for i := lo; i < hi; i++ {
			wT[(i-r*cols)*ldT+r] = w[i]
		}
	}
}

// adamGo is Adam as Gorgonia computes it, in float32, with tiny moments
// flushed to zero (see adamTiny):
// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
// w ← w − η·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε).
func adamGo(w, g, m, v []float32, k *adamConsts) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := g[i]
		mi := float32(k.b1*m[i]) + float32(k.omb1*gi)
		if math.Abs(float64(mi)) < adamTiny {
			mi = 0
		}
		vi := float32(k.b2*v[i]) + float32(k.omb2*float32(gi*gi))
		if vi < adamTiny {
			vi = 0
		}
		m[i], v[i] = mi, vi
		w[i] -= float32(k.eta*float32(mi*k.c1)) / (float32(math.Sqrt(float64(vi*k.c2))) + k.eps)
	}
}

// transpose sets dst (cols×rows) to the transpose of src (rows×cols), in
// blocks of 8×8 that stay in cache.
func transpose(dst, src []float32, rows, cols int) {
	const bs = 8
	_, _ = dst[rows*cols-1], src[rows*cols-1]
	for r0 := 0; r0 < rows; r0 += bs {
		for c0 := 0; c0 < cols; c0 += bs {
			for r := r0; r < min(r0+bs, rows); r++ {
				row := src[r*cols : (r+1)*cols]
				for c := c0; c < min(c0+bs, cols); c++ {
					dst[c*rows+r] = row[c]
				}
			}
		}
	}
}
