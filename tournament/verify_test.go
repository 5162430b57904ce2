package tournament

import (
	"errors"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// Verify confirms honest results and names the game where a winner or a
// hash was forged, or where a stored replay is not the game's.
func TestVerify(t *testing.T) {
	r := sampleResults(t)
	store := map[string][]byte{}
	for i := range r.Games {
		cid := "cid-" + r.Games[i].ID
		store[cid] = r.Games[i].Replay
		r.Games[i].ReplayCID = cid
	}
	seat := func(i int) (game.SeatFunc, error) { return r.Entrants[i].Seat(), nil }
	fetch := func(cid string) ([]byte, error) {
		if b, ok := store[cid]; ok {
			return b, nil
		}
		return nil, errors.New("not found")
	}
	if p, err := Verify(r, seat, fetch, 2); err != nil || len(p) != 0 {
		t.Fatalf("honest results: %v %v", p, err)
	}
	forged := *r
	forged.Games = append([]Result(nil), r.Games...)
	forged.Games[1].Winner = 1 - max(forged.Games[1].Winner, 0)
	forged.Games[4].FinalHash = "0123456789abcdef"
	forged.Games[2].ReplayCID = forged.Games[3].ReplayCID
	p, err := Verify(&forged, seat, fetch, 2)
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, x := range p {
		named[x.Game] += x.What + "; "
	}
	// The forged winner also leaves the standings otherwise than the
	// games make them.
	if len(named) != 4 || !strings.Contains(named[r.Games[1].ID], "winner") || !strings.Contains(named[r.Games[4].ID], "final hash") ||
		!strings.Contains(named[r.Games[2].ID], "another game") || !strings.Contains(named[""], "standings") {
		t.Fatalf("problems: %v", named)
	}
	// A fighter that is not the one the results name is refused.
	wrong := func(i int) (game.SeatFunc, error) { return r.Entrants[(i+1)%len(r.Entrants)].Seat(), nil }
	if _, err := Verify(r, wrong, nil, 1); err == nil {
		t.Fatal("another fighter in an entrant's place was accepted")
	}
}

// What the games do not show is recounted: a forged table, a loss recorded
// as a failed game, a game moved to other entrants or left out, and results
// of another definition are each named.
func TestVerifyRecounts(t *testing.T) {
	r := sampleResults(t)
	seat := func(i int) (game.SeatFunc, error) { return r.Entrants[i].Seat(), nil }
	if p, err := Verify(r, seat, nil, 2); err != nil || len(p) != 0 {
		t.Fatalf("honest results: %v %v", p, err)
	}
	lost := 0
	for i, g := range r.Games {
		if g.Winner >= 0 {
			lost = i
			break
		}
	}
	for name, c := range map[string]struct {
		edit func(f *Results)
		want string
	}{
		"standings": {func(f *Results) {
			f.Standings[0].Score, f.Standings[len(f.Standings)-1].Score = f.Standings[len(f.Standings)-1].Score, f.Standings[0].Score
		}, "standings: " + r.Entrants[r.Standings[0].Entrant].Name + " 0.0"},
		"order": {func(f *Results) {
			f.Standings[0], f.Standings[len(f.Standings)-1] = f.Standings[len(f.Standings)-1], f.Standings[0]
		}, "standings row 1 is"},
		"a name": {func(f *Results) { f.Standings[1].Name = "someone else" }, "standings: "},
		"a loss recorded as failed": {func(f *Results) {
			f.Games[lost].Error = "panic: made up"
			f.Standings = Standings(f.Entrants, f.Games, nil, nil)
		}, "plays to the end"},
		"moved to other entrants": {func(f *Results) {
			f.Games[0].Sides[0], f.Games[0].Sides[1] = f.Games[0].Sides[1], f.Games[0].Sides[0]
		}, "the schedule has round"},
		"left out":     {func(f *Results) { f.Games = f.Games[1:] }, "the results do not"},
		"another seed": {func(f *Results) { f.Seed++ }, "their format, rounds, seed and entrants make"},
	} {
		f := *r
		f.Games = append([]Result(nil), r.Games...)
		f.Standings = append([]Row(nil), r.Standings...)
		c.edit(&f)
		p, err := Verify(&f, seat, nil, 2)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := false
		for _, x := range p {
			found = found || strings.Contains(x.What, c.want)
		}
		if !found {
			t.Errorf("%s: problems %v, want one saying %q", name, p, c.want)
		}
	}
}
