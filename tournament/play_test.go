package tournament

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

func bots(t testing.TB, names ...string) []Entrant {
	t.Helper()
	var es []Entrant
	for _, n := range names {
		e, err := BotEntrant(n)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	return es
}

// panicky is a policy that misbehaves: it panics at its 100th decision.
type panicky struct{ n int }

func (p *panicky) Decide(*game.Observation) game.Input {
	if p.n++; p.n == 100 {
		panic("the policy misbehaved")
	}
	return 0
}

// A round robin on 1 and 2 workers gives the same results; a game whose
// fighter panics fails alone and the others are played.
func TestPoolDeterministicAndIsolated(t *testing.T) {
	es := bots(t, "rushdown", "turtle", "zoner", "random")
	es = append(es, Entrant{Spec: "test:panicky", Name: "panicky", ID: "test:panicky", seat: func(uint64) game.Seat {
		return game.Seat{Controller: &panicky{}, ID: "test:panicky"}
	}})
	games, err := RoundRobin(len(es), 1, 9)
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) map[string]Result {
		out := map[string]Result{}
		var mu sync.Mutex
		if err := Pool(context.Background(), games, es, workers, nil, nil, func(r Result) {
			mu.Lock()
			out[r.ID] = r
			mu.Unlock()
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, two := run(1), run(2)
	if len(one) != len(games) || len(two) != len(games) {
		t.Fatalf("%d and %d results for %d games", len(one), len(two), len(games))
	}
	failed := 0
	for id, r := range one {
		r2 := two[id]
		if r.Winner != r2.Winner || r.FinalHash != r2.FinalHash || r.Error != r2.Error {
			t.Fatalf("game %s differs between 1 and 2 workers", id)
		}
		involved := es[r.Sides[0]].Name == "panicky" || es[r.Sides[1]].Name == "panicky"
		if involved != (r.Error != "") {
			t.Fatalf("game %s: error %q (panicky involved: %v)", id, r.Error, involved)
		}
		if r.Error != "" {
			failed++
			if !strings.Contains(r.Error, "misbehaved") {
				t.Fatalf("error %q", r.Error)
			}
		} else if len(r.Replay) == 0 || r.FinalHash == "" {
			t.Fatalf("game %s has no replay", id)
		}
	}
	if failed != 8 {
		t.Fatalf("%d games failed, want the panicky fighter's 8", failed)
	}
}

// A cancelled context stops starting games; those done are skipped.
func TestPoolStopsAndSkips(t *testing.T) {
	es := bots(t, "rushdown", "turtle", "zoner")
	games, _ := RoundRobin(3, 2, 1)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Pool(ctx, games, es, 1, func(id string) bool { return id == games[0].ID }, nil, func(r Result) {
		if r.ID == games[0].ID {
			t.Fatal("a game marked done was played")
		}
		if n++; n == 2 {
			cancel()
		}
	})
	if err == nil || n >= len(games)-1 {
		t.Fatalf("err %v, %d of %d games played after the cancel", err, n, len(games))
	}
}

func TestStandings(t *testing.T) {
	es := bots(t, "rushdown", "turtle", "random")
	games, _ := RoundRobin(3, 1, 4)
	var results []Result
	for _, g := range games {
		results = append(results, Play(g, es))
	}
	rows := Standings(es, results, nil, nil)
	total := 0.0
	for _, r := range rows {
		total += r.Score
		if r.Games != 4 || r.Wins+r.Draws+r.Losses+r.Failed != r.Games {
			t.Fatalf("row %+v", r)
		}
	}
	if total != float64(len(games)) {
		t.Fatalf("scores sum to %v over %d games", total, len(games))
	}
	if rows[len(rows)-1].Name != "random" || rows[0].Rating.Rating <= 1500 || rows[len(rows)-1].Rating.Rating >= 1500 {
		t.Fatalf("standings %+v", rows)
	}
}

// Memories entered twice are flagged, once however often the entrants are
// looked at again; the same fighter entered twice plays once.
func TestFlagCopies(t *testing.T) {
	es := []Entrant{
		{Name: "a", Spec: "token:1", ID: "core:x", Memories: "sha256:1"},
		{Name: "b", Spec: "token:2", ID: "core:y", Memories: "sha256:2"},
		{Name: "c", Spec: "token:3", ID: "core:x", Memories: "sha256:1"},
		{Name: "d", Spec: "bot:zoner", ID: "bot:zoner@1"},
		{Name: "a again", Spec: "token:1", ID: "core:x", Memories: "sha256:1"},
		{Name: "d again", Spec: "bot:zoner", ID: "bot:zoner@1"},
		{Name: "e", Spec: "core:dir1", ID: "core:z", Memories: "sha256:3"},
		{Name: "e copied", Spec: "core:dir2", ID: "core:z", Memories: "sha256:3"},
	}
	FlagCopies(es)
	FlagCopies(es) // as dojo serve does at each registration
	flags := func(i int) int { return len(es[i].Flags) }
	if flags(0) != 0 || flags(1) != 0 || flags(2) != 1 || flags(3) != 0 {
		t.Fatalf("flags %v %v %v %v", es[0].Flags, es[1].Flags, es[2].Flags, es[3].Flags)
	}
	for i, want := range []bool{false, false, false, false, true, true, false, true} {
		if got := es[i].Excluded != ""; got != want {
			t.Errorf("%s: excluded %v (%q), want %v", es[i].Name, got, es[i].Excluded, want)
		}
	}
}
