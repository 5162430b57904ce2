package training

import (
	"fmt"
	"time"

	"github.com/dojo-arena/dojo/brain"
)

// fastSplitMin is the smallest batch the fast engine cuts in two parts.
// Two cores share a step only when its work outweighs what sharing costs:
// every step both read all the weights the other has just updated, and
// hand gradients and the turn over. Measured on this project's 2-core
// machines, quiet, steps per second with two workers against one: ×0.9–1.1
// at batch 64, ×1.0–1.2 at 128, ×1.15–1.35 at 256. Smaller batches run on
// one goroutine, whatever Config.Workers says.
const fastSplitMin = 128

// fastEngine trains the mlp directly, with its own Adam.
//
// A batch of fastSplitMin rows or more is cut into two parts, each with its
// own mlp on the shared parameters; a step's losses and gradients are the
// parts' added in a fixed order (first + second). So a step's result
// depends on the batch size only, never on how many goroutines ran the
// parts or in what order. The parts (fill, forward, backward) are the
// tasks of one team job, and Adam, split by weight rows, the tasks of
// another; with a team of one, or when the helper is busy elsewhere, the
// caller runs them all, and when the steps are measured to go faster on
// the caller alone (beside a busy process), it runs them all without
// waking the helper (modeChooser).
//
// Adam writes every updated weight both into the layers and into the
// transposed copy the forward pass reads, so no step transposes anything.
type fastEngine struct {
	p      *params
	parts  []*mlp
	m, v   [][]float32 // Adam moments, per parameter tensor (weights then bias per layer)
	losses []float32   // each part's loss of the last step
	lr     float64
	iter   int
	team   *team
	k      adamConsts // the current Adam step's constants
	// The batch of the next step, read by the tasks.
	ds      *Dataset
	batch   []int
	weights []float32
	// The tasks, bound once so that a step allocates nothing.
	partTask, adamTask func(task, who int)
	// choose times the steps and says whether they run on the team or on
	// the caller alone; stepStart is when the current step began.
	choose    modeChooser
	stepStart time.Time
}

// newFastEngine returns a fast engine starting from core's parameters,
// running its steps on t (nil: on the caller alone).
func newFastEngine(core *brain.Core, batch int, lr float64, t *team) (*fastEngine, error) {
	if batch < 1 {
		return nil, fmt.Errorf("batch size %d", batch)
	}
	spec := &core.Spec
	e := &fastEngine{p: newParams(spec), lr: lr, team: t}
	e.p.load(&core.Memories)
	rows := []int{batch}
	if batch >= fastSplitMin {
		rows = []int{batch - batch/2, batch / 2}
	}
	for _, r := range rows {
		e.parts = append(e.parts, newMLP(spec, r, e.p, true))
	}
	e.losses = make([]float32, len(e.parts))
	for _, l := range e.p.layers {
		e.m = append(e.m, make([]float32, len(l.Weight)), make([]float32, len(l.Bias)))
		e.v = append(e.v, make([]float32, len(l.Weight)), make([]float32, len(l.Bias)))
	}
	e.partTask, e.adamTask = e.part, e.adamRows
	return e, nil
}

func (e *fastEngine) setBatch(ds *Dataset, batch []int, weights []float32) {
	e.ds, e.batch, e.weights = ds, batch, weights
}

// part fills part i's rows with its share of the batch and runs its
// forward and backward passes.
func (e *fastEngine) part(i, _ int) {
	r0 := 0
	for _, p := range e.parts[:i] {
		r0 += p.batch
	}
	n := e.parts[i]
	samples := e.batch[min(r0, len(e.batch)):min(r0+n.batch, len(e.batch))]
	fillRows(n.acts[0], n.t, e.ds, samples, e.weights, 1/float32(len(e.batch)))
	n.forward(n.batch)
	e.losses[i] = n.lossGrad()
	n.backward()
}

func (e *fastEngine) forwardBackward() (float32, error) {
	if len(e.batch) == 0 || len(e.batch) > e.parts[0].batch*len(e.parts) {
		return 0, fmt.Errorf("fast engine: batch of %d samples", len(e.batch))
	}
	if e.team.workers() > 1 {
		e.team.solo = e.choose.alone()
		e.stepStart = time.Now()
	}
	e.team.do(len(e.parts), e.partTask)
	e.ds, e.batch, e.weights = nil, nil, nil
	loss := e.losses[0]
	for _, l := range e.losses[1:] {
		loss += l
	}
	return loss, nil
}

// partGrads returns the second part's gradients of layer li, or nil when
// the batch is not split.
func (e *fastEngine) partGrads(li int) (gW, gB []float32) {
	if len(e.parts) == 1 {
		return nil, nil
	}
	return e.parts[1].gW[li], e.parts[1].gB[li]
}

func (e *fastEngine) gradients() ([]brain.Layer, error) {
	var out []brain.Layer
	for i, l := range e.p.layers {
		gl := brain.Layer{In: l.In, Out: l.Out,
			Weight: append([]float32(nil), e.parts[0].gW[i]...), Bias: append([]float32(nil), e.parts[0].gB[i]...)}
		if gW, gB := e.partGrads(i); gW != nil {
			for k, v := range gW {
				gl.Weight[k] += v
			}
			for k, v := range gB {
				gl.Bias[k] += v
			}
		}
		out = append(out, gl)
	}
	return out, nil
}

// update is Adam as Gorgonia computes it, in float32 (see adamGo), on the
// gradients summed over the parts. Every parameter's update is computed
// alone, so splitting the rows between tasks changes nothing.
func (e *fastEngine) update() error {
	e.iter++
	e.k = newAdamConsts(e.iter, e.lr)
	e.team.do(e.team.workers(), e.adamTask)
	if !e.stepStart.IsZero() {
		e.choose.record(time.Since(e.stepStart))
		e.stepStart = time.Time{}
	}
	return nil
}

// adamRows is Adam on task i's share of every layer's weight rows (and, for
// the last task, the biases), of n tasks.
func (e *fastEngine) adamRows(i, _ int) {
	n := e.team.workers()
	first := e.parts[0]
	for li := range e.p.layers {
		l := &e.p.layers[li]
		gW, gB := e.partGrads(li)
		r0, r1 := adamSplit(i, n, l.Out), adamSplit(i+1, n, l.Out)
		var g2 []float32
		if gW != nil {
			g2 = gW[r0*l.In : r1*l.In]
		}
		o0, o1 := r0*l.In, r1*l.In
		adamWeights(l.Weight[o0:o1], first.gW[li][o0:o1], g2, e.m[2*li][o0:o1], e.v[2*li][o0:o1],
			r1-r0, l.In, &e.k, e.p.wT[li][r0:], l.Out)
		if i == n-1 {
			adam(l.Bias, first.gB[li], gB, e.m[2*li+1], e.v[2*li+1], &e.k)
		}
	}
}

// adamSplit is where task i of n starts on rows rows: at a multiple of 8,
// the block adamWeights works in.
func adamSplit(i, n, rows int) int {
	if i >= n {
		return rows
	}
	return i * rows / n &^ 7
}

func (e *fastEngine) store(m *brain.Memories) error {
	copyParams(m, &brain.Memories{Layers: e.p.layers})
	return nil
}
