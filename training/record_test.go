package training

import (
	"path/filepath"
	"testing"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training/demo"
)

func botSeat(t testing.TB, name string) SeatFunc {
	t.Helper()
	o, err := BotOpponent(name, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o.Seat
}

func TestRecordTeacher(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zoner.demo")
	const ticks = 2 * 60 * game.TickRate
	st, err := Record(path, RecordConfig{
		Player: botSeat(t, "zoner"), Opponent: botSeat(t, "random"),
		Source: "bot:zoner", OpponentName: "bot:random", Ticks: ticks, Seed: 4,
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Ticks != ticks || st.Decisions < ticks/game.DefaultInterval || st.Decisions > ticks/game.DefaultInterval+st.Matches {
		t.Fatalf("recorded %+v for %d ticks at one decision every %d", st, ticks, game.DefaultInterval)
	}
	set, err := demo.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != st.Decisions || set.Sources["bot:zoner"].Decisions != st.Decisions {
		t.Fatalf("file holds %d decisions (%v), Record said %d", set.Len(), set.Sources, st.Decisions)
	}
	for i := range set.Len() {
		o := set.Obs.At(i)
		if want := game.Zoner(&o); int(set.Actions[i]) != want {
			t.Fatalf("decision %d: recorded action %d, the teacher gives %d on that observation", i, set.Actions[i], want)
		}
	}
	// Recording never overwrites.
	if _, err := Record(path, RecordConfig{Player: botSeat(t, "zoner"), Opponent: botSeat(t, "random"), Source: "bot:zoner", Ticks: 60}); err == nil {
		t.Fatal("Record overwrote an existing demonstration file")
	}
}

func TestRecordCorrections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dagger.demo")
	random := botSeat(t, "random")
	st, err := Record(path, RecordConfig{
		Player: func(seed uint64) game.Seat {
			s := random(seed)
			return game.Seat{Name: "bot:random", Controller: demo.NewCorrectionController(s.Controller, game.BotFunc(game.Zoner))}
		},
		Opponent: botSeat(t, "rushdown"), Source: "bot:random", Teacher: "bot:zoner",
		Ticks: 60 * game.TickRate, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	// A random fighter disagrees with the zoner most of the time.
	if st.Corrections < st.Decisions/2 || st.Corrections == st.Decisions {
		t.Fatalf("%d corrections in %d decisions", st.Corrections, st.Decisions)
	}
	set, err := demo.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range set.Len() {
		// Every label, corrected or not, is what the teacher would do.
		o := set.Obs.At(i)
		if want := game.Zoner(&o); int(set.Actions[i]) != want {
			t.Fatalf("decision %d: label %d, teacher %d", i, set.Actions[i], want)
		}
		if set.Flags[i]&demo.Correction != 0 {
			n++
		}
	}
	if n != st.Corrections {
		t.Fatalf("%d decisions flagged as corrections, %d made", n, st.Corrections)
	}
}
