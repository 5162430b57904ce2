package tournament

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"

	"github.com/dojo-arena/dojo/game"
)

// Config is a tournament to run.
type Config struct {
	Format string
	// Rounds is the number of Swiss rounds.
	Rounds int
	Seed   uint64
	// Workers is how many games run at once (at least one).
	Workers int
	// Dir holds the journal (journal.jsonl) that Resume carries on with;
	// empty, nothing is journaled.
	Dir    string
	Resume bool
	// Ratings and Elos are the entrants' ratings before, by Entrant.Key.
	Ratings map[string]Rating
	Elos    map[string]Elo
	// Store, when set, keeps each game's replay (its CID goes into the
	// result) before the result is journaled.
	Store func(ctx context.Context, replay []byte) (string, error)
	// Runner, when set, plays the games instead of the in-process Pool (on
	// cfg.Workers goroutines): a JetStream work queue, say. It must call
	// record once per game it finishes, from one goroutine at a time, skip
	// the games done reports, and may hand a game's result again (a
	// redelivery): Run counts a game once.
	Runner func(ctx context.Context, games []Game, es []Entrant, done func(id string) bool, record func(Result)) error
	// Progress, when set, is told of every finished game: how many are done
	// and how many there are (known in advance for fixed schedules, the
	// current round's end for Swiss and elimination).
	Progress func(done, total int, r Result)
}

// Byes are recorded in the results as one line per rest: the entrant scores
// a win without a game.
type Bye struct {
	Round   int `json:"round"`
	Entrant int `json:"entrant"`
}

// DefinitionOf is the definition hash Run journals cfg's tournament under.
func DefinitionOf(es []Entrant, cfg Config) string {
	return DefinitionHash(fmt.Sprintf("%s/%d", cfg.Format, cfg.Rounds), cfg.Seed, es, nil)
}

// Run plays a tournament between es (excluded entrants play nothing) and
// returns its results. On ctx's end it stops starting games, journals those
// that finished, and returns ctx's error with what it has: Resume then
// carries on from the journal without playing a finished game again.
func Run(ctx context.Context, es []Entrant, cfg Config) (*Results, error) {
	var playing []int
	for i := range es {
		if es[i].Excluded == "" {
			playing = append(playing, i)
		}
	}
	if len(playing) < 2 {
		return nil, fmt.Errorf("a tournament needs 2 entrants that can play, %d can", len(playing))
	}
	def := DefinitionOf(es, cfg)
	res := &Results{Version: ResultsVersion, Tournament: def, Format: cfg.Format, Seed: cfg.Seed, RulesVersion: game.RulesVersion, Entrants: es}
	// The entrants' ratings now, kept in the journal: a resumed tournament
	// starts from the ones it started from.
	start := Start{Ratings: map[string]Rating{}, Elos: map[string]Elo{}}
	for i := range es {
		k := es[i].Key()
		if r, ok := cfg.Ratings[k]; ok {
			start.Ratings[k] = r
		}
		if e, ok := cfg.Elos[k]; ok {
			start.Elos[k] = e
		}
	}
	// Without a directory nothing is journaled: a recount (Recount), which
	// plays nothing and has nothing to resume.
	var j *Journal
	var done []Result
	switch {
	case cfg.Dir != "":
		var err error
		if j, start, done, err = OpenJournal(filepath.Join(cfg.Dir, "journal.jsonl"), def, start, cfg.Resume); err != nil {
			return nil, err
		}
		defer j.Close()
	case cfg.Resume:
		return nil, fmt.Errorf("resume: no directory with a journal")
	}
	cfg.Ratings, cfg.Elos = start.Ratings, start.Elos
	res.Rounds, res.Start = cfg.Rounds, start
	byID := map[string]Result{}
	for _, r := range done {
		byID[r.ID] = r
	}
	// play runs a batch of games (indexes into playing, mapped to entrants),
	// taking finished ones from the journal, and returns their results in
	// batch order.
	finished := len(done)
	play := func(games []Game, total int) ([]Result, error) {
		for i := range games {
			games[i].Sides = [2]int{playing[games[i].Sides[0]], playing[games[i].Sides[1]]}
			// A journaled game must be the one scheduled, between the
			// same fighters.
			if r, ok := byID[games[i].ID]; ok {
				g := games[i]
				if r.Game != g || r.Players != [2]string{es[g.Sides[0]].ID, es[g.Sides[1]].ID} {
					return nil, fmt.Errorf("resume: the journal's game %s (round %d, entrants %v, seed %d) is not the game scheduled (round %d, entrants %v, seed %d)",
						g.ID, r.Round, r.Sides, r.Seed, g.Round, g.Sides, g.Seed)
				}
				if cores := [2]string{es[g.Sides[0]].Manifest, es[g.Sides[1]].Manifest}; r.Cores != cores {
					return nil, fmt.Errorf("resume: the journal's game %s was played by the Cores of manifests %q; the entrants now have %q (a token's pointer moved to another manifest of the same Core): carry on in another --out", g.ID, r.Cores, cores)
				}
			}
		}
		var jerr error
		runner := cfg.Runner
		if runner == nil {
			// Each worker stores its game's replay itself: storing is
			// I/O-bound and would otherwise serialise the workers.
			var finish func(*Result)
			if cfg.Store != nil {
				finish = func(r *Result) {
					if r.Error == "" {
						r.ReplayCID, r.storeErr = cfg.Store(ctx, r.Replay)
					}
				}
			}
			runner = func(ctx context.Context, games []Game, es []Entrant, done func(string) bool, record func(Result)) error {
				return Pool(ctx, games, es, cfg.Workers, done, finish, record)
			}
		}
		// done reads a copy: the runner may ask it from one goroutine while
		// record writes byID from another.
		finishedBefore := make(map[string]bool, len(byID))
		for id := range byID {
			finishedBefore[id] = true
		}
		err := runner(ctx, games, es, func(id string) bool { return finishedBefore[id] }, func(r Result) {
			if _, dup := byID[r.ID]; jerr != nil || dup {
				return // a result delivered twice counts once
			}
			// The Cores as registered here, whoever played the game.
			r.Cores = [2]string{es[r.Sides[0]].Manifest, es[r.Sides[1]].Manifest}
			if cfg.Store != nil && r.Error == "" && r.ReplayCID == "" && r.storeErr == nil {
				r.ReplayCID, r.storeErr = cfg.Store(ctx, r.Replay)
			}
			if r.storeErr != nil {
				jerr = fmt.Errorf("game %s: storing its replay: %w", r.ID, r.storeErr)
				return
			}
			if j != nil {
				if err := j.Append(r); err != nil {
					jerr = err
					return
				}
			}
			byID[r.ID] = r
			finished++
			if cfg.Progress != nil {
				cfg.Progress(finished, total, r)
			}
		})
		if jerr != nil {
			return nil, jerr
		}
		out := make([]Result, 0, len(games))
		for _, g := range games {
			r, ok := byID[g.ID]
			if !ok {
				return nil, err // stopped before this game
			}
			out = append(out, r)
		}
		return out, err
	}

	n := len(playing)
	switch cfg.Format {
	case "round-robin", "double-round-robin":
		cycles := 1
		if cfg.Format == "double-round-robin" {
			cycles = 2
		}
		games, err := RoundRobin(n, cycles, cfg.Seed)
		if err != nil {
			return nil, err
		}
		if res.Games, err = play(games, len(games)); err != nil {
			return res, err
		}
	case "gauntlet":
		// The first entrant against the field; playing[0] is entrant 0
		// only if it was not excluded.
		if es[0].Excluded != "" {
			return nil, fmt.Errorf("the gauntlet's challenger, %s, is excluded: %s", es[0].Name, es[0].Excluded)
		}
		games, err := Gauntlet(n, 0, 1, cfg.Seed)
		if err != nil {
			return nil, err
		}
		if res.Games, err = play(games, len(games)); err != nil {
			return res, err
		}
	case "swiss":
		if cfg.Rounds < 1 || cfg.Rounds > MaxRounds {
			return nil, fmt.Errorf("swiss needs from 1 to %d rounds, not %d", MaxRounds, cfg.Rounds)
		}
		if err := runSwiss(res, playing, cfg, play); err != nil {
			return res, err
		}
	case "elimination":
		if err := runElimination(res, playing, cfg, play); err != nil {
			return res, err
		}
	default:
		return nil, fmt.Errorf("unknown format %q (known: %v)", cfg.Format, Formats)
	}
	res.Standings = standingsWithByes(es, res, cfg)
	return res, nil
}

// standingsWithByes tallies the games and adds a win for every bye.
func standingsWithByes(es []Entrant, res *Results, cfg Config) []Row {
	var rows []Row
	for _, r := range Standings(es, res.Games, cfg.Ratings, cfg.Elos) {
		if es[r.Entrant].Excluded == "" { // the excluded are listed as entrants, unranked
			rows = append(rows, r)
		}
	}
	for _, b := range res.Byes {
		for i := range rows {
			if rows[i].Entrant == b.Entrant {
				rows[i].Score++
			}
		}
	}
	sortRows(rows)
	return rows
}

// localIndex maps each element of xs to its index: an entrant to its
// place among those playing, say.
func localIndex(xs []int) map[int]int {
	m := make(map[int]int, len(xs))
	for i, x := range xs {
		m[x] = i
	}
	return m
}

// rating is e's Glicko-2 rating when the tournament started (a newcomer's
// when it has none): it seeds the bracket and breaks Swiss ties.
func rating(cfg Config, e Entrant) float64 {
	if r, ok := cfg.Ratings[e.Key()]; ok {
		return r.Rating
	}
	return DefaultRating
}

// runSwiss plays cfg.Rounds Swiss rounds, each paired on the scores so far.
func runSwiss(res *Results, playing []int, cfg Config, play func([]Game, int) ([]Result, error)) error {
	n := len(playing)
	local := localIndex(playing)
	score := make([]float64, n)
	met := map[[2]int]bool{}
	byes := map[int]int{}
	perRound := n / 2 * 2
	for round := 1; round <= cfg.Rounds; round++ {
		st := make([]Standing, n)
		for i := range st {
			st[i] = Standing{Entrant: i, Score: score[i], Rating: rating(cfg, res.Entrants[playing[i]])}
		}
		games, bye := SwissRound(st, round, cfg.Seed, func(a, b int) bool { return met[[2]int{a, b}] }, func(a int) int { return byes[a] })
		if bye >= 0 {
			byes[bye]++
			score[bye]++
			res.Byes = append(res.Byes, Bye{Round: round, Entrant: playing[bye]})
		}
		results, err := play(games, perRound*cfg.Rounds)
		res.Games = append(res.Games, results...)
		if err != nil {
			return err
		}
		for _, r := range results {
			a, b := local[r.Sides[0]], local[r.Sides[1]]
			met[[2]int{a, b}], met[[2]int{b, a}] = true, true
			sa, sb := r.Scores()
			score[a] += sa
			score[b] += sb
		}
	}
	return nil
}

// maxTiebreaks is how many extra pairs of games an elimination tie plays
// before the better seed goes through.
const maxTiebreaks = 2

// runElimination plays a single-elimination bracket seeded from the
// ratings before the tournament (best first; ties in the seeded order).
// Each tie is a pair of games from both sides; a level tie plays up to
// maxTiebreaks more pairs, then the better seed goes through.
func runElimination(res *Results, playing []int, cfg Config, play func([]Game, int) ([]Result, error)) error {
	ranked := slices.Clone(order(len(playing), cfg.Seed))
	sort.SliceStable(ranked, func(a, b int) bool {
		return rating(cfg, res.Entrants[playing[ranked[a]]]) > rating(cfg, res.Entrants[playing[ranked[b]]])
	})
	seedOf := localIndex(ranked)
	local := localIndex(playing)
	slots := Bracket(ranked)
	for round := 1; len(slots) > 1; round++ {
		var next []int
		type tie struct{ a, b, k int }
		var ties []tie
		var games []Game
		for i := 0; i < len(slots); i += 2 {
			a, b := slots[i], slots[i+1]
			switch {
			case a < 0 && b < 0:
				next = append(next, -1)
			case a < 0 || b < 0:
				next = append(next, max(a, b)) // a bye
			default:
				ties = append(ties, tie{a, b, len(next)})
				next = append(next, -1)
				g := pair(cfg.Seed, round, i/2, a, b)
				games = append(games, g[0], g[1])
			}
		}
		score := map[int]float64{}
		for extra := 0; len(games) > 0; extra++ {
			results, err := play(games, 0)
			res.Games = append(res.Games, results...)
			if err != nil {
				return err
			}
			for _, r := range results {
				a, b := local[r.Sides[0]], local[r.Sides[1]]
				sa, sb := r.Scores()
				score[a] += sa
				score[b] += sb
			}
			games = games[:0]
			var level []tie
			for _, t := range ties {
				switch {
				case score[t.a] > score[t.b]:
					next[t.k] = t.a
				case score[t.b] > score[t.a]:
					next[t.k] = t.b
				case extra < maxTiebreaks:
					level = append(level, t)
					g := pair(cfg.Seed, round, 1000*(extra+1)+t.k, t.a, t.b)
					games = append(games, g[0], g[1])
				case seedOf[t.a] < seedOf[t.b]:
					next[t.k] = t.a
				default:
					next[t.k] = t.b
				}
			}
			ties = level
		}
		slots = next
	}
	return nil
}
