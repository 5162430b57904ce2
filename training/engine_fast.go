package training

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/dojo-arena/dojo/brain"
)

// fastSplitMin is the smallest batch the fast engine cuts in two halves.
const fastSplitMin = 32

// fastEngine trains the mlp directly, with its own Adam. A batch of
// fastSplitMin rows or more is cut into two halves whose forward and
// backward passes run concurrently (the second on a fastWorker), each on
// its own mlp sharing the parameters; the gradients and losses of the
// halves are added in a fixed order (first + second), so a step's result
// depends on the batch size only, not on the number of cores or the
// scheduling.
type fastEngine struct {
	*fastParts
	worker *fastWorker // nil when the batch is not split or there is one core
}

// fastParts is the fast engine's state; the worker's goroutine holds it,
// not the fastEngine, so that a dropped engine's cleanup can stop it.
type fastParts struct {
	parts  []*mlp      // the halves (or the whole batch); parts[0] owns the layers
	ts     [][]float32 // each part's rows of t
	wT     [][]float32 // the parts' transposed weights, set at every step
	x, t   []float32   // the batch
	m, v   [][]float32 // Adam moments, per parameter tensor (weights then bias per layer)
	losses [2]float32  // each part's loss of the last step
	lr     float64
	iter   int
}

func newFastEngine(core *brain.Core, batch int, lr float64) (*fastEngine, error) {
	if batch < 1 {
		return nil, fmt.Errorf("batch size %d", batch)
	}
	spec := &core.Spec
	p := &fastParts{x: make([]float32, batch*spec.Inputs), t: make([]float32, batch*spec.Outputs), lr: lr}
	rows := []int{batch}
	if batch >= fastSplitMin {
		rows = []int{batch - batch/2, batch / 2}
	}
	r0 := 0
	var layers []brain.Layer
	for _, sh := range spec.Layers() {
		p.wT = append(p.wT, make([]float32, sh.In*sh.Out))
	}
	for _, r := range rows {
		n := newMLPOn(spec, r, p.x[r0*spec.Inputs:(r0+r)*spec.Inputs], layers)
		n.wT = p.wT
		layers = n.layers
		p.parts = append(p.parts, n)
		p.ts = append(p.ts, p.t[r0*spec.Outputs:(r0+r)*spec.Outputs])
		r0 += r
	}
	p.parts[0].load(&core.Memories)
	for _, l := range layers {
		p.m = append(p.m, make([]float32, len(l.Weight)), make([]float32, len(l.Bias)))
		p.v = append(p.v, make([]float32, len(l.Weight)), make([]float32, len(l.Bias)))
	}
	e := &fastEngine{fastParts: p}
	if len(p.parts) > 1 && runtime.GOMAXPROCS(0) > 1 {
		e.worker = startFastWorker(func() { p.step(1) })
		runtime.AddCleanup(e, func(w *fastWorker) { w.stop() }, e.worker)
	}
	return e, nil
}

// fastSpin is how long a fastWorker (or the engine waiting for it) polls
// before it blocks: waking a parked thread takes tens of microseconds
// here, a good part of a step.
const fastSpin = time.Millisecond

// fastWorker runs a function on its own goroutine each time it is told to.
type fastWorker struct {
	jobs, done chan struct{}
	once       sync.Once
}

func startFastWorker(run func()) *fastWorker {
	w := &fastWorker{jobs: make(chan struct{}, 1), done: make(chan struct{}, 1)}
	go func() {
		for spinRecv(w.jobs) {
			run()
			w.done <- struct{}{}
		}
	}()
	return w
}

// start has the worker run its function once; wait waits for it to finish.
func (w *fastWorker) start() { w.jobs <- struct{}{} }
func (w *fastWorker) wait()  { spinRecv(w.done) }

// stop ends the worker's goroutine; calling it again does nothing.
func (w *fastWorker) stop() { w.once.Do(func() { close(w.jobs) }) }

// spinRecv receives from c, polling for up to fastSpin before it blocks; it
// reports false when c is closed.
func spinRecv(c chan struct{}) bool {
	start := time.Now()
	for i := 1; ; i++ {
		select {
		case _, ok := <-c:
			return ok
		default:
		}
		if i%64 == 0 && time.Since(start) > fastSpin {
			_, ok := <-c
			return ok
		}
	}
}

func (e *fastEngine) buffers() (x, t []float32) { return e.x, e.t }

// step runs part i's forward and backward passes.
func (e *fastParts) step(i int) {
	n := e.parts[i]
	n.forward(n.batch)
	e.losses[i] = n.lossGrad(e.ts[i])
	n.backward()
}

func (e *fastEngine) forwardBackward() (float32, error) {
	for li, l := range e.parts[0].layers {
		transpose(e.wT[li], l.Weight, l.Out, l.In)
	}
	if len(e.parts) == 1 {
		e.step(0)
		return e.losses[0], nil
	}
	if e.worker == nil {
		e.step(0)
		e.step(1)
	} else {
		e.worker.start()
		e.step(0)
		e.worker.wait()
	}
	return e.losses[0] + e.losses[1], nil
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
	for i, l := range e.parts[0].layers {
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
// gradients summed over the parts.
func (e *fastEngine) update() error {
	e.iter++
	b1, b2 := float32(adamBeta1), float32(adamBeta2)
	k := adamConsts{b1: b1, omb1: 1 - b1, b2: b2, omb2: 1 - b2,
		c1:  float32(1) / float32(1-math.Pow(adamBeta1, float64(e.iter))),
		c2:  float32(1) / float32(1-math.Pow(adamBeta2, float64(e.iter))),
		eta: float32(e.lr), eps: float32(adamEps)}
	n := e.parts[0]
	for li := range n.layers {
		l := &n.layers[li]
		gW, gB := e.partGrads(li)
		adam(l.Weight, n.gW[li], gW, e.m[2*li], e.v[2*li], &k)
		adam(l.Bias, n.gB[li], gB, e.m[2*li+1], e.v[2*li+1], &k)
	}
	return nil
}

func (e *fastEngine) store(m *brain.Memories) error {
	copyParams(m, &brain.Memories{Layers: e.parts[0].layers})
	return nil
}
