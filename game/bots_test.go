package game

import (
	"fmt"
	"testing"
)

// botSeats builds the two seats for a match between bots a and b as
// SeatMatch seats them: each bot seeded from the match seed and its side.
func botSeats(t testing.TB, a, b string, seed uint64) [2]Seat {
	t.Helper()
	sides := botSides(t, a, b)
	return [2]Seat{sides[0](SideSeed(seed, 0)), sides[1](SideSeed(seed, 1))}
}

// botSides makes the seat makers of bots a and b.
func botSides(t testing.TB, a, b string) [2]SeatFunc {
	t.Helper()
	var s [2]SeatFunc
	for i, name := range []string{a, b} {
		seat, err := BotSeat(name, 0)
		if err != nil {
			t.Fatal(err)
		}
		s[i] = seat
	}
	return s
}

func play(t testing.TB, a, b string, seed uint64) *Match {
	d := NewDriver(Config{Seed: seed}, botSeats(t, a, b, seed), 0)
	d.Run()
	return d.Match
}

// style is what a bot does, averaged over a series of matches against random.
type style struct {
	wins, draws       int
	meanDistance      float64
	attacksPerSecond  float64
	blockShare        float64 // share of ticks spent blocking
	fireballsPerMatch float64
}

func measure(t testing.TB, bot string, n int) style {
	var st style
	var ticks, blocks, attacks, fireballs int
	var dist float64
	for seed := uint64(1); seed <= uint64(n); seed++ {
		m := play(t, bot, "random", seed)
		switch m.Winner() {
		case 0:
			st.wins++
		case -1:
			st.draws++
		}
		ticks += m.Stats.TicksCounted
		blocks += m.Stats.BlockTicks[0]
		attacks += m.Stats.Attacks(0)
		fireballs += m.Stats.MoveCount(0, MoveFireball)
		dist += m.Stats.MeanDistance()
	}
	st.meanDistance = dist / float64(n)
	st.attacksPerSecond = float64(attacks) / (float64(ticks) / TickRate)
	st.blockShare = float64(blocks) / float64(ticks)
	st.fireballsPerMatch = float64(fireballs) / float64(n)
	return st
}

func (s style) String() string {
	return fmt.Sprintf("wins %d draws %d, distance %.0f px, %.2f attacks/s, blocking %.1f%% of ticks, %.1f fireballs/match",
		s.wins, s.draws, s.meanDistance, s.attacksPerSecond, 100*s.blockShare, s.fireballsPerMatch)
}

// Each scripted bot must beat random in at least 90 of 100 seeded matches,
// and the three styles must differ where their names say they do.
func TestBotsBeatRandomAndDiffer(t *testing.T) {
	if testing.Short() {
		t.Skip("300 matches")
	}
	styles := map[string]style{}
	for _, bot := range []string{"rushdown", "turtle", "zoner"} {
		st := measure(t, bot, 100)
		t.Logf("%-8s vs random: %v", bot, st)
		if st.wins < 90 {
			t.Errorf("%s beat random in %d of 100 matches, want at least 90", bot, st.wins)
		}
		styles[bot] = st
	}
	r, tu, z := styles["rushdown"], styles["turtle"], styles["zoner"]
	if !(r.meanDistance < tu.meanDistance && tu.meanDistance < z.meanDistance) {
		t.Errorf("mean distance should grow rushdown < turtle < zoner: %.0f, %.0f, %.0f", r.meanDistance, tu.meanDistance, z.meanDistance)
	}
	if !(r.attacksPerSecond > tu.attacksPerSecond) {
		t.Errorf("rushdown should attack more often than turtle: %.2f vs %.2f attacks/s", r.attacksPerSecond, tu.attacksPerSecond)
	}
	if !(tu.blockShare > 2*r.blockShare && tu.blockShare > 2*z.blockShare) {
		t.Errorf("turtle should block at least twice as much as the others: %.3f vs rushdown %.3f, zoner %.3f", tu.blockShare, r.blockShare, z.blockShare)
	}
	if !(z.fireballsPerMatch > 3*r.fireballsPerMatch && z.fireballsPerMatch > 3*tu.fireballsPerMatch) {
		t.Errorf("zoner should throw at least three times as many fireballs: %.1f vs rushdown %.1f, turtle %.1f", z.fireballsPerMatch, r.fireballsPerMatch, tu.fireballsPerMatch)
	}
}

func TestBotRegistry(t *testing.T) {
	names := BotNames()
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("bot names not sorted and unique: %v", names)
		}
	}
	for _, b := range Bots() {
		if b.Version < 1 || b.Style == "" {
			t.Errorf("bot %q: version %d, style %q", b.Name, b.Version, b.Style)
		}
		c1, err := NewBot(b.Name, 7)
		if err != nil {
			t.Fatal(err)
		}
		_, stateless := ScriptedBot(b.Name)
		if stateless != b.Stateless {
			t.Errorf("bot %q: ScriptedBot says stateless=%v, info says %v", b.Name, stateless, b.Stateless)
		}
		if c1 == nil {
			t.Errorf("bot %q: nil controller", b.Name)
		}
	}
	if _, err := NewBot("nosuch", 1); err == nil {
		t.Error("NewBot accepted an unknown bot")
	}
}
