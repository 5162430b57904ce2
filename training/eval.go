package training

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training/demo"
)

// SeatFunc makes a fresh seat for one match; seed feeds any randomness the
// controller has. Each call must return a controller that no other match
// uses, since matches run in parallel. It is game.SeatFunc, which
// game.SeatMatch seats.
type SeatFunc = game.SeatFunc

// Opponent is a named adversary for evaluation.
type Opponent struct {
	Name string
	Seat SeatFunc
}

// EvalConfig sets up an evaluation.
type EvalConfig struct {
	Matches int    // matches against each opponent
	Seed    uint64 // base seed; match i against opponent j uses a seed derived from it
	Workers int    // parallel matches; 0 means one per CPU
}

// Score is the fighter's score against one opponent.
type Score struct {
	Opponent string  `json:"opponent"`
	Matches  int     `json:"matches"`
	Wins     int     `json:"wins"`
	Draws    int     `json:"draws"`
	Losses   int     `json:"losses"`
	WinRate  float64 `json:"win_rate"`
	Low      float64 `json:"win_rate_low"`  // 95% Wilson score interval
	High     float64 `json:"win_rate_high"` // 95% Wilson score interval
}

// Evaluate plays cfg.Matches matches of fighter against each opponent,
// swapping sides every match so that neither side's start is favoured, and
// returns the win rates with 95% confidence intervals. The result depends only
// on the seats and cfg.Seed, never on how the matches were scheduled.
func Evaluate(fighter SeatFunc, opponents []Opponent, cfg EvalConfig) ([]Score, error) {
	return series(fighter, opponents, cfg, nil)
}

// A Watcher follows the matches of a series: for each match it is given the
// driver before the first tick (to set its OnDecision) and returns a
// function to call after every tick, or nil. It is called from several
// goroutines at once, one match each.
type Watcher func(opp, i, side int, d *game.Driver) (afterTick func())

// series is Evaluate with a Watcher.
func series(fighter SeatFunc, opponents []Opponent, cfg EvalConfig, watch Watcher) ([]Score, error) {
	if cfg.Matches < 1 {
		return nil, fmt.Errorf("evaluation needs at least one match per opponent, got %d", cfg.Matches)
	}
	if len(opponents) == 0 {
		return nil, fmt.Errorf("evaluation needs at least one opponent")
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct{ opp, i int }
	// outcome[j][i] is 1 for a win, 0 a draw, -1 a loss.
	outcome := make([][]int8, len(opponents))
	for j := range outcome {
		outcome[j] = make([]int8, cfg.Matches)
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for jb := range jobs {
				seed := game.Mix(cfg.Seed, uint64(jb.opp)<<32|uint64(jb.i))
				side := jb.i % 2
				sides := [2]SeatFunc{fighter, opponents[jb.opp].Seat}
				if side == 1 {
					sides[0], sides[1] = sides[1], sides[0]
				}
				d := game.SeatMatch(seed, sides, 0)
				var after func()
				if watch != nil {
					after = watch(jb.opp, jb.i, side, d)
				}
				for !d.Match.Over {
					d.Step()
					if after != nil {
						after()
					}
				}
				switch d.Match.Winner() {
				case side:
					outcome[jb.opp][jb.i] = 1
				case 1 - side:
					outcome[jb.opp][jb.i] = -1
				}
			}
		}()
	}
	for j := range opponents {
		for i := range cfg.Matches {
			jobs <- job{j, i}
		}
	}
	close(jobs)
	wg.Wait()

	recs := make([]Score, len(opponents))
	for j, o := range opponents {
		r := Score{Opponent: o.Name, Matches: cfg.Matches}
		for _, v := range outcome[j] {
			switch v {
			case 1:
				r.Wins++
			case 0:
				r.Draws++
			default:
				r.Losses++
			}
		}
		r.WinRate = float64(r.Wins) / float64(r.Matches)
		r.Low, r.High = Wilson(r.Wins, r.Matches)
		recs[j] = r
	}
	return recs, nil
}

// Wilson returns the 95% Wilson score interval for k successes in n trials.
func Wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	nn := float64(n)
	den := 1 + z*z/nn
	mid := (p + z*z/(2*nn)) / den
	half := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / den
	return max(0, mid-half), min(1, mid+half)
}

// PolicySeat seats a match-time policy under name, with its Brain's decision
// interval; every seat gets its own clone of p. The seat has no ID (a
// Policy does not know its Core's): CoreSeat seats a Core under its ID, as
// a match that records a replay needs.
func PolicySeat(name string, p *brain.Policy) SeatFunc {
	iv := p.Spec().Interval
	return func(uint64) game.Seat { return game.Seat{Name: name, Controller: p.Clone(), Interval: iv} }
}

// CoreSeat seats c's match-time policy under name (a label, such as
// "core:DIR") and c's identity by content (brain.Core.ID), with its Brain's
// decision interval; every seat gets its own clone of the policy.
func CoreSeat(name string, c *brain.Core) (SeatFunc, error) {
	id, err := c.ID()
	if err != nil {
		return nil, err
	}
	p, err := brain.NewPolicy(c)
	if err != nil {
		return nil, err
	}
	seat := PolicySeat(name, p)
	return func(seed uint64) game.Seat {
		s := seat(seed)
		s.ID = id
		return s
	}, nil
}

// SampledIDSuffix ends the seat ID of a Core played by sampling
// (SampledCoreSeat): the same Core plays otherwise than by its argmax, so a
// replay must say which.
const SampledIDSuffix = "+sample"

// SampledCoreSeat seats c played by sampling (brain.Sampler): each seat
// draws from a stream seeded by its seat seed, so a seeded match, and a
// replay's re-drive, draws the same actions. Its ID is c's with
// SampledIDSuffix.
func SampledCoreSeat(name string, c *brain.Core) (SeatFunc, error) {
	id, err := c.ID()
	if err != nil {
		return nil, err
	}
	p, err := brain.NewPolicy(c)
	if err != nil {
		return nil, err
	}
	iv := p.Spec().Interval
	return func(seed uint64) game.Seat {
		return game.Seat{Name: name, ID: id + SampledIDSuffix, Controller: brain.NewSampler(p, seed), Interval: iv}
	}, nil
}

// CorrectedSeat seats fighter with teacher correcting it (DAgger-style, see
// demo.CorrectionController), the teacher reacting delay decisions late.
// Every seat gets its own corrector; the teacher draws its seed from the
// fighter's. The seat has no ID: its play is neither the fighter's nor the
// teacher's alone.
func CorrectedSeat(fighter, teacher SeatFunc, delay int) SeatFunc {
	return func(seed uint64) game.Seat {
		s, t := fighter(seed), teacher(game.Mix(seed, 7))
		s.Controller = &demo.CorrectionController{Fighter: s.Controller, Teacher: t.Controller, Delay: delay}
		s.ID = ""
		return s
	}
}

// BotOpponent is an Opponent playing the named bot (see game.BotSeat).
func BotOpponent(name string, interval int) (Opponent, error) {
	seat, err := game.BotSeat(name, interval)
	if err != nil {
		return Opponent{}, err
	}
	return Opponent{Name: "bot:" + name, Seat: seat}, nil
}
