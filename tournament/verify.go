package tournament

import (
	"fmt"
	"sync"

	"github.com/dojo-arena/dojo/game"
)

// Problem is a game whose record does not hold up.
type Problem struct {
	Game string `json:"game"`
	What string `json:"what"`
}

// Verify checks a results document. First Recount: the schedule, byes and
// standings must be the ones the definition and the recorded outcomes
// make. Then it re-plays every game, with the seats seat gives its
// entrants (their identities must be the ones r records), and compares the
// winner and the final state hash with the record; a game recorded as
// failed must fail again. When replay is set, each game's stored replay is
// fetched by its CID and must name the same fighters and seed, verify from
// its own inputs, and end in the recorded state. Games run on workers
// goroutines. Every problem is listed, the recount's first, then the
// games' in the order of r.
func Verify(r *Results, seat func(i int) (game.SeatFunc, error), replay func(cid string) ([]byte, error), workers int) ([]Problem, error) {
	out, err := Recount(r)
	if err != nil {
		return nil, err
	}
	seats := make([]game.SeatFunc, len(r.Entrants))
	for i, e := range r.Entrants {
		if e.Excluded != "" {
			continue
		}
		s, err := seat(i)
		if err != nil {
			return nil, fmt.Errorf("entrant %d (%s): %w", i, e.Name, err)
		}
		if id := s(0).ID; id != e.ID {
			return nil, fmt.Errorf("entrant %d (%s): the fighter found is %s, the results name %s", i, e.Name, id, e.ID)
		}
		seats[i] = s
	}
	problems := make([][]Problem, len(r.Games))
	todo := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range todo {
				problems[i] = verifyGame(&r.Games[i], seats, replay)
			}
		}()
	}
	for i := range r.Games {
		todo <- i
	}
	close(todo)
	wg.Wait()
	for _, p := range problems {
		out = append(out, p...)
	}
	return out, nil
}

func verifyGame(g *Result, seats []game.SeatFunc, replay func(string) ([]byte, error)) (out []Problem) {
	say := func(format string, args ...any) {
		out = append(out, Problem{Game: g.ID, What: fmt.Sprintf(format, args...)})
	}
	defer func() {
		if p := recover(); p != nil && g.Error == "" {
			say("re-playing it panicked: %v", p)
		}
	}()
	d := game.SeatMatch(g.Seed, [2]game.SeatFunc{seats[g.Sides[0]], seats[g.Sides[1]]}, game.DefaultHashEvery)
	res := d.Run()
	if g.Error != "" {
		say("recorded as failed (%s), but it plays to the end: the winner is %s", g.Error, side(res.Winner))
		return out
	}
	final := finalHash(d.Replay.FinalHash)
	if res.Winner != g.Winner {
		say("the record says winner %s, re-played the winner is %s", side(g.Winner), side(res.Winner))
	}
	if final != g.FinalHash {
		say("the record says final hash %s, re-played it is %s", g.FinalHash, final)
	}
	if replay == nil || g.ReplayCID == "" {
		return out
	}
	data, err := replay(g.ReplayCID)
	if err != nil {
		say("replay %s: %v", g.ReplayCID, err)
		return out
	}
	if got, _, err := gameReplay(data, g.Seed, g.Players); err != nil {
		say("replay %s: %v", g.ReplayCID, err)
	} else if got != final {
		say("replay %s ends with hash %s, the game re-played with %s", g.ReplayCID, got, final)
	}
	return out
}

func side(w int) string {
	if w < 0 {
		return "none (a draw)"
	}
	return fmt.Sprintf("side %d", w)
}
