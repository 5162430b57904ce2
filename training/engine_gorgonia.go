package training

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/dojo-arena/dojo/brain"
)

// gorgoniaEngine trains the Brain's Gorgonia graph. The graph (model,
// log-softmax, weighted cross-entropy and its gradients) is built once and
// run by one TapeMachine for every step; batches are written into the
// tensors bound to the input nodes with gorgonia.Let.
type gorgoniaEngine struct {
	model  *brain.Model
	loss   *gorgonia.Node
	vm     gorgonia.VM
	solver *gorgonia.AdamSolver
	learn  gorgonia.Nodes
	vgs    []gorgonia.ValueGrad
	x, t   []float32
}

func newGorgoniaEngine(core *brain.Core, batch int, lr float64) (e *gorgoniaEngine, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, err = nil, fmt.Errorf("building gorgonia training graph: %v", r)
		}
	}()
	g := gorgonia.NewGraph()
	m, err := brain.NewModel(g, core, batch)
	if err != nil {
		return nil, err
	}
	e = &gorgoniaEngine{model: m, x: make([]float32, batch*core.Spec.Inputs), t: make([]float32, batch*core.Spec.Outputs)}
	if err := gorgonia.Let(m.Input, tensor.New(tensor.WithShape(batch, core.Spec.Inputs), tensor.WithBacking(e.x))); err != nil {
		return nil, fmt.Errorf("binding input: %w", err)
	}
	target := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(batch, core.Spec.Outputs), gorgonia.WithName("target"))
	if err := gorgonia.Let(target, tensor.New(tensor.WithShape(batch, core.Spec.Outputs), tensor.WithBacking(e.t))); err != nil {
		return nil, fmt.Errorf("binding target: %w", err)
	}
	logp, err := gorgonia.LogSoftMax(m.Logits)
	if err != nil {
		return nil, fmt.Errorf("log-softmax: %w", err)
	}
	prod, err := gorgonia.HadamardProd(target, logp)
	if err != nil {
		return nil, fmt.Errorf("weighting: %w", err)
	}
	sum, err := gorgonia.Sum(prod)
	if err != nil {
		return nil, fmt.Errorf("loss sum: %w", err)
	}
	if e.loss, err = gorgonia.Neg(sum); err != nil {
		return nil, fmt.Errorf("loss: %w", err)
	}
	e.learn = m.Learnables()
	if _, err := gorgonia.Grad(e.loss, e.learn...); err != nil {
		return nil, fmt.Errorf("gradients: %w", err)
	}
	e.vm = gorgonia.NewTapeMachine(g, gorgonia.BindDualValues(e.learn...))
	e.solver = gorgonia.NewAdamSolver(gorgonia.WithLearnRate(lr), gorgonia.WithBeta1(adamBeta1),
		gorgonia.WithBeta2(adamBeta2), gorgonia.WithEps(adamEps))
	e.vgs = gorgonia.NodesToValueGrads(e.learn)
	return e, nil
}

func (e *gorgoniaEngine) setBatch(ds *Dataset, batch []int, weights []float32) {
	fillBatch(e.x, e.t, ds, batch, weights)
}

func (e *gorgoniaEngine) forwardBackward() (loss float32, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gorgonia step: %v", r)
		}
	}()
	e.vm.Reset()
	if err := e.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("running gorgonia graph: %w", err)
	}
	v, ok := e.loss.Value().Data().(float32)
	if !ok {
		return 0, fmt.Errorf("gorgonia loss is %T, not float32", e.loss.Value().Data())
	}
	return v, nil
}

func (e *gorgoniaEngine) update() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gorgonia adam step: %v", r)
		}
	}()
	if err := e.solver.Step(e.vgs); err != nil {
		return fmt.Errorf("gorgonia adam step: %w", err)
	}
	return nil
}

func (e *gorgoniaEngine) store(m *brain.Memories) error { return e.model.Store(m) }

func (e *gorgoniaEngine) gradients() ([]brain.Layer, error) {
	var out []brain.Layer
	for i := range e.model.Weights {
		gw, err := gradData(e.model.Weights[i])
		if err != nil {
			return nil, err
		}
		gb, err := gradData(e.model.Biases[i])
		if err != nil {
			return nil, err
		}
		in, outN := e.model.Weights[i].Shape()[0], e.model.Weights[i].Shape()[1]
		l := brain.Layer{In: in, Out: outN, Weight: make([]float32, in*outN), Bias: append([]float32(nil), gb...)}
		for r := 0; r < outN; r++ {
			for c := 0; c < in; c++ {
				l.Weight[r*in+c] = gw[c*outN+r]
			}
		}
		out = append(out, l)
	}
	return out, nil
}

func gradData(n *gorgonia.Node) ([]float32, error) {
	g, err := n.Grad()
	if err != nil {
		return nil, fmt.Errorf("gradient of %s: %w", n.Name(), err)
	}
	d, ok := g.Data().([]float32)
	if !ok {
		return nil, fmt.Errorf("gradient of %s is %T", n.Name(), g.Data())
	}
	return d, nil
}
