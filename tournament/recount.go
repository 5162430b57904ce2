package tournament

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
)

// errRecount stops Recount's replay of a schedule that the results do not
// follow.
var errRecount = errors.New("the results do not follow the schedule")

// Recount checks what a results document says besides each game's outcome:
// it runs the tournament again from its definition (format, rounds, seed,
// entrants, starting ratings), taking each game's outcome from r instead of
// playing it, and compares what comes out with r. The definition hash, the
// schedule (every game's id, round, sides and seed: for Swiss and
// elimination, paired from the recorded outcomes), the byes and the
// standings with their ratings must all be the ones r records. A forged
// table, a game moved to other fighters or a game added or left out is
// named. The games' outcomes themselves are Verify's to check.
func Recount(r *Results) ([]Problem, error) {
	var out []Problem
	say := func(game, format string, args ...any) {
		out = append(out, Problem{Game: game, What: fmt.Sprintf(format, args...)})
	}
	cfg := Config{Format: r.Format, Rounds: r.Rounds, Seed: r.Seed, Ratings: r.Start.Ratings, Elos: r.Start.Elos}
	es := make([]Entrant, len(r.Entrants))
	copy(es, r.Entrants)
	if def := DefinitionOf(es, cfg); def != r.Tournament {
		say("", "the results name tournament %s, their format, rounds, seed and entrants make %s", r.Tournament, def)
		return out, nil
	}
	recorded := map[string]*Result{}
	for i := range r.Games {
		recorded[r.Games[i].ID] = &r.Games[i]
	}
	scheduled := map[string]bool{}
	cfg.Runner = func(_ context.Context, games []Game, _ []Entrant, _ func(string) bool, record func(Result)) error {
		for _, g := range games {
			scheduled[g.ID] = true
			got, ok := recorded[g.ID]
			if !ok {
				say(g.ID, "the schedule has this game (round %d, entrants %v), the results do not", g.Round, g.Sides)
				return errRecount
			}
			if got.Game != g {
				say(g.ID, "recorded as round %d, entrants %v, seed %d; the schedule has round %d, entrants %v, seed %d",
					got.Round, got.Sides, got.Seed, g.Round, g.Sides, g.Seed)
				return errRecount
			}
			record(*got)
		}
		return nil
	}
	again, err := Run(context.Background(), es, cfg)
	if errors.Is(err, errRecount) || err != nil && len(out) > 0 {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, g := range r.Games {
		if !scheduled[g.ID] {
			say(g.ID, "the results have this game, the schedule does not")
		}
	}
	if len(again.Games) != len(r.Games) {
		say("", "the schedule has %d games, the results %d", len(again.Games), len(r.Games))
	}
	if !reflect.DeepEqual(again.Byes, r.Byes) {
		say("", "the byes are %v, the schedule gives %v", r.Byes, again.Byes)
	}
	if len(again.Standings) != len(r.Standings) {
		say("", "the standings have %d rows, the games make %d", len(r.Standings), len(again.Standings))
		return out, nil
	}
	// Rows are compared by entrant, their order by score and rating: two
	// rows whose ratings differ by a rounding (one machine's maths
	// library against another's) may stand either way round.
	byEntrant := map[int]Row{}
	for _, row := range r.Standings {
		byEntrant[row.Entrant] = row
	}
	for i, want := range again.Standings {
		got, ok := byEntrant[want.Entrant]
		if !ok || !sameRow(got, want) {
			say("", "standings: %s %.1f (W %d D %d L %d, failed %d, Glicko-2 %.1f, Elo %.1f); the games make it %.1f (W %d D %d L %d, failed %d, Glicko-2 %.1f, Elo %.1f)",
				r.Entrants[want.Entrant].Name, got.Score, got.Wins, got.Draws, got.Losses, got.Failed, got.Rating.Rating, float64(got.Elo),
				want.Score, want.Wins, want.Draws, want.Losses, want.Failed, want.Rating.Rating, float64(want.Elo))
			continue
		}
		if at := r.Standings[i]; at.Entrant != want.Entrant && !(at.Score == want.Score && near(at.Rating.Rating, want.Rating.Rating)) {
			say("", "standings row %d is %s; the games put %s there", i+1, r.Entrants[at.Entrant].Name, r.Entrants[want.Entrant].Name)
		}
	}
	return out, nil
}

// sameRow compares two standings rows, the ratings to a millionth: the
// same games give the same ratings, within the rounding of one machine's
// maths library against another's.
func sameRow(a, b Row) bool {
	return a.Entrant == b.Entrant && a.Name == b.Name && a.Games == b.Games && a.Wins == b.Wins && a.Draws == b.Draws &&
		a.Losses == b.Losses && a.Failed == b.Failed && a.Score == b.Score &&
		near(a.Rating.Rating, b.Rating.Rating) && near(a.Rating.Deviation, b.Rating.Deviation) &&
		near(a.Rating.Volatility, b.Rating.Volatility) && near(float64(a.Elo), float64(b.Elo))
}

// near says x and y agree to a millionth.
func near(x, y float64) bool { return math.Abs(x-y) <= 1e-6*max(1, math.Abs(y)) }
