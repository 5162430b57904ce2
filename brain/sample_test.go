package brain

import (
	"math"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// The integer weights follow the float softmax of the same logits.
func TestSamplerWeights(t *testing.T) {
	r := game.SplitMix64{State: 3}
	var w [game.NumActions]uint64
	worst := 0.0
	for trial := 0; trial < 2000; trial++ {
		z := make([]int64, game.NumActions)
		spread := int64(1) << (20 + trial%8) // logit spreads from 1/16 to 8 nats
		for i := range z {
			z[i] = int64(r.Next()%uint64(2*spread)) - spread
		}
		sum := sampleWeights(z, &w)
		var fs float64
		p := make([]float64, len(z))
		for i, v := range z {
			p[i] = math.Exp(float64(v) / (1 << accFrac))
			fs += p[i]
		}
		for i := range z {
			worst = max(worst, math.Abs(float64(w[i])/float64(sum)-p[i]/fs))
		}
	}
	t.Logf("largest difference from the float softmax: %.2g", worst)
	if worst > 2e-5 {
		t.Errorf("integer weights differ from the softmax by %.2g, want under 2e-5", worst)
	}
	// Far below the best: weight 0; the best always has 2^32.
	z := make([]int64, game.NumActions)
	z[3] = 50 << accFrac
	if sum := sampleWeights(z, &w); sum != 1<<32 || w[3] != 1<<32 {
		t.Errorf("one logit 50 nats above the rest: sum %d, its weight %d", sum, w[3])
	}
}

// A Sampler draws the same actions from the same seed, other actions from
// another, and its Core's argmax most often.
func TestSampler(t *testing.T) {
	c := mustCore(t, Sage, 4)
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	obs := DigestObservations()
	draw := func(seed uint64) []int {
		s := NewSampler(p, seed)
		out := make([]int, len(obs))
		for i := range obs {
			out[i] = s.Action(&obs[i])
		}
		return out
	}
	a, b, other := draw(1), draw(1), draw(2)
	same, argmax := 0, 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("observation %d: the same seed drew %d and %d", i, a[i], b[i])
		}
		if a[i] == other[i] {
			same++
		}
		if a[i] == p.Action(&obs[i]) {
			argmax++
		}
	}
	if same == len(a) {
		t.Error("two seeds drew the same actions everywhere")
	}
	t.Logf("%d observations: seeds 1 and 2 agree on %d, seed 1 takes the argmax on %d", len(a), same, argmax)
}
