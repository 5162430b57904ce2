package game

import "testing"

// script plays the given world inputs for fighter 0, one per tick, with
// fighter 1 standing still, and returns the match.
func script(m *Match, ins ...Input) {
	for _, in := range ins {
		m.Step([2]Input{in, 0})
	}
}

func hold(in Input, ticks int) []Input {
	out := make([]Input, ticks)
	for i := range out {
		out[i] = in
	}
	return out
}

// ObsSpec 2's memory: the buttons held, the last two moves, the time since
// the last one and what it did, from each fighter's point of view.
func TestObservationMemory(t *testing.T) {
	m := NewMatch(Config{Seed: 1})
	// Walk in until the bodies are 10 px apart, then jab, wait, low.
	m.Fighters[0].X = m.Fighters[1].X - (2*halfWidth/Unit+10)*Unit
	var o, oo Observation
	m.Observe(0, &o)
	if o[ObsSinceMove] != ObsOne || o[ObsLastResult] != 0 || o[ObsGap] != scale(10*Unit, obsGapScale) {
		t.Fatalf("before any move: since %d, result %d, gap %d", o[ObsSinceMove], o[ObsLastResult], o[ObsGap])
	}
	jab := MoveData(MoveJab)
	script(m, hold(Light, 1)...)
	script(m, hold(0, int(jab.Total())+5)...)
	m.Observe(0, &o)
	m.Observe(1, &oo)
	since := jab.Total() + 5
	if o[ObsLastMove] != ObsOne || o[ObsPrevMove] != 0 {
		t.Errorf("after a jab: last move %v, previous %v", o[ObsLastMove:ObsLastMove+8], o[ObsPrevMove:ObsPrevMove+8])
	}
	if o[ObsSinceMove] != scale(since, MaxSinceMove) || o[ObsLastResult] != ObsOne {
		t.Errorf("after a jab that hit: since %d (want %d), result %d", o[ObsSinceMove], scale(since, MaxSinceMove), o[ObsLastResult])
	}
	if oo[ObsOppSince] != o[ObsSinceMove] || oo[ObsOppResult] != ObsOne || oo[ObsOppFireball] != 0 {
		t.Errorf("the opponent's view of the jab: since %d, result %d, fireball %d", oo[ObsOppSince], oo[ObsOppResult], oo[ObsOppFireball])
	}
	script(m, Down|Light)
	m.Observe(0, &o)
	low := int(MoveLow - MoveJab)
	if o[ObsLastMove+low] != ObsOne || o[ObsPrevMove] != ObsOne || o[ObsSinceMove] != 0 || o[ObsLastResult] != 0 {
		t.Errorf("a low after a jab: last %v, previous %v, since %d, result %d", o[ObsLastMove:ObsLastMove+8], o[ObsPrevMove:ObsPrevMove+8], o[ObsSinceMove], o[ObsLastResult])
	}
	if o[ObsHeld+3] != ObsOne || o[ObsHeld+4] != ObsOne || o[ObsHeld+0] != 0 {
		t.Errorf("held buttons %v, want down and light", o[ObsHeld:ObsHeld+numButtons])
	}
	// The held buttons are mirrored with the observation: fighter 1 holding
	// its world Left (towards fighter 0) sees Right, towards its opponent.
	m.Step([2]Input{0, Left})
	m.Observe(1, &oo)
	if !oo.Mirrored() || oo[ObsHeld+1] != ObsOne || oo[ObsHeld+0] != 0 {
		t.Errorf("fighter 1 holding world left sees held %v (mirrored %v)", oo[ObsHeld:ObsHeld+numButtons], oo.Mirrored())
	}
	// SinceMove saturates.
	script(m, hold(0, 3*MaxSinceMove)...)
	if f := m.Fighters[0]; f.SinceMove != MaxSinceMove {
		t.Errorf("SinceMove %d after a long wait, want it saturated at %d", f.SinceMove, MaxSinceMove)
	}
}
