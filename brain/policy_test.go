package brain

import (
	"math"
	"math/bits"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// matchObservations returns the observations both sides saw in seeded
// matches between the scripted bots and random bots, every step-th one.
func matchObservations(tb testing.TB, matches, step int) []game.Observation {
	tb.Helper()
	bots := []game.BotFunc{game.Rushdown, game.Turtle, game.Zoner}
	var obs []game.Observation
	for m := 0; m < matches; m++ {
		seed := uint64(1000 + m)
		var p2 game.Controller = game.NewRandomBot(seed)
		if m%2 == 1 {
			p2 = bots[(m+1)%len(bots)]
		}
		d := game.NewDriver(game.Config{Seed: seed}, [2]game.Seat{{Controller: bots[m%len(bots)]}, {Controller: p2}}, 0)
		n := 0
		d.OnDecision = func(side int, o *game.Observation, in game.Input) {
			if n%step == 0 {
				obs = append(obs, *o)
			}
			n++
		}
		d.Run()
	}
	return obs
}

func TestRoundShift(t *testing.T) {
	tests := []struct {
		v    int64
		s    int
		want int64
	}{
		{5, 0, 5},
		{5, 1, 3},   // 2.5 rounds half up
		{-5, 1, -2}, // -2.5 rounds half up
		{-6, 1, -3},
		{7, 2, 2}, // 1.75
		{1 << 40, 40, 1},
		{1<<61 - 1, 62, 0},
		{1<<61 + 1, 62, 1},
		{123, 63, 0},
		{-123, 200, 0},
		{3, -2, 12},
		{-3, -2, -12},
		{1 << 40, -30, satLimit},
		{-1 << 40, -30, -satLimit},
		{1, -70, satLimit},
		{0, -70, 0},
	}
	for _, tt := range tests {
		if got := roundShift(tt.v, tt.s); got != tt.want {
			t.Errorf("roundShift(%d, %d) = %d, want %d", tt.v, tt.s, got, tt.want)
		}
	}
}

// referenceLogits is the integer forward pass written straight from the
// Policy's documentation: quantisation from the float weights, plain int64
// dot products over every input, no packing, no skipping. The Policy must
// give exactly the same logits for the input features x.
func referenceLogits(t *testing.T, layers []Layer, x []int32) []int64 {
	t.Helper()
	a := make([]int64, len(x))
	var maxAbs int64
	for i, v := range x {
		a[i] = int64(v)
		maxAbs = max(maxAbs, abs64(a[i]))
	}
	e := -12
	_, ab0 := layerBits(len(x))
	if sh := bits.Len64(uint64(maxAbs)) - ab0; sh > 0 {
		for i := range a {
			a[i] = roundShift(a[i], sh)
		}
		e += sh
	}
	for li, l := range layers {
		wbits, abits := layerBits(l.In)
		wmax := float32(int64(1)<<wbits - 1)
		for _, v := range a {
			if abs64(v) > 1<<abits {
				t.Fatalf("layer %d input %d exceeds 2^%d", li, v, abits)
			}
		}
		z := make([]int64, l.Out)
		for r := range z {
			w := l.Weight[r*l.In : (r+1)*l.In]
			var m float32
			for _, v := range w {
				m = max(m, float32(math.Abs(float64(v))))
			}
			z[r] = int64(math.Round(float64(l.Bias[r]) * (1 << 24)))
			s := m / wmax
			if s == 0 {
				continue
			}
			var acc int64
			for c, v := range w {
				q := int64(min(float64(wmax), max(-float64(wmax), math.Round(float64(v/s)))))
				acc += q * a[c]
			}
			if acc >= 1<<31 || acc < -1<<31 {
				t.Fatalf("layer %d row %d sum %d does not fit in int32", li, r, acc)
			}
			frac, exp := math.Frexp(float64(s))
			z[r] += roundShift(int64(frac*(1<<31))*acc, 31-exp-e-24)
		}
		if li == len(layers)-1 {
			return z
		}
		var maxZ int64
		for r := range z {
			z[r] = max(z[r], 0)
			maxZ = max(maxZ, z[r])
		}
		_, next := layerBits(l.Out)
		sh := max(0, bits.Len64(uint64(maxZ))-next)
		a = make([]int64, l.Out)
		for r := range z {
			a[r] = roundShift(z[r], sh)
		}
		e = sh - 24
	}
	return nil
}

// wildCore returns a core whose parameters stress the fixed-point ranges:
// magnitudes from subnormal to MaxAbsParam, zero rows, odd rows.
func wildCore(t *testing.T, archetype string, seed uint64) *Core {
	c := mustCore(t, archetype, seed)
	r := game.SplitMix64{State: seed}
	for li := range c.Memories.Layers {
		l := &c.Memories.Layers[li]
		for row := 0; row < l.Out; row++ {
			scale := math.Ldexp(1, int(r.Next()%40)-24) // 2^-24 … 2^15
			switch r.Next() % 8 {
			case 0:
				scale = 0
			case 1:
				scale = 1e-40 // subnormal float32
			case 2:
				scale = MaxAbsParam
			}
			for c := 0; c < l.In; c++ {
				u := float64(r.Next()>>11)*0x1p-53*2 - 1
				l.Weight[row*l.In+c] = float32(u * scale)
			}
			l.Bias[row] = float32((float64(r.Next()>>11)*0x1p-53*2 - 1) * scale)
		}
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPolicyMatchesReference(t *testing.T) {
	obs := DigestObservations()[:64]
	r := game.SplitMix64{State: 99}
	var extreme []game.Observation
	for k := 0; k < 64; k++ {
		var o game.Observation
		for i := range o {
			switch k % 4 {
			case 0:
				o[i] = int32(r.Next())
			case 1:
				o[i] = int32(r.Next()) >> 16
			case 2:
				o[i] = []int32{math.MaxInt32, math.MinInt32, 0, -1}[r.Next()%4]
			default:
				o[i] = int32(r.Next()%8193) - 4096
			}
		}
		extreme = append(extreme, o)
	}
	// Every kernel this CPU runs: the portable one always, the vector
	// ones where the CPU has their features.
	for _, k := range kernels() {
		t.Run(k.String(), func(t *testing.T) { checkReference(t, k, obs, extreme) })
	}
	for k := range numKernels {
		if !kernelSupported(k) {
			t.Logf("kernel %v: not supported by this CPU or build, not tested", k)
		}
	}
}

// TestPolicyKernel: NewPolicy runs the fastest kernel the CPU has, and a
// clone runs the same one.
func TestPolicyKernel(t *testing.T) {
	ks := kernels()
	if ks[0] != kernelPortable {
		t.Fatalf("kernels() = %v, want the portable kernel first", ks)
	}
	p, err := NewPolicy(mustCore(t, Sage, 1))
	if err != nil {
		t.Fatal(err)
	}
	if want := ks[len(ks)-1].String(); p.Kernel() != want || p.Clone().Kernel() != want {
		t.Errorf("kernel %q, clone %q, want %q (of %v)", p.Kernel(), p.Clone().Kernel(), want, ks)
	}
	t.Logf("this CPU runs %v; NewPolicy picks %s", ks, p.Kernel())
}

// policyWith returns c's Policy running kernel k.
func policyWith(t testing.TB, c *Core, k kernel) *Policy {
	t.Helper()
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	return p.net.newPolicy(k)
}

func checkReference(t *testing.T, k kernel, obs, extreme []game.Observation) {
	for _, a := range Archetypes() {
		cores := map[string]*Core{"fresh": mustCore(t, a, 3), "wild1": wildCore(t, a, 1), "wild2": wildCore(t, a, 2)}
		for name, c := range cores {
			p := policyWith(t, c, k)
			for _, set := range [][]game.Observation{obs, extreme} {
				for i := range set {
					want := referenceLogits(t, c.Memories.Layers, set[i][:])
					got := p.Logits(&set[i])
					for k := range want {
						if got[k] != want[k] {
							t.Fatalf("%s %s obs %d: logit %d = %d, reference %d", a, name, i, k, got[k], want[k])
						}
					}
					if act := p.Action(&set[i]); act < 0 || act >= game.NumActions {
						t.Fatalf("action %d out of range", act)
					}
				}
			}
		}
	}
}

// TestKernelsAnyWidth runs every kernel on networks of other shapes than
// the archetypes' (odd widths, widths that are not a multiple of the vector
// length, a single input, an observation of 96 features) against the
// reference, with random and extreme inputs.
func TestKernelsAnyWidth(t *testing.T) {
	r := game.SplitMix64{State: 7}
	shapes := [][]int{{96, 128, 128, 16}, {95, 64, 64, 16}, {33, 17, 40, 16}, {1, 2, 1, 16}, {64, 200, 5}}
	for _, shape := range shapes {
		layers := make([]Layer, len(shape)-1)
		for li := range layers {
			in, out := shape[li], shape[li+1]
			l := Layer{In: in, Out: out, Weight: make([]float32, in*out), Bias: make([]float32, out)}
			for row := range out {
				scale := math.Ldexp(1, int(r.Next()%24)-16)
				if r.Next()%7 == 0 {
					scale = 0
				}
				for c := range in {
					l.Weight[row*in+c] = float32((float64(r.Next()>>11)*0x1p-53*2 - 1) * scale)
				}
				l.Bias[row] = float32((float64(r.Next()>>11)*0x1p-53*2 - 1) * scale)
			}
			layers[li] = l
		}
		n := newQNet(Spec{Inputs: shape[0]}, layers)
		for _, k := range kernels() {
			p := n.newPolicy(k)
			if shape[1] == 1 || shape[0] == 1 {
				if p.kern != kernelPortable {
					t.Errorf("%v: a single-input layer runs on %v; its activations do not fit in int16", shape, p.kern)
				}
			} else if p.kern != k {
				t.Errorf("%v: asked for %v, runs %v", shape, k, p.kern)
			}
			x := make([]int32, shape[0])
			for trial := range 200 {
				for i := range x {
					switch {
					case trial%4 == 0:
						x[i] = int32(r.Next())
					case r.Next()%3 == 0:
						x[i] = 0
					default:
						x[i] = int32(r.Next()%8193) - 4096
					}
				}
				want := referenceLogits(t, layers, x)
				got := p.forward(x)
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%v kernel %v trial %d: logit %d = %d, reference %d", shape, k, trial, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestPolicyAgreesWithFloat is the quantisation's accuracy check: on
// observations from real matches, the integer Policy picks the same action
// as the float32 model at least 99% of the time (measured: 99.8–100% for
// freshly minted cores; trained cores are checked in package training).
func TestPolicyAgreesWithFloat(t *testing.T) {
	obs := matchObservations(t, 6, 3)
	for _, a := range Archetypes() {
		total, agree := 0, 0
		for seed := uint64(1); seed <= 5; seed++ {
			p, f := bothPolicies(t, mustCore(t, a, seed))
			n := 0
			for i := range obs {
				if p.Action(&obs[i]) == f.Action(&obs[i]) {
					n++
				}
			}
			if rate := float64(n) / float64(len(obs)); rate < 0.98 {
				t.Errorf("%s seed %d: integer and float policies agree on %.2f%% of %d observations, want ≥ 98%%", a, seed, 100*rate, len(obs))
			}
			total += len(obs)
			agree += n
		}
		rate := float64(agree) / float64(total)
		t.Logf("%s: integer policy agrees with float32 on %d/%d = %.2f%% of observations from real matches", a, agree, total, 100*rate)
		if rate < 0.99 {
			t.Errorf("%s: agreement %.2f%%, want ≥ 99%%", a, 100*rate)
		}
	}
}

func TestPolicyAllocatesNothing(t *testing.T) {
	obs := DigestObservations()
	for _, a := range Archetypes() {
		c := mustCore(t, a, 1)
		p, err := NewPolicy(c)
		if err != nil {
			t.Fatal(err)
		}
		f, err := NewFloatPolicy(c)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		if n := testing.AllocsPerRun(200, func() { p.Decide(&obs[i%len(obs)]); i++ }); n != 0 {
			t.Errorf("%s: Policy.Decide allocates %.1f times per call", a, n)
		}
		if n := testing.AllocsPerRun(200, func() { f.Decide(&obs[i%len(obs)]); i++ }); n != 0 {
			t.Errorf("%s: FloatPolicy.Decide allocates %.1f times per call", a, n)
		}
	}
}

func TestPolicyTieBreak(t *testing.T) {
	tests := []struct {
		name string
		bias map[int]float32
		want int
	}{
		{"all equal", nil, 0},
		{"two best", map[int]float32{3: 1, 5: 1, 9: 0.5}, 3},
		{"one best", map[int]float32{15: 2, 3: 1}, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCore(t, Swift, 1)
			for li := range c.Memories.Layers {
				clear(c.Memories.Layers[li].Weight)
			}
			last := &c.Memories.Layers[len(c.Memories.Layers)-1]
			for k, v := range tt.bias {
				last.Bias[k] = v
			}
			p, err := NewPolicy(c)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := NewFloatPolicy(c)
			o := DigestObservations()[7]
			if got := p.Action(&o); got != tt.want {
				t.Errorf("Policy.Action = %d, want %d", got, tt.want)
			}
			if got := f.Action(&o); got != tt.want {
				t.Errorf("FloatPolicy.Action = %d, want %d", got, tt.want)
			}
			if got := p.Decide(&o); got != game.Action(tt.want) {
				t.Errorf("Decide = %v, want %v", got, game.Action(tt.want))
			}
		})
	}
}

func TestPolicyPlaysAMatch(t *testing.T) {
	p, err := NewPolicy(mustCore(t, Sage, 4))
	if err != nil {
		t.Fatal(err)
	}
	clone := p.Clone()
	var seats [2]game.Seat
	seats[0] = game.Seat{Name: "core", Controller: p, Interval: p.Spec().Interval}
	seats[1] = game.Seat{Name: "bot:zoner", Controller: game.BotFunc(game.Zoner)}
	d := game.NewDriver(game.Config{Seed: 5}, seats, 0)
	decisions := 0
	d.OnDecision = func(side int, o *game.Observation, in game.Input) {
		if side != 0 {
			return
		}
		decisions++
		if want := game.Action(clone.Action(o)); in != want {
			t.Fatalf("decision %d: policy answered %v, its clone %v", decisions, in, want)
		}
	}
	res := d.Run()
	if decisions == 0 || res.Ticks == 0 {
		t.Fatalf("no match played: %+v", res)
	}
}

func TestNewPolicyRejectsInvalidCore(t *testing.T) {
	c := mustCore(t, Sage, 1)
	c.Memories.Layers[0].Weight[0] = float32(math.NaN())
	if _, err := NewPolicy(c); err == nil {
		t.Error("NewPolicy accepted a NaN weight")
	}
	if _, err := NewFloatPolicy(c); err == nil {
		t.Error("NewFloatPolicy accepted a NaN weight")
	}
}

// BenchmarkPolicyDecide measures one match-time decision (integer forward
// pass and argmax) per archetype and per kernel this CPU runs (NewPolicy
// picks the last one listed), cycling through observations from real
// matches. Target: under 0.7 µs for sage (game.ObsLen→128→128→16) with
// the vector kernels. scripts/bench-policy.sh runs it against another
// commit, interleaved.
//
//	go test ./brain -run '^$' -bench PolicyDecide
func BenchmarkPolicyDecide(b *testing.B) {
	obs := DigestObservations()
	for _, a := range []string{Swift, Sage} {
		for _, k := range kernels() {
			b.Run(a+"/"+k.String(), func(b *testing.B) {
				p := policyWith(b, mustCore(b, a, 1), k)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					p.Decide(&obs[i%len(obs)])
					i++
				}
			})
		}
	}
}

// BenchmarkFloatPolicy is the float32 reference forward pass, for
// comparison.
func BenchmarkFloatPolicy(b *testing.B) {
	obs := DigestObservations()
	for _, a := range []string{Swift, Sage} {
		b.Run(a, func(b *testing.B) {
			p, err := NewFloatPolicy(mustCore(b, a, 1))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p.Decide(&obs[i%len(obs)])
				i++
			}
		})
	}
}

// bothPolicies returns c's integer policy and its float reference.
func bothPolicies(t testing.TB, c *Core) (*Policy, *FloatPolicy) {
	t.Helper()
	p, err := NewPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFloatPolicy(c)
	if err != nil {
		t.Fatal(err)
	}
	return p, f
}
