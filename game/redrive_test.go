package game

import (
	"errors"
	"strings"
	"testing"
)

// impostor seats a controller under another fighter's identity.
func impostor(id string, c Controller, interval int) SeatFunc {
	return func(uint64) Seat { return Seat{ID: id, Controller: c, Interval: interval} }
}

func TestRedrive(t *testing.T) {
	r := recordMatch(t, "turtle", "random", 9, DefaultHashEvery)
	turtle, random := botSides(t, "turtle", "random")[0], botSides(t, "turtle", "random")[1]

	t.Run("the fighters that played", func(t *testing.T) {
		if err := r.Redrive([2]SeatFunc{turtle, random}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("inputs played back", func(t *testing.T) {
		for _, sides := range [][2]SeatFunc{{nil, nil}, {turtle, nil}, {nil, random}} {
			if err := r.Redrive(sides); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("another bot", func(t *testing.T) {
		zoner, _ := BotSeat("zoner", 0)
		err := r.Redrive([2]SeatFunc{zoner, random})
		if !errors.Is(err, ErrWrongFighter) || !strings.Contains(err.Error(), "P1") || !strings.Contains(err.Error(), "bot:turtle@1") {
			t.Fatalf("zoner in turtle's seat: %v, want ErrWrongFighter naming P1 and bot:turtle@1", err)
		}
	})
	t.Run("another interval", func(t *testing.T) {
		slow, _ := BotSeat("random", DefaultInterval+1)
		if err := r.Redrive([2]SeatFunc{turtle, slow}); !errors.Is(err, ErrWrongFighter) || !strings.Contains(err.Error(), "every 4 ticks in the replay, every 5") {
			t.Fatalf("random deciding every 5 ticks: %v, want ErrWrongFighter", err)
		}
	})
	t.Run("another controller under the same identity", func(t *testing.T) {
		// Zoner's play under turtle's name: caught at its first decision
		// that differs from turtle's.
		err := r.Redrive([2]SeatFunc{impostor("bot:turtle@1", BotFunc(Zoner), 0), random})
		var im *InputMismatchError
		if !errors.As(err, &im) || im.Side != 0 || im.PlayedBack {
			t.Fatalf("an impostor: %v, want an input mismatch on P1", err)
		}
		if (im.Tick-1)%DefaultInterval != 0 || r.Inputs[im.Tick-1][0] != im.Want {
			t.Fatalf("mismatch %+v is not at one of P1's decisions", im)
		}
		if !strings.Contains(err.Error(), "P1's fighter decided") {
			t.Fatalf("error %q", err)
		}
	})
}

func TestRedriveNamesTheEditedTick(t *testing.T) {
	r := recordMatch(t, "rushdown", "zoner", 4, DefaultHashEvery)
	sides := botSides(t, "rushdown", "zoner")
	// A decision tick of P2 (the first tick of round 1 decides, and every
	// 4th after it), and a tick between two of its decisions.
	const decided, between = 4*50 + 1, 4*50 + 3
	for _, c := range []struct {
		name       string
		tick       int
		sides      [2]SeatFunc
		playedBack bool
	}{
		{"fighter re-driven", decided, sides, false},
		{"fighter re-driven, between decisions", between, sides, false},
		{"played back, between decisions", between, [2]SeatFunc{sides[0], nil}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			edited := *r
			edited.Inputs = append([][2]Input(nil), r.Inputs...)
			edited.Inputs[c.tick-1][1] ^= Throw
			err := edited.Redrive(c.sides)
			var im *InputMismatchError
			if !errors.As(err, &im) {
				t.Fatalf("edited input at tick %d: %v, want an InputMismatchError", c.tick, err)
			}
			if im.Side != 1 || im.Tick != c.tick || im.PlayedBack != c.playedBack || im.Want != edited.Inputs[c.tick-1][1] {
				t.Fatalf("mismatch %+v, want P2 at tick %d (played back %v)", im, c.tick, c.playedBack)
			}
		})
	}
	// Played back, an input changed on a decision tick is what a person
	// could have pressed: only the hashes (Verify) can tell.
	edited := *r
	edited.Inputs = append([][2]Input(nil), r.Inputs...)
	for i := decided - 1; i < decided-1+DefaultInterval; i++ {
		edited.Inputs[i][1] ^= Throw
	}
	if err := edited.Redrive([2]SeatFunc{}); err != nil {
		t.Fatalf("a held change on P2's decision tick, played back: %v", err)
	}
}

// Every bot of the registry, stateful and stochastic ones included, plays
// the same decisions again when its replay is re-driven: seated by
// SeatMatch, it draws the same seed.
func TestEveryBotRedrives(t *testing.T) {
	for _, b := range Bots() {
		t.Run(b.Name, func(t *testing.T) {
			r := recordMatch(t, b.Name, "random", 21, DefaultHashEvery)
			if _, err := r.Verify(); err != nil {
				t.Fatal(err)
			}
			if err := r.Redrive(botSides(t, b.Name, "random")); err != nil {
				t.Fatalf("%s: %v", b.ID(), err)
			}
		})
	}
}
