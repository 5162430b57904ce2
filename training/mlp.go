package training

import (
	"math"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// params is the Brain's parameters as plain float32 arrays, in two layouts:
// the layers as brain.Layer keeps them (weights Out×In, row-major), and
// every weight matrix transposed (In×Out), which the forward pass reads.
// Whoever changes layers keeps wT equal to it (the fast engine's Adam
// writes both; load transposes).
type params struct {
	layers []brain.Layer
	wT     [][]float32
}

// newParams returns zero parameters of the Brain spec.
func newParams(spec *brain.Spec) *params {
	p := &params{}
	for _, sh := range spec.Layers() {
		p.layers = append(p.layers, brain.Layer{In: sh.In, Out: sh.Out,
			Weight: make([]float32, sh.In*sh.Out), Bias: make([]float32, sh.Out)})
		p.wT = append(p.wT, make([]float32, sh.In*sh.Out))
	}
	return p
}

// load copies m's parameters (same shapes) and transposes the weights.
func (p *params) load(m *brain.Memories) {
	copyParams(&brain.Memories{Layers: p.layers}, m)
	for li, l := range p.layers {
		transpose(p.wT[li], l.Weight, l.Out, l.In)
	}
}

// mlp is the Brain's network for a batch of rows, on the matrix product of
// fast_gemm.go: its activations and, when it trains, its deltas and
// gradients, on parameters it shares with others (see params). The fast
// engine trains on one mlp per part of a batch; the evaluator runs one per
// team member, forward only.
type mlp struct {
	batch  int
	p      *params
	acts   [][]float32 // acts[0] is the input; acts[l+1] the output of layer l
	t      []float32   // the targets (batch×Outputs), see fillRows
	deltas [][]float32 // gradient w.r.t. acts[l+1] before the activation
	gW, gB [][]float32
	probs  []float32
	g      gemm
}

// newMLP returns an mlp of batch rows on the parameters p, with deltas and
// gradients when train is set.
func newMLP(spec *brain.Spec, batch int, p *params, train bool) *mlp {
	n := &mlp{batch: batch, p: p, probs: make([]float32, batch*spec.Outputs)}
	n.acts = append(n.acts, make([]float32, batch*spec.Inputs))
	for _, sh := range spec.Layers() {
		n.acts = append(n.acts, make([]float32, batch*sh.Out))
		if train {
			n.deltas = append(n.deltas, make([]float32, batch*sh.Out))
			n.gW = append(n.gW, make([]float32, sh.In*sh.Out))
			n.gB = append(n.gB, make([]float32, sh.Out))
		}
	}
	if train {
		n.t = make([]float32, batch*spec.Outputs)
	}
	return n
}

// forward computes the logits of the first rows rows of acts[0] into the
// last acts.
func (n *mlp) forward(rows int) []float32 {
	layers := n.p.layers
	for li := range layers {
		l := &layers[li]
		x, y := n.acts[li][:rows*l.In], n.acts[li+1][:rows*l.Out]
		// y = x·Wᵀ + bias, then the ReLU below the last layer.
		n.g.mul(false, false, rows, l.Out, l.In, x, l.In, n.p.wT[li], l.Out, y, l.Out)
		addBias(y, l.Bias, li < len(layers)-1)
	}
	return n.acts[len(layers)][:rows*layers[len(layers)-1].Out]
}

// logSoftmaxRow writes softmax(z) into p and returns log-sum-exp(z).
func logSoftmaxRow(z, p []float32) float32 {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var s float32
	p = p[:len(z)]
	for k, v := range z {
		e := expNeg(v - m)
		p[k] = e
		s += e
	}
	for k := range p {
		p[k] /= s
	}
	return m + float32(math.Log(float64(s)))
}

// expNeg is e^x for x ≤ 0 in float32, within 2 ulp (TestExpNeg), four
// times as fast as math.Exp: Cody and Waite's reduction x = n·ln 2 + r,
// |r| ≤ ln 2 / 2, and Cephes' degree-6 polynomial for e^r. The explicit
// conversions keep the compiler from fusing products into sums, so it
// gives the same bits on every CPU. Below −87.3 (where e^x is no longer a
// normal float32) it returns 0.
func expNeg(x float32) float32 {
	if !(x >= -87.3) { // and NaN: the logits were checked finite already
		return 0
	}
	const (
		log2e = 1.44269504088896341
		ln2hi = 0.693359375
		ln2lo = -2.12194440e-4
	)
	n := float32(int32(float32(x*log2e) - 0.5)) // round half down; x ≤ 0
	r := float32(x - float32(n*ln2hi))
	r = float32(r - float32(n*ln2lo))
	q := float32(float32(1.9875691500e-4*r) + 1.3981999507e-3)
	q = float32(float32(q*r) + 8.3334519073e-3)
	q = float32(float32(q*r) + 4.1665795894e-2)
	q = float32(float32(q*r) + 1.6666665459e-1)
	q = float32(float32(q*r) + 5.0000001201e-1)
	y := float32(float32(float32(q*r)*r)+r) + 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// lossGrad computes the weighted cross-entropy of the logits against
// the targets n.t (see fillRows) and its gradient w.r.t. the logits into
// the last delta: dz = softmax(z)·Σt − t.
func (n *mlp) lossGrad() float32 {
	L := len(n.p.layers) - 1
	out := n.p.layers[L].Out
	z, dz, t := n.acts[L+1], n.deltas[L], n.t
	var loss float32
	for b := 0; b < n.batch; b++ {
		zr, pr, tr := z[b*out:(b+1)*out], n.probs[b*out:(b+1)*out], t[b*out:(b+1)*out]
		var tsum float32
		for _, v := range tr {
			tsum += v
		}
		dr := dz[b*out : (b+1)*out]
		if tsum == 0 {
			clear(dr)
			continue
		}
		lse := logSoftmaxRow(zr, pr)
		for k, tv := range tr {
			if tv != 0 {
				loss -= tv * (zr[k] - lse)
			}
			dr[k] = pr[k]*tsum - tv
		}
	}
	return loss
}

// backward computes the parameter gradients from the last delta.
func (n *mlp) backward() {
	layers := n.p.layers
	for li := len(layers) - 1; li >= 0; li-- {
		l := &layers[li]
		x, dz := n.acts[li], n.deltas[li]
		// gW = dzᵀ·x (Out×In), gB = column sums of dz.
		n.g.mul(true, false, l.Out, l.In, n.batch, dz, l.Out, x, l.In, n.gW[li], l.In)
		sumRows(n.gB[li], dz)
		if li == 0 {
			break
		}
		// dx = dz·W (Batch×In), then through the ReLU of the layer below.
		dx := n.deltas[li-1]
		n.g.mul(false, false, n.batch, l.In, l.Out, dz, l.Out, l.Weight, l.In, dx, l.In)
		reluMask(dx, x)
	}
}

// evalRows is the number of held-out samples an evaluator's task runs
// through the network at once.
const evalRows = 128

// evaluator measures parameters on held-out samples: a forward pass only,
// over buffers allocated once, in chunks of evalRows shared out among the
// members of a team. Each sample's loss lands in its own slot and the
// slots are added in sample order, so the result does not depend on the
// chunks or on who ran them.
type evaluator struct {
	p    *params
	nets []*mlp    // one per team member
	loss []float64 // per sample: −weight·log softmax(z)[action]
	hit  []bool    // per sample: the argmax is the action
	job  evalJob   // the current evaluation, read by the tasks
	task func(int, int)
}

type evalJob struct {
	ds      *Dataset
	idx     []int
	weights []float32
}

// newEvaluator returns an evaluator of the Brain spec for a team of
// workers members.
func newEvaluator(spec *brain.Spec, workers int) *evaluator {
	e := &evaluator{p: newParams(spec)}
	for range max(workers, 1) {
		e.nets = append(e.nets, newMLP(spec, evalRows, e.p, false))
	}
	e.task = e.chunk
	return e
}

// load sets the parameters to evaluate.
func (e *evaluator) load(m *brain.Memories) { e.p.load(m) }

// evaluate returns the weighted cross-entropy (normalised by the summed
// weight) and the argmax accuracy of the network on the samples idx of ds,
// running its chunks on t (nil: on the caller alone).
func (e *evaluator) evaluate(ds *Dataset, idx []int, weights []float32, t *team) (loss, acc float64) {
	if cap(e.loss) < len(idx) {
		e.loss, e.hit = make([]float64, len(idx)), make([]bool, len(idx))
	}
	e.loss, e.hit = e.loss[:len(idx)], e.hit[:len(idx)]
	e.job = evalJob{ds: ds, idx: idx, weights: weights}
	if t.workers() > len(e.nets) {
		panic("training: evaluator has fewer networks than the team has members")
	}
	t.do((len(idx)+evalRows-1)/evalRows, e.task)
	e.job = evalJob{}
	var lsum, wsum float64
	correct := 0
	for j, i := range idx {
		lsum += e.loss[j]
		wsum += float64(weights[i])
		if e.hit[j] {
			correct++
		}
	}
	if wsum > 0 {
		loss = lsum / wsum
	}
	return loss, float64(correct) / float64(len(idx))
}

// chunk evaluates the samples of chunk c on member who's network.
func (e *evaluator) chunk(c, who int) {
	n := e.nets[who]
	j0 := c * evalRows
	chunk := e.job.idx[j0:min(j0+evalRows, len(e.job.idx))]
	ds := e.job.ds
	x := n.acts[0]
	var o game.Observation
	for b, i := range chunk {
		ds.Obs.Get(i, &o)
		brain.Features(x[b*game.ObsLen:(b+1)*game.ObsLen], &o)
	}
	out := n.p.layers[len(n.p.layers)-1].Out
	z := n.forward(len(chunk))
	for b, i := range chunk {
		zr, pr := z[b*out:(b+1)*out], n.probs[b*out:(b+1)*out]
		lse := logSoftmaxRow(zr, pr)
		a := int(ds.Actions[i])
		e.loss[j0+b] = -float64(e.job.weights[i]) * float64(zr[a]-lse)
		e.hit[j0+b] = brain.Argmax(zr) == a
	}
}
