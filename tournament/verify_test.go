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
	if len(named) != 3 || !strings.Contains(named[r.Games[1].ID], "winner") || !strings.Contains(named[r.Games[4].ID], "final hash") ||
		!strings.Contains(named[r.Games[2].ID], "another game") {
		t.Fatalf("problems: %v", named)
	}
	// A fighter that is not the one the results name is refused.
	wrong := func(i int) (game.SeatFunc, error) { return r.Entrants[(i+1)%len(r.Entrants)].Seat(), nil }
	if _, err := Verify(r, wrong, nil, 1); err == nil {
		t.Fatal("another fighter in an entrant's place was accepted")
	}
}
