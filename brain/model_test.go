package brain

import (
	"math"
	"reflect"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/dojo-arena/dojo/game"
)

// TestModelMatchesFloatPolicy checks that the Gorgonia graph and the plain
// float32 forward pass are the same function of the same parameters.
func TestModelMatchesFloatPolicy(t *testing.T) {
	obs := DigestObservations()
	const batch = 32
	for _, a := range Archetypes() {
		t.Run(a, func(t *testing.T) {
			c := mustCore(t, a, 8)
			// Non-zero biases, so that their layout is checked too.
			for li := range c.Memories.Layers {
				for r := range c.Memories.Layers[li].Bias {
					c.Memories.Layers[li].Bias[r] = float32(r%7) / 10
				}
			}
			g := gorgonia.NewGraph()
			m, err := NewModel(g, c, batch)
			if err != nil {
				t.Fatal(err)
			}
			x := make([]float32, batch*game.ObsLen)
			for b := 0; b < batch; b++ {
				for j, v := range obs[b] {
					x[b*game.ObsLen+j] = float32(v) / game.ObsOne
				}
			}
			if err := gorgonia.Let(m.Input, tensor.New(tensor.WithShape(batch, game.ObsLen), tensor.WithBacking(x))); err != nil {
				t.Fatal(err)
			}
			vm := gorgonia.NewTapeMachine(g)
			defer vm.Close()
			if err := vm.RunAll(); err != nil {
				t.Fatal(err)
			}
			logits := m.Logits.Value().Data().([]float32)
			f, err := NewFloatPolicy(c)
			if err != nil {
				t.Fatal(err)
			}
			for b := 0; b < batch; b++ {
				want := f.Logits(&obs[b])
				for k, w := range want {
					got := logits[b*game.NumActions+k]
					if math.Abs(float64(got-w)) > 1e-4*(1+math.Abs(float64(w))) {
						t.Fatalf("observation %d logit %d: graph %g, float policy %g", b, k, got, w)
					}
				}
			}
		})
	}
}

func TestModelLoadStore(t *testing.T) {
	c := mustCore(t, Sage, 2)
	c.Memories.Layers[2].Bias[4] = 0.25
	m, err := NewModel(gorgonia.NewGraph(), c, 4)
	if err != nil {
		t.Fatal(err)
	}
	out := c.Clone()
	for li := range out.Memories.Layers {
		clear(out.Memories.Layers[li].Weight)
		clear(out.Memories.Layers[li].Bias)
	}
	if err := m.Store(&out.Memories); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out.Memories.Layers, c.Memories.Layers) {
		t.Error("Store(NewModel(c)) does not give back c's parameters")
	}
	if got := len(m.Learnables()); got != 6 {
		t.Errorf("%d learnables, want 6", got)
	}
	if _, err := NewModel(gorgonia.NewGraph(), c, 0); err == nil {
		t.Error("NewModel accepted batch 0")
	}
	other := mustCore(t, Swift, 1)
	if err := m.Load(&other.Memories); err == nil {
		t.Error("Load accepted memories of another brain")
	}
}
