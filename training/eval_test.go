package training

import (
	"errors"
	"math"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

func TestWilson(t *testing.T) {
	// Worked values: 8 of 10 gives [0.490, 0.943]; 0 of 10 gives [0, 0.278].
	cases := []struct {
		k, n   int
		lo, hi float64
	}{{8, 10, 0.4902, 0.9433}, {0, 10, 0, 0.2775}, {50, 100, 0.4038, 0.5962}}
	for _, c := range cases {
		lo, hi := Wilson(c.k, c.n)
		if math.Abs(lo-c.lo) > 1e-3 || math.Abs(hi-c.hi) > 1e-3 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
}

func TestEvaluateBots(t *testing.T) {
	zoner, err := BotOpponent("zoner", 0)
	if err != nil {
		t.Fatal(err)
	}
	random, _ := BotOpponent("random", 0)
	rushdown, _ := BotOpponent("rushdown", 0)
	brawler, _ := BotOpponent("brawler", 0) // keeps state: one per match
	// Four workers whatever the machine, so that the comparison with one
	// below compares parallel with serial even on a one-CPU machine.
	cfg := EvalConfig{Matches: 40, Seed: 9, Workers: 4}
	recs, err := Evaluate(zoner.Seat, []Opponent{random, rushdown, brawler}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Opponent != "bot:random" || recs[0].Wins+recs[0].Draws+recs[0].Losses != 40 {
		t.Fatalf("bad record %+v", recs[0])
	}
	if recs[0].WinRate < 0.9 || recs[0].Low > recs[0].WinRate || recs[0].High < recs[0].WinRate {
		t.Fatalf("zoner vs random: %+v, want a win rate of at least 0.9 inside its interval", recs[0])
	}
	// Scheduling must not change the result.
	cfg.Workers = 1
	again, _ := Evaluate(zoner.Seat, []Opponent{random, rushdown, brawler}, cfg)
	for i := range recs {
		if recs[i] != again[i] {
			t.Fatalf("with 1 worker %+v, with many %+v", again[i], recs[i])
		}
	}
	// And a random fighter must do badly against a scripted one.
	recs, _ = Evaluate(random.Seat, []Opponent{zoner}, cfg)
	if recs[0].WinRate > 0.2 {
		t.Fatalf("random vs zoner won %.2f of its matches", recs[0].WinRate)
	}
	if _, err := BotOpponent("ninja", 0); err == nil {
		t.Fatal("BotOpponent accepted an unknown bot")
	}
}

// A Core seated by CoreSeat is named by its ID in a replay, and the replay
// re-drives with the same Core (and with no other).
func TestCoreSeatReplays(t *testing.T) {
	spec, err := brain.NewSpec(brain.Swift)
	if err != nil {
		t.Fatal(err)
	}
	spec.Interval = 3
	core, err := brain.NewCore(spec, 4)
	if err != nil {
		t.Fatal(err)
	}
	seat, err := CoreSeat("core:somewhere", core)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := core.ID()
	if s := seat(1); s.ID != id || s.Name != "core:somewhere" || s.Interval != 3 {
		t.Fatalf("seat %+v, want ID %s, interval 3", s, id)
	}
	random, _ := BotOpponent("random", 0)
	d := game.SeatMatch(8, [2]SeatFunc{seat, random.Seat}, game.DefaultHashEvery)
	d.Run()
	r := d.Replay
	if r.Players != [2]string{id, "bot:random@1"} || r.Intervals != [2]int{3, game.DefaultInterval} {
		t.Fatalf("replay names %q every %v ticks", r.Players, r.Intervals)
	}
	if _, err := r.Verify(); err != nil {
		t.Fatal(err)
	}
	if err := r.Redrive([2]SeatFunc{seat, random.Seat}); err != nil {
		t.Fatalf("re-driving with the same Core: %v", err)
	}
	other, _ := brain.NewCore(spec, 5)
	otherSeat, _ := CoreSeat("core:somewhere", other)
	if err := r.Redrive([2]SeatFunc{otherSeat, random.Seat}); !errors.Is(err, game.ErrWrongFighter) {
		t.Fatalf("re-driving with another Core: %v, want ErrWrongFighter", err)
	}
}
