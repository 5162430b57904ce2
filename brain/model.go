package brain

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a Brain's network as a Gorgonia expression graph over a batch of
// observations: the model definition the trainer differentiates. It is
// built once (per batch size) and reused; its parameters live in the
// graph's nodes, so Load and Store move them to and from Memories.
//
// In the graph a layer computes X·W + b with W stored In×Out (the
// transpose of Layer.Weight) and b as a 1×Out row broadcast over the batch;
// hidden layers are followed by ReLU.
type Model struct {
	Graph *gorgonia.ExprGraph
	// Batch is the number of rows of Input and Logits.
	Batch int
	// Input is the Batch×Inputs float32 input: feature j of observation o
	// is float32(o[j])/game.ObsOne.
	Input *gorgonia.Node
	// Logits is the Batch×Outputs float32 output.
	Logits *gorgonia.Node
	// Weights and Biases are the learnable nodes of each layer.
	Weights, Biases []*gorgonia.Node

	spec Spec
}

// NewModel adds c's network for batches of batch observations to g and
// loads c's parameters into it.
func NewModel(g *gorgonia.ExprGraph, c *Core, batch int) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("building model: %w", err)
	}
	if batch < 1 {
		return nil, fmt.Errorf("building model: batch size %d, want at least 1", batch)
	}
	m := &Model{Graph: g, Batch: batch, spec: c.Spec}
	m.Input = gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(batch, c.Spec.Inputs), gorgonia.WithName("input"))
	x := m.Input
	shapes := c.Spec.Layers()
	for i, sh := range shapes {
		w := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(sh.In, sh.Out), gorgonia.WithName(WeightName(i)),
			gorgonia.WithValue(tensor.New(tensor.WithShape(sh.In, sh.Out), tensor.WithBacking(make([]float32, sh.In*sh.Out)))))
		b := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(1, sh.Out), gorgonia.WithName(BiasName(i)),
			gorgonia.WithValue(tensor.New(tensor.WithShape(1, sh.Out), tensor.WithBacking(make([]float32, sh.Out)))))
		m.Weights = append(m.Weights, w)
		m.Biases = append(m.Biases, b)
		xw, err := gorgonia.Mul(x, w)
		if err != nil {
			return nil, fmt.Errorf("building model: layer %d matmul: %w", i, err)
		}
		if x, err = gorgonia.BroadcastAdd(xw, b, nil, []byte{0}); err != nil {
			return nil, fmt.Errorf("building model: layer %d bias: %w", i, err)
		}
		if i < len(shapes)-1 {
			if x, err = gorgonia.Rectify(x); err != nil {
				return nil, fmt.Errorf("building model: layer %d relu: %w", i, err)
			}
		}
	}
	m.Logits = x
	if err := m.Load(&c.Memories); err != nil {
		return nil, err
	}
	return m, nil
}

// Learnables returns the parameter nodes, weights and biases layer by layer.
func (m *Model) Learnables() gorgonia.Nodes {
	var ns gorgonia.Nodes
	for i := range m.Weights {
		ns = append(ns, m.Weights[i], m.Biases[i])
	}
	return ns
}

// nodeData returns the float32 backing array of a parameter node.
func nodeData(n *gorgonia.Node) ([]float32, error) {
	t, ok := n.Value().(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("node %s holds %T, not a dense tensor", n.Name(), n.Value())
	}
	d, ok := t.Data().([]float32)
	if !ok {
		return nil, fmt.Errorf("node %s holds %T, not float32", n.Name(), t.Data())
	}
	return d, nil
}

// Load copies mem's parameters into the graph.
func (m *Model) Load(mem *Memories) error {
	if err := mem.check(&m.spec); err != nil {
		return fmt.Errorf("loading parameters into model: %w", err)
	}
	for i, l := range mem.Layers {
		w, err := nodeData(m.Weights[i])
		if err != nil {
			return fmt.Errorf("loading parameters into model: %w", err)
		}
		b, err := nodeData(m.Biases[i])
		if err != nil {
			return fmt.Errorf("loading parameters into model: %w", err)
		}
		for r := 0; r < l.Out; r++ {
			for c := 0; c < l.In; c++ {
				w[c*l.Out+r] = l.Weight[r*l.In+c]
			}
		}
		copy(b, l.Bias)
	}
	return nil
}

// Store copies the graph's parameters into mem, whose layers must already
// have the model's shapes. The lineage is left alone.
func (m *Model) Store(mem *Memories) error {
	if err := mem.check(&m.spec); err != nil {
		return fmt.Errorf("storing model parameters: %w", err)
	}
	for i := range mem.Layers {
		l := &mem.Layers[i]
		w, err := nodeData(m.Weights[i])
		if err != nil {
			return fmt.Errorf("storing model parameters: %w", err)
		}
		b, err := nodeData(m.Biases[i])
		if err != nil {
			return fmt.Errorf("storing model parameters: %w", err)
		}
		for r := 0; r < l.Out; r++ {
			for c := 0; c < l.In; c++ {
				l.Weight[r*l.In+c] = w[c*l.Out+r]
			}
		}
		copy(l.Bias, b)
	}
	return nil
}
