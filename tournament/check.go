package tournament

import (
	"errors"
	"fmt"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/safetext"
)

// ErrForeignResult is wrapped by CheckResult's errors: a result played
// elsewhere that does not hold up.
var ErrForeignResult = errors.New("the result does not hold up")

// CheckResult checks a result that was played elsewhere (by a worker on
// the queue) before it is counted: it must be game g's, between the
// entrants g names, with a replay of that game whose inputs re-run to the
// recorded winner, length and final hash. It does not re-drive the
// fighters (that is playing the game again, which `dojo verify-result`
// does for every game): a worker is trusted to have seated the fighters
// the job named, and whatever it sends is consistent or refused. A result
// that says the game failed is refused too, so that a game only fails
// where it can be seen failing.
func CheckResult(r *Result, g Game, es []Entrant) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: game %s: %s", ErrForeignResult, g.ID, fmt.Sprintf(format, args...))
	}
	if r.Game != g {
		return bad("it is another game (%q, round %d, seed %d, sides %v)", safetext.Escape(r.ID), r.Round, r.Seed, r.Sides)
	}
	players := [2]string{es[g.Sides[0]].ID, es[g.Sides[1]].ID}
	if r.Players != players {
		return bad("it names other fighters")
	}
	if r.Error != "" {
		return bad("the worker says it failed (%s)", safetext.Escape(r.Error))
	}
	final, res, err := gameReplay(r.Replay, g.Seed, players)
	if err != nil {
		return bad("its replay: %v", err)
	}
	if final != r.FinalHash {
		return bad("its replay ends with hash %s, the result says %s", final, r.FinalHash)
	}
	if res.Winner != r.Winner || res.Ticks != r.Ticks {
		return bad("its replay re-runs to winner %d in %d ticks, the result says %d in %d", res.Winner, res.Ticks, r.Winner, r.Ticks)
	}
	return nil
}

// gameReplay reads data as the replay of the game on seed between players
// and re-runs it from its inputs: it returns the replay's final hash (as
// results write it) and the outcome its inputs give.
func gameReplay(data []byte, seed uint64, players [2]string) (string, game.Result, error) {
	var rep game.Replay
	if err := rep.UnmarshalBinary(data); err != nil {
		return "", game.Result{}, err
	}
	if rep.Seed != seed || rep.Players != players {
		return "", game.Result{}, fmt.Errorf("it is another game (seed %d, players %q)", rep.Seed, rep.Players)
	}
	res, err := rep.Verify()
	if err != nil {
		return "", game.Result{}, err
	}
	return finalHash(rep.FinalHash), res, nil
}

// finalHash writes a replay's final checkpoint as results hold it.
func finalHash(h uint64) string { return fmt.Sprintf("%016x", h) }
