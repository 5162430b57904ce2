package training

import (
	"fmt"
	"math"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// mlp is the Brain's network as plain float32 arrays, batched, on the
// matrix product of fast_gemm.go: the fast engine's forward and backward
// passes, and the evaluator of both engines. Weights are brain.Layer's
// Out×In row-major.
type mlp struct {
	batch  int
	layers []brain.Layer
	acts   [][]float32 // acts[0] is the input; acts[l+1] the output of layer l
	deltas [][]float32 // gradient w.r.t. acts[l+1] before the activation
	gW, gB [][]float32
	probs  []float32
	wT     [][]float32 // when not nil, the weights transposed (In×Out), kept by the owner
	g      gemm
}

func newMLP(spec *brain.Spec, batch int) (*mlp, error) {
	if batch < 1 {
		return nil, fmt.Errorf("batch size %d", batch)
	}
	return newMLPOn(spec, batch, make([]float32, batch*spec.Inputs), nil), nil
}

// newMLPOn returns an mlp of batch rows whose input is x (batch×Inputs)
// and whose parameters are layers, or new zero ones when layers is nil.
func newMLPOn(spec *brain.Spec, batch int, x []float32, layers []brain.Layer) *mlp {
	n := &mlp{batch: batch, layers: layers}
	n.acts = append(n.acts, x)
	for _, sh := range spec.Layers() {
		if layers == nil {
			n.layers = append(n.layers, brain.Layer{In: sh.In, Out: sh.Out,
				Weight: make([]float32, sh.In*sh.Out), Bias: make([]float32, sh.Out)})
		}
		n.acts = append(n.acts, make([]float32, batch*sh.Out))
		n.deltas = append(n.deltas, make([]float32, batch*sh.Out))
		n.gW = append(n.gW, make([]float32, sh.In*sh.Out))
		n.gB = append(n.gB, make([]float32, sh.Out))
	}
	n.probs = make([]float32, batch*spec.Outputs)
	return n
}

func (n *mlp) load(m *brain.Memories) { copyParams(&brain.Memories{Layers: n.layers}, m) }

// forward computes the logits of the first rows rows of acts[0] into the
// last acts.
func (n *mlp) forward(rows int) []float32 {
	for li := range n.layers {
		l := &n.layers[li]
		x, y := n.acts[li][:rows*l.In], n.acts[li+1][:rows*l.Out]
		// y = x·Wᵀ + bias, then the ReLU below the last layer.
		if n.wT != nil {
			n.g.mul(false, false, rows, l.Out, l.In, x, l.In, n.wT[li], l.Out, y, l.Out)
		} else {
			n.g.mul(false, true, rows, l.Out, l.In, x, l.In, l.Weight, l.In, y, l.Out)
		}
		addBias(y, l.Bias, li < len(n.layers)-1)
	}
	return n.acts[len(n.layers)][:rows*n.layers[len(n.layers)-1].Out]
}

// logSoftmaxRow writes softmax(z) into p and returns log-sum-exp(z).
func logSoftmaxRow(z, p []float32) float32 {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var s float32
	for k, v := range z {
		e := float32(math.Exp(float64(v - m)))
		p[k] = e
		s += e
	}
	for k := range p {
		p[k] /= s
	}
	return m + float32(math.Log(float64(s)))
}

// lossGrad computes the weighted cross-entropy of the logits against
// targets t (Batch×Outputs, see fillBatch) and its gradient w.r.t. the
// logits into the last delta: dz = softmax(z)·Σt − t.
func (n *mlp) lossGrad(t []float32) float32 {
	L := len(n.layers) - 1
	out := n.layers[L].Out
	z, dz := n.acts[L+1], n.deltas[L]
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
	for li := len(n.layers) - 1; li >= 0; li-- {
		l := &n.layers[li]
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

// evaluate returns the weighted cross-entropy (normalised by the summed
// weight) and the argmax accuracy of the network on the samples idx.
func (n *mlp) evaluate(ds *Dataset, idx []int, weights []float32) (loss, acc float64) {
	out := n.layers[len(n.layers)-1].Out
	var lsum, wsum float64
	correct := 0
	for s := 0; s < len(idx); s += n.batch {
		chunk := idx[s:min(s+n.batch, len(idx))]
		x := n.acts[0]
		for b, i := range chunk {
			row := x[b*game.ObsLen : (b+1)*game.ObsLen]
			brain.Features(row, &ds.Obs[i])
		}
		z := n.forward(len(chunk))
		for b, i := range chunk {
			zr, pr := z[b*out:(b+1)*out], n.probs[b*out:(b+1)*out]
			lse := logSoftmaxRow(zr, pr)
			a := int(ds.Actions[i])
			w := float64(weights[i])
			lsum -= w * float64(zr[a]-lse)
			wsum += w
			if brain.Argmax(zr) == a {
				correct++
			}
		}
	}
	if wsum > 0 {
		loss = lsum / wsum
	}
	return loss, float64(correct) / float64(len(idx))
}
