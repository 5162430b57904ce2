package demo

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// recordMatch plays a match between seats, recording each side listed in
// sides to its own file, and returns the driver and the loaded sets.
func recordMatch(t *testing.T, seed uint64, seats [2]game.Seat, sides ...int) (*game.Driver, map[int]*Set, map[int]*Recorder) {
	t.Helper()
	d := game.NewDriver(game.Config{Seed: seed}, seats, 0)
	dir := t.TempDir()
	writers := map[int]*Writer{}
	recs := map[int]*Recorder{}
	for _, side := range sides {
		meta := Meta{Source: seats[side].Name, Opponent: seats[1-side].Name, Seed: seed, Side: side,
			Interval: seats[side].Interval, RulesVersion: game.RulesVersion, CreatedBy: "demo test"}
		w, err := Create(filepath.Join(dir, seats[side].Name[4:]+".demo"), meta)
		if err != nil {
			t.Fatal(err)
		}
		writers[side] = w
		recs[side] = NewRecorder(w, side)
		recs[side].Attach(d)
	}
	d.Run()
	sets := map[int]*Set{}
	for side, w := range writers {
		if err := recs[side].Err(); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		s, err := Load(w.path)
		if err != nil {
			t.Fatal(err)
		}
		sets[side] = s
	}
	return d, sets, recs
}

// The recorder writes exactly the decisions the driver took, with the
// tick, and the labels are exactly what the teacher answers.
func TestRecorderZonerVsRandom(t *testing.T) {
	for _, interval := range []int{0, 3, 4, 7} {
		const seed = 42
		seats := [2]game.Seat{
			{Name: "bot:zoner", Controller: game.BotFunc(game.Zoner), Interval: interval},
			{Name: "bot:random", Controller: game.NewRandomBot(game.Mix(seed, 2)), Interval: interval},
		}
		d, sets, recs := recordMatch(t, seed, seats, 0, 1)
		iv := interval
		if iv == 0 {
			iv = game.DefaultInterval
		}
		wantTicks := decisionTicks(d.Match, iv)
		want := len(wantTicks)
		for side, s := range sets {
			if s.Len() != want || recs[side].Decisions() != want {
				t.Fatalf("interval %d side %d: %d decisions recorded (%d by the recorder), want %d (one every %d ticks of each round)",
					interval, side, s.Len(), recs[side].Decisions(), want, iv)
			}
			for i := range s.Ticks {
				if s.Ticks[i] != wantTicks[i] {
					t.Fatalf("side %d decision %d at tick %d, want %d", side, i, s.Ticks[i], wantTicks[i])
				}
				if s.Flags[i] != 0 {
					t.Fatalf("side %d decision %d has flags %v without a corrector", side, i, s.Flags[i])
				}
			}
		}
		zoner := sets[0]
		mirrored := 0
		for i := range zoner.Len() {
			o := zoner.Obs.At(i)
			if got, want := int(zoner.Actions[i]), game.Zoner(&o); got != want {
				t.Fatalf("decision %d: recorded action %d, the teacher answers %d", i, got, want)
			}
			if o.Mirrored() {
				mirrored++
			}
		}
		// The random bot's labels are its stream, replayed.
		replay := game.NewRandomBot(game.Mix(seed, 2))
		for i, a := range sets[1].Actions {
			if want, _ := game.ActionOf(replay.Decide(nil)); int(a) != want {
				t.Fatalf("random decision %d: recorded %d, the stream gives %d", i, a, want)
			}
		}
		if recs[0].Mapped() != 0 || recs[1].Mapped() != 0 {
			t.Errorf("bots of the action set needed mapping")
		}
		if zoner.Sources["bot:zoner"].Decisions != want || zoner.Files[0].Sessions[0].Seed != seed {
			t.Errorf("meta and counts: %+v %+v", zoner.Sources, zoner.Files[0].Sessions)
		}
		t.Logf("interval %d: %d ticks, %d decisions a side, %d of zoner's mirrored", iv, d.Match.Tick, want, mirrored)
	}
}

// TestBytesPerDecision measures the file size per recorded decision of a
// scripted bot match; the package doc quotes it.
func TestBytesPerDecision(t *testing.T) {
	var total, decisions, header int
	for seed := uint64(1); seed <= 5; seed++ {
		seats := [2]game.Seat{
			{Name: "bot:zoner", Controller: game.BotFunc(game.Zoner)},
			{Name: "bot:random", Controller: game.NewRandomBot(game.Mix(seed, 2))},
		}
		var buf bytes.Buffer
		w, err := NewWriter(&buf, Meta{Source: "bot:zoner", Opponent: "bot:random", Seed: seed, Interval: 4, RulesVersion: game.RulesVersion, CreatedBy: "dojo record"})
		if err != nil {
			t.Fatal(err)
		}
		w.Flush()
		header = buf.Len()
		d := game.NewDriver(game.Config{Seed: seed}, seats, 0)
		for side := range 2 {
			NewRecorder(w, side).Attach(d)
		}
		d.Run()
		w.Close()
		total += buf.Len() - header
		decisions += w.Decisions()
	}
	per := float64(total) / float64(decisions)
	t.Logf("%.1f bytes per decision over %d decisions (both sides of 5 zoner-random matches), header %d bytes; %.0f bytes per minute of one side at 15 decisions/s",
		per, decisions, header, per*15*60)
	if per > 96 {
		t.Errorf("%.1f bytes per decision; the package doc says about 89", per)
	}
}

// NearestAction maps the action set onto itself and every other input to
// an action that plays the same for a free fighter on the ground.
func TestNearestAction(t *testing.T) {
	for id := range game.NumActions {
		in := game.Action(id)
		if got, exact := NearestAction(in, nil); got != id || !exact {
			t.Errorf("action %d (%v) maps to %d, exact %v", id, in, got, exact)
		}
	}
	facingLeft := game.Observation{}
	facingLeft[game.ObsSelf+game.FFacing] = -game.ObsOne
	cases := []struct {
		in   game.Input
		o    *game.Observation
		want game.Input
	}{
		{game.Left | game.Right, nil, 0},
		{game.Light | game.Left, nil, game.Light},
		{game.Light | game.Heavy, nil, game.Heavy},
		{game.Light | game.Heavy | game.Down, nil, game.Down | game.Heavy},
		{game.Throw | game.Special, nil, game.Throw},
		{game.Up | game.Left | game.Right, nil, game.Up},
		{game.Up | game.Down | game.Right, nil, game.Up | game.Right},
		{game.Dash, nil, game.Dash | game.Right},
		{game.Dash, &facingLeft, game.Dash | game.Left},
		{game.Dash | game.Left | game.Right, &facingLeft, game.Dash | game.Left},
		{game.Dash | game.Up | game.Left, nil, game.Dash | game.Left},
		{game.Down | game.Left, nil, game.Down},
		{game.Block | game.Right, nil, game.Block},
		{game.Left | game.Right | 0x8000, nil, 0}, // undefined bits are ignored
	}
	for _, c := range cases {
		want, _ := game.ActionOf(c.want)
		if got, exact := NearestAction(c.in, c.o); got != want || exact {
			t.Errorf("NearestAction(%v) = %d (exact %v), want %d (%v)", c.in, got, exact, want, c.want)
		}
	}

	// Play every input and its mapping from the start of a round, where
	// both fighters are free on the ground: the fighter must end the tick
	// in the same state.
	for in := game.Input(0); in <= game.AllButtons; in++ {
		if in&^game.AllButtons != 0 {
			continue
		}
		m := game.NewMatch(game.Config{Seed: 7})
		var o game.Observation
		m.Observe(0, &o)
		id, _ := NearestAction(in, &o)
		a, b := *m, *m
		a.Rounds, b.Rounds = nil, nil
		a.Step([2]game.Input{in, 0})
		b.Step([2]game.Input{game.Action(id), 0})
		fa, fb := a.Fighters[0], b.Fighters[0]
		fa.PrevInput, fb.PrevInput = 0, 0
		if fa != fb {
			t.Errorf("input %v and its nearest action %v play differently:\n%+v\n%+v", in, game.Action(id), fa, fb)
		}
	}
}

// rawBot presses arbitrary button combinations, most outside the action
// set, as a human on a keyboard would.
type rawBot struct{ n uint32 }

func (b *rawBot) Decide(*game.Observation) game.Input {
	b.n = b.n*1664525 + 1013904223
	return game.Input(b.n>>16) & game.AllButtons
}

func TestRecorderMapsInputsOutsideTheActionSet(t *testing.T) {
	seats := [2]game.Seat{
		{Name: "bot:raw", Controller: &rawBot{}},
		{Name: "bot:turtle", Controller: game.BotFunc(game.Turtle)},
	}
	_, sets, recs := recordMatch(t, 3, seats, 0)
	s := sets[0]
	replay := &rawBot{}
	mapped := 0
	for i := range s.Len() {
		in := replay.Decide(nil)
		o := s.Obs.At(i)
		want, exact := NearestAction(in, &o)
		if !exact {
			mapped++
		}
		if int(s.Actions[i]) != want {
			t.Fatalf("decision %d: input %v recorded as %d, want %d", i, in, s.Actions[i], want)
		}
	}
	if recs[0].Mapped() != mapped || mapped < s.Len()/2 {
		t.Errorf("recorder counted %d mapped inputs, want %d of %d", recs[0].Mapped(), mapped, s.Len())
	}
}

// A correction match records the teacher's label on every decision, flags
// exactly the ones where the fighter disagreed, and plays exactly the
// teacher's match.
func TestCorrectionController(t *testing.T) {
	const seed = 11
	cc := NewCorrectionController(game.BotFunc(game.Turtle), game.BotFunc(game.Zoner))
	seats := [2]game.Seat{
		{Name: "bot:turtle", Controller: cc},
		{Name: "bot:random", Controller: game.NewRandomBot(seed)},
	}
	d, sets, _ := recordMatch(t, seed, seats, 0)
	s := sets[0]
	corrections := 0
	for i := range s.Len() {
		o := &game.Observation{}
		*o = s.Obs.At(i)
		teacher, fighter := game.Zoner(o), game.Turtle(o)
		if int(s.Actions[i]) != teacher {
			t.Fatalf("decision %d: recorded %d, the teacher says %d", i, s.Actions[i], teacher)
		}
		if got, want := s.Flags[i]&Correction != 0, fighter != teacher; got != want {
			t.Fatalf("decision %d: correction flag %v, but fighter %d teacher %d", i, got, fighter, teacher)
		}
		if fighter != teacher {
			corrections++
		}
	}
	if cc.Corrections() != corrections || s.Files[0].Corrections != corrections || cc.Decisions() != s.Len() {
		t.Errorf("controller counted %d corrections in %d decisions; the file has %d in %d", cc.Corrections(), cc.Decisions(), corrections, s.Len())
	}
	if corrections == 0 || corrections == s.Len() {
		t.Errorf("%d corrections in %d decisions: the test needs both kinds", corrections, s.Len())
	}
	// The teacher's action is what was played: the match is the teacher's
	// own match against the same opponent.
	ref := game.NewDriver(game.Config{Seed: seed}, [2]game.Seat{
		{Controller: game.BotFunc(game.Zoner)}, {Controller: game.NewRandomBot(seed)}}, 0)
	ref.Run()
	if d.Match.Hash() != ref.Match.Hash() || d.Match.Tick != ref.Match.Tick {
		t.Errorf("the corrected match differs from the teacher's own match")
	}
	t.Logf("%d corrections in %d decisions", corrections, s.Len())
}

func TestRecorderAllocatesNothing(t *testing.T) {
	w, err := NewWriter(io.Discard, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	d := game.NewDriver(game.Config{Seed: 1}, [2]game.Seat{
		{Controller: game.BotFunc(game.Zoner)}, {Controller: game.BotFunc(game.Rushdown)}}, 0)
	NewRecorder(w, 0).Attach(d)
	if n := testing.AllocsPerRun(200, d.Step); n != 0 {
		t.Errorf("a recorded step allocates %v times", n)
	}
}

// decisionTicks lists the match ticks on which a seat with decision
// interval iv decides: every iv ticks of each round, from its first tick.
func decisionTicks(m *game.Match, iv int) []int32 {
	var ticks []int32
	start := 0
	for _, r := range m.Rounds {
		for k := 0; k < r.Ticks; k += iv {
			ticks = append(ticks, int32(start+k))
		}
		start += r.Ticks
	}
	return ticks
}

// seq is a controller that answers from a fixed list of action ids, one per
// decision.
type seq struct {
	ids []int
	n   int
}

func (s *seq) Decide(*game.Observation) game.Input {
	a := s.ids[s.n%len(s.ids)]
	s.n++
	return game.Action(a)
}

// With Delay 2 the fighter keeps playing through two disagreeing decisions
// in a row; from the third on the teacher's input is played, until they
// agree again and the streak starts over.
func TestCorrectionControllerDelay(t *testing.T) {
	fighter := &seq{ids: []int{1, 1, 1, 1, 1, 2, 2, 1, 1, 1}}
	teacher := &seq{ids: []int{2, 2, 2, 2, 1, 2, 3, 3, 3, 3}}
	// decision:         0  1  2  3  4  5  6  7  8  9
	// disagree streak:  1  2  3  4  0  0  1  2  3  4
	want := []int{1, 1, 2, 2, 1, 2, 2, 1, 3, 3}
	c := &CorrectionController{Fighter: fighter, Teacher: teacher, Delay: 2}
	var o game.Observation // a free fighter on the ground: every action is its own nearest
	for i, w := range want {
		got := c.Decide(&o)
		if got != game.Action(w) {
			t.Errorf("decision %d: played %v, want %v (action %d)", i, got, game.Action(w), w)
		}
		wantCorrected := fighter.ids[i] != teacher.ids[i]
		if c.Corrected() != wantCorrected || c.Label() != game.Action(teacher.ids[i]) {
			t.Errorf("decision %d: corrected %v label %v, want %v and %v", i, c.Corrected(), c.Label(), wantCorrected, game.Action(teacher.ids[i]))
		}
	}
}
