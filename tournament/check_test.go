package tournament

import (
	"errors"
	"testing"
)

// A genuine result passes; each way of lying about it is refused.
func TestCheckResult(t *testing.T) {
	es := bots(t, "rushdown", "zoner", "brawler")
	games, err := RoundRobin(len(es), 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	g, other := games[0], games[1]
	genuine, elsewhere := Play(g, es), Play(other, es)
	if genuine.Error != "" || elsewhere.Error != "" {
		t.Fatal(genuine.Error, elsewhere.Error)
	}
	if err := CheckResult(&genuine, g, es); err != nil {
		t.Fatalf("a genuine result: %v", err)
	}
	lies := map[string]func(r *Result){
		"another winner":         func(r *Result) { r.Winner = 1 - max(r.Winner, 0) },
		"another hash":           func(r *Result) { r.FinalHash = "0000000000000001" },
		"another length":         func(r *Result) { r.Ticks++ },
		"another game's replay":  func(r *Result) { r.Replay = elsewhere.Replay },
		"no replay":              func(r *Result) { r.Replay = nil },
		"a cut replay":           func(r *Result) { r.Replay = r.Replay[:len(r.Replay)-3] },
		"a flipped replay byte":  func(r *Result) { r.Replay = append([]byte(nil), r.Replay...); r.Replay[len(r.Replay)/2] ^= 1 },
		"swapped fighters":       func(r *Result) { r.Players[0], r.Players[1] = r.Players[1], r.Players[0] },
		"another seed":           func(r *Result) { r.Seed++ },
		"another round":          func(r *Result) { r.Round++ },
		"another id":             func(r *Result) { r.ID = other.ID },
		"a failure":              func(r *Result) { r.Error = "panic: it broke" },
		"the other game's whole": func(r *Result) { *r = elsewhere },
	}
	for name, lie := range lies {
		r := genuine
		lie(&r)
		if err := CheckResult(&r, g, es); !errors.Is(err, ErrForeignResult) {
			t.Errorf("%s: %v, want ErrForeignResult", name, err)
		}
	}
}
