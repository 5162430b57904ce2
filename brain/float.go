package brain

import (
	"fmt"

	"github.com/dojo-arena/dojo/game"
)

// FloatPolicy runs a Core's model in float32, exactly as trained: feature
// j of the input is float32(o[j])/game.ObsOne, each hidden layer is
// ReLU(W·x + b), and the output is W·x + b.
//
// Every product is converted to float32 before it is added
// (s += float32(w*x)), which forbids the compiler from fusing it into an
// FMA: the results are the same on amd64 and arm64. FloatPolicy is the
// reference the integer Policy is measured against; matches use Policy.
//
// A FloatPolicy keeps its own buffers: it allocates nothing per call and is
// not safe for concurrent use.
type FloatPolicy struct {
	layers []Layer
	bufs   [][]float32
	in     []float32
}

// NewFloatPolicy copies c's parameters into a FloatPolicy.
func NewFloatPolicy(c *Core) (*FloatPolicy, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("building float policy: %w", err)
	}
	m := c.Memories.clone()
	p := &FloatPolicy{layers: m.Layers, in: make([]float32, c.Spec.Inputs)}
	for _, l := range m.Layers {
		p.bufs = append(p.bufs, make([]float32, l.Out))
	}
	return p, nil
}

// Logits returns the model's output for o. The slice is owned by p and
// overwritten by the next call.
func (p *FloatPolicy) Logits(o *game.Observation) []float32 {
	Features(p.in, o)
	x := p.in
	last := len(p.layers) - 1
	for li := range p.layers {
		l := &p.layers[li]
		y := p.bufs[li]
		for r := range y {
			w := l.Weight[r*l.In : r*l.In+l.In]
			s := l.Bias[r]
			for c, xc := range x[:len(w)] {
				s += float32(w[c] * xc)
			}
			if li != last && s < 0 {
				s = 0
			}
			y[r] = s
		}
		x = y
	}
	return x
}

// Action returns the id of the largest logit for o, the lowest id on ties.
func (p *FloatPolicy) Action(o *game.Observation) int { return Argmax(p.Logits(o)) }

// Decide implements game.Controller.
func (p *FloatPolicy) Decide(o *game.Observation) game.Input { return game.Action(p.Action(o)) }
