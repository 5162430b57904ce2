package tournament

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A tournament is taken into the book once: a second Update of the same
// results (a finished tournament resumed again) changes nothing, and nor
// does the same tournament run again to the same games. A fighter
// that sat a tournament out has its deviation widened, and no further than
// a newcomer's.
func TestBookTakesATournamentOnce(t *testing.T) {
	es := allBots(t)[:3]
	path := filepath.Join(t.TempDir(), "ratings.json")
	r1, err := Run(context.Background(), es, Config{Format: "round-robin", Seed: 1, Workers: 2, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := UpdateBook(path, r1); !ok || err != nil {
		t.Fatalf("first update: %v %v", ok, err)
	}
	first, _ := os.ReadFile(path)
	if ok, err := UpdateBook(path, r1); ok || err != nil {
		t.Fatalf("the same tournament again: taken %v, %v", ok, err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Fatal("the same tournament taken twice changed the book")
	}
	b, err := LoadBook(path)
	if err != nil {
		t.Fatal(err)
	}
	sat := es[0].Key()
	before := b.Glicko[sat]
	others := allBots(t)[3:6]
	r2, err := Run(context.Background(), others, Config{Format: "round-robin", Seed: 2, Workers: 2, Dir: t.TempDir(), Ratings: b.Glicko, Elos: b.Elo})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UpdateBook(path, r2); err != nil {
		t.Fatal(err)
	}
	b, _ = LoadBook(path)
	after := b.Glicko[sat]
	if after.Rating != before.Rating || after.Deviation <= before.Deviation || after.Deviation > DefaultDeviation {
		t.Fatalf("%s sat out: %+v became %+v, want the same rating with a wider deviation", sat, before, after)
	}
	if len(b.Tournaments) != 2 {
		t.Fatalf("the book lists %d tournaments", len(b.Tournaments))
	}
	// The first tournament again, from the ratings as they are now, plays
	// the same games: they are not rated twice (no farming a win).
	r3, err := Run(context.Background(), es, Config{Format: "round-robin", Seed: 1, Workers: 2, Dir: t.TempDir(), Ratings: b.Glicko, Elos: b.Elo})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := UpdateBook(path, r3); ok || err != nil {
		t.Fatalf("the same games again: taken %v, %v", ok, err)
	}
}

// A fighter whose every game failed keeps a deviation the book reads back.
func TestBookAfterAllGamesFailed(t *testing.T) {
	es := allBots(t)[:3]
	r, err := Run(context.Background(), es, Config{Format: "round-robin", Seed: 1, Workers: 1, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Games {
		if r.Games[i].Sides[0] == 0 || r.Games[i].Sides[1] == 0 {
			r.Games[i].Error = "panic: the policy misbehaved"
		}
	}
	path := filepath.Join(t.TempDir(), "ratings.json")
	if _, err := UpdateBook(path, r); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBook(path)
	if err != nil {
		t.Fatalf("the book after a fighter's games all failed: %v", err)
	}
	if d := b.Glicko[es[0].Key()].Deviation; d > DefaultDeviation {
		t.Fatalf("deviation %v", d)
	}
}

// A tournament resumed after others were rated is rated from the book as
// it is then: what was rated in between stays.
func TestBookResumedTournamentKeepsWhatCameBetween(t *testing.T) {
	es := allBots(t)[:2]
	path := filepath.Join(t.TempDir(), "ratings.json")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := Run(ctx, es, Config{Format: "double-round-robin", Seed: 1, Workers: 1, Dir: dir, Progress: func(int, int, Result) { cancel() }}); err == nil {
		t.Fatal("the stopped run reported no error")
	}
	others := []Entrant{es[0], allBots(t)[3]}
	for seed := range uint64(5) {
		b, _ := LoadBook(path)
		r, err := Run(context.Background(), others, Config{Format: "round-robin", Seed: seed + 10, Workers: 1, Dir: t.TempDir(), Ratings: b.Glicko, Elos: b.Elo})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := UpdateBook(path, r); err != nil {
			t.Fatal(err)
		}
	}
	between, _ := LoadBook(path)
	k := es[0].Key()
	before := between.Glicko[k]
	resumed, err := Run(context.Background(), es, Config{Format: "double-round-robin", Seed: 1, Workers: 1, Dir: dir, Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UpdateBook(path, resumed); err != nil {
		t.Fatal(err)
	}
	after, _ := LoadBook(path)
	want := Standings(resumed.Entrants, resumed.Games, between.Glicko, between.Elo)
	for _, row := range want {
		if resumed.Entrants[row.Entrant].Key() == k && !sameRow(Row{Rating: after.Glicko[k], Elo: after.Elo[k]}, Row{Rating: row.Rating, Elo: row.Elo}) {
			t.Fatalf("%s: %+v before the resumed tournament, %+v after; rated from the book it would be %+v", k, before, after.Glicko[k], row.Rating)
		}
	}
	if after.Glicko[k].Deviation >= before.Deviation {
		t.Fatalf("%s: deviation %v before the resumed games, %v after: the games between were undone", k, before.Deviation, after.Glicko[k].Deviation)
	}
}

// LoadBook refuses ratings no tournament could give.
func TestLoadBookRefusesNonsense(t *testing.T) {
	for name, body := range map[string]string{
		"rating 1e6":      `{"version":1,"glicko2":{"bot:zoner@1":{"rating":1e6,"deviation":50,"volatility":0.06}},"elo":{},"names":{}}`,
		"deviation 1e200": `{"version":1,"glicko2":{"bot:zoner@1":{"rating":1500,"deviation":1e200,"volatility":0.06}},"elo":{},"names":{}}`,
		"volatility 3":    `{"version":1,"glicko2":{"bot:zoner@1":{"rating":1500,"deviation":50,"volatility":3}},"elo":{},"names":{}}`,
		"elo 1e9":         `{"version":1,"glicko2":{},"elo":{"bot:zoner@1":1e9},"names":{}}`,
		"tournament":      `{"version":1,"glicko2":{},"elo":{},"names":{},"tournaments":["x"]}`,
	} {
		path := filepath.Join(t.TempDir(), "ratings.json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadBook(path); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// An elimination stopped half way resumes with the bracket it started
// with, although the ratings it was seeded from changed meanwhile; a
// journal whose games are not the ones scheduled is refused.
func TestEliminationResumeKeepsItsBracket(t *testing.T) {
	es := allBots(t)[:4]
	ratings := map[string]Rating{}
	for i, e := range es {
		ratings[e.Key()] = Rating{Rating: 1500 + float64(100*i), Deviation: 60, Volatility: 0.06}
	}
	cfg := Config{Format: "elimination", Seed: 3, Workers: 1, Ratings: ratings}
	cfg.Dir = t.TempDir()
	whole, err := Run(context.Background(), es, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Dir = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	cut := cfg
	cut.Progress = func(int, int, Result) {
		if n++; n == 2 {
			cancel()
		}
	}
	if _, err := Run(ctx, es, cut); err == nil {
		t.Fatal("the stopped run reported no error")
	}
	// Another tournament changes the ratings the bracket was seeded from.
	upside := map[string]Rating{}
	for i, e := range es {
		upside[e.Key()] = Rating{Rating: 1900 - float64(100*i), Deviation: 60, Volatility: 0.06}
	}
	again := cfg
	again.Resume, again.Ratings = true, upside
	resumed, err := Run(context.Background(), es, again)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids(resumed.Games), ids(whole.Games)) || !reflect.DeepEqual(resumed.Standings, whole.Standings) {
		t.Fatalf("the resumed elimination differs:\n%v\n%v", ids(resumed.Games), ids(whole.Games))
	}

	// A journal line moved to other entrants is not the game scheduled.
	path := filepath.Join(cfg.Dir, "journal.jsonl")
	data, _ := os.ReadFile(path)
	lines := strings.SplitN(string(data), "\n", 3)
	g := resumed.Games[0]
	moved := strings.Replace(lines[1], `"sides":[`+itoa(g.Sides[0])+`,`+itoa(g.Sides[1])+`]`, `"sides":[`+itoa(g.Sides[1])+`,`+itoa(g.Sides[0])+`]`, 1)
	if moved == lines[1] {
		t.Fatal("the edit did not apply")
	}
	if err := os.WriteFile(path, []byte(lines[0]+"\n"+moved+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), es, again); err == nil || !strings.Contains(err.Error(), "not the game scheduled") {
		t.Fatalf("a journal game moved to other sides: %v", err)
	}
}
