package tournament

import (
	"context"
	"fmt"
	"sync"

	"github.com/dojo-arena/dojo/game"
)

// Result is one game's outcome.
type Result struct {
	Game
	// Players are the two entrants' identities (Entrant.ID), side 0 first.
	Players [2]string `json:"players"`
	// Cores are the manifest CIDs of the two sides' Cores on IPFS (a
	// bot's is empty), side 0 first: the entrants' Manifest.
	Cores [2]string `json:"cores"`
	// Winner is 0 or 1, -1 for a draw; meaningless when Error is set.
	Winner int   `json:"winner"`
	Ticks  int32 `json:"ticks"`
	// FinalHash is the replay's final checkpoint (hex): the final state's
	// hash chained with the digest of the replay's header.
	FinalHash string `json:"final_hash"`
	// ReplayCID is where the replay is stored (IPFS), once it is.
	ReplayCID string `json:"replay,omitempty"`
	// Error is why the game has no result: a fighter that panicked, say.
	Error string `json:"error,omitempty"`

	// Replay is the replay's bytes (not in the results document).
	Replay []byte `json:"-"`

	// storeErr is why storing the replay failed, where it was stored.
	storeErr error
}

// Scores are what the game gives each side, side 0 first: 1 for a win,
// 0.5 for a draw, 0 for a loss (and 0 each for a failed game).
func (r *Result) Scores() (float64, float64) {
	switch {
	case r.Error != "":
		return 0, 0
	case r.Winner == 0:
		return 1, 0
	case r.Winner == 1:
		return 0, 1
	}
	return 0.5, 0.5
}

// Play plays one game between two entrants, single-threaded and
// deterministic. A panic inside the match (a misbehaving policy) fails this
// game only: it is caught and recorded in Result.Error.
func Play(g Game, es []Entrant) (res Result) {
	res.Game = g
	res.Winner = -1
	defer func() {
		if p := recover(); p != nil {
			res.Error = fmt.Sprintf("panic: %v", p)
			res.Replay = nil
		}
	}()
	a, b := &es[g.Sides[0]], &es[g.Sides[1]]
	res.Players = [2]string{a.ID, b.ID}
	d := game.SeatMatch(g.Seed, [2]game.SeatFunc{a.seat, b.seat}, game.DefaultHashEvery)
	r := d.Run()
	rep, err := d.Replay.MarshalBinary()
	if err != nil {
		res.Error = err.Error()
		return res
	}
	// The replay's final checkpoint: the state hash chained with the
	// digest of who played, on which seed (game.Replay).
	res.Winner, res.Ticks, res.FinalHash, res.Replay = r.Winner, r.Ticks, finalHash(d.Replay.FinalHash), rep
	return res
}

// Pool plays games on workers goroutines (at least one), each game alone on
// its goroutine, skipping those done reports finished, and hands each result
// to record, one at a time, in the order they finish. finish, when set, is
// called with each result on the goroutine that played it, before record:
// work that may run in parallel (storing the replay). It stops starting
// games when ctx is done and returns once the games started have finished.
func Pool(ctx context.Context, games []Game, es []Entrant, workers int, done func(id string) bool, finish func(*Result), record func(Result)) error {
	workers = max(workers, 1)
	todo := make(chan Game)
	results := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range todo {
				r := Play(g, es)
				if finish != nil {
					finish(&r)
				}
				results <- r
			}
		}()
	}
	go func() {
		defer close(todo)
		for _, g := range games {
			if done != nil && done(g.ID) {
				continue
			}
			select {
			case todo <- g:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		record(r)
	}
	return ctx.Err()
}
