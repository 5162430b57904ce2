package game

import "testing"

func TestPersonasAreSeeded(t *testing.T) {
	for _, name := range []string{"brawler", "sniper", "wall", "sparring"} {
		a := play(t, name, "sparring", 5)
		b := play(t, name, "sparring", 5)
		if a.Hash() != b.Hash() {
			t.Errorf("%s: the same seed gave two different matches", name)
		}
		differ := false
		for seed := uint64(6); seed < 10 && !differ; seed++ {
			differ = play(t, name, "sparring", seed).Hash() != a.Hash()
		}
		if !differ {
			t.Errorf("%s: every seed gave the same match", name)
		}
	}
}

// The brawler blocks a threat it has seen on about 44% of its decisions
// (55% × 80%); it must not see one before ReactionDecisions decisions have
// passed. Only its mistakes (6% of decisions, a random action) may block
// earlier.
func TestPersonaReactsLate(t *testing.T) {
	const seeds = 400
	var blocks [ReactionDecisions + 2]int
	for seed := uint64(0); seed < seeds; seed++ {
		p, _ := NewPersona("brawler", seed)
		m := NewMatch(Config{Seed: 1})
		self, opp := &m.Fighters[0], &m.Fighters[1]
		self.X, opp.X = 400*Unit, 500*Unit
		var o Observation
		for d := -6; d < len(blocks); d++ {
			*self = Fighter{X: 400 * Unit, Health: MaxHealth, Grounded: true, Facing: 1, State: StateNeutral}
			if d >= 0 { // the opponent starts a strong and is in its startup
				opp.State, opp.Move, opp.Frame = StateAttack, MoveStrong, 0
			}
			m.Observe(0, &o)
			if in := p.Decide(&o); d >= 0 && in == Block {
				blocks[d]++
			}
		}
	}
	t.Logf("blocks per decision after the opponent's move began (of %d): %v", seeds, blocks)
	for d, n := range blocks {
		share := float64(n) / seeds
		if d < ReactionDecisions && share > 0.03 {
			t.Errorf("decision %d after the move began: blocked %.1f%% of the time, before it could have seen it", d, 100*share)
		}
		if d >= ReactionDecisions && share < 0.3 {
			t.Errorf("decision %d after the move began: blocked only %.1f%% of the time, want about 44%%", d, 100*share)
		}
	}
}

// The personas play clearly different styles, and the sparring baseline
// is stronger than random.
func TestPersonaStyles(t *testing.T) {
	const n = 30
	type figures struct {
		winsVsRandom              int
		distance, attacks, blocks float64
		fireballs                 float64
	}
	measure := func(name string) figures {
		var f figures
		var ticks, blockTicks, attacks, fireballs int
		for seed := uint64(1); seed <= n; seed++ {
			if play(t, name, "random", seed).Winner() == 0 {
				f.winsVsRandom++
			}
			m := play(t, name, "sparring", seed)
			ticks += m.Stats.TicksCounted
			blockTicks += m.Stats.BlockTicks[0]
			attacks += m.Stats.Attacks(0)
			fireballs += m.Stats.MoveCount(0, MoveFireball)
			f.distance += m.Stats.MeanDistance() / n
		}
		minutes := float64(ticks) / (60 * TickRate)
		f.attacks = float64(attacks) / minutes
		f.blocks = float64(blockTicks) / float64(ticks)
		f.fireballs = float64(fireballs) / minutes
		return f
	}
	st := map[string]figures{}
	for _, name := range []string{"brawler", "sniper", "wall", "sparring"} {
		st[name] = measure(name)
		f := st[name]
		t.Logf("%-8s vs random %2d/%d; vs sparring: distance %3.0f px, attacks %4.1f/min, blocking %4.1f%%, fireballs %4.1f/min",
			name, f.winsVsRandom, n, f.distance, f.attacks, 100*f.blocks, f.fireballs)
		if f.winsVsRandom < n*6/10 {
			t.Errorf("%s beats random in %d of %d matches, want at least 60%%", name, f.winsVsRandom, n)
		}
	}
	b, s, w := st["brawler"], st["sniper"], st["wall"]
	if !(b.attacks > s.attacks && b.attacks > w.attacks && b.distance < s.distance) {
		t.Errorf("the brawler should attack most and stay closer than the sniper: %+v", st)
	}
	if !(s.fireballs > 5*b.fireballs && s.fireballs > 5*w.fireballs && s.distance > w.distance) {
		t.Errorf("the sniper should throw by far the most fireballs and keep the longest distance: %+v", st)
	}
	if !(w.blocks > 2*b.blocks && w.blocks > 2*s.blocks) {
		t.Errorf("the wall should block by far the most: %+v", st)
	}
}
