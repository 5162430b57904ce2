package tournament

import (
	"fmt"
	"slices"

	"github.com/dojo-arena/dojo/game"
)

// Game is one match of a schedule: who plays side 0 and side 1 (indexes
// into the entrants) on which seed. Every pairing is played from both sides
// on the same seed, as cutechess-cli's -repeat plays an opening from both
// colours: Games come in pairs, the second with the sides swapped.
type Game struct {
	// ID names the game in the tournament: results are keyed by it, so a
	// result delivered twice is counted once.
	ID    string `json:"id"`
	Round int    `json:"round"`
	Sides [2]int `json:"sides"`
	Seed  uint64 `json:"seed,string"`
}

// pair returns the two games of a pairing of a and b: a on side 0, then b.
func pair(seed uint64, round, n int, a, b int) [2]Game {
	s := game.Mix(seed, uint64(round)<<32|uint64(n))
	id := fmt.Sprintf("r%d-g%d", round, n)
	return [2]Game{
		{ID: id + "a", Round: round, Sides: [2]int{a, b}, Seed: s},
		{ID: id + "b", Round: round, Sides: [2]int{b, a}, Seed: s},
	}
}

// order is the entrants' order for a schedule: a seeded permutation, so that
// the same entrants and seed give the same schedule, and another seed
// another.
func order(n int, seed uint64) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	rng := game.SplitMix64{State: game.Mix(seed, 0x5eed)}
	for i := n - 1; i > 0; i-- {
		j := int(rng.Next() % uint64(i+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// RoundRobin schedules every entrant against every other, cycles times (1:
// single, 2: double), each pairing from both sides, in rounds by the circle
// method (with an odd count, one entrant rests each round).
func RoundRobin(n, cycles int, seed uint64) ([]Game, error) {
	if n < 2 {
		return nil, fmt.Errorf("a round robin needs 2 entrants or more, not %d", n)
	}
	if cycles < 1 || cycles > 2 {
		return nil, fmt.Errorf("a round robin is single (1 cycle) or double (2), not %d", cycles)
	}
	p := order(n, seed)
	if n%2 == 1 {
		p = append(p, -1) // the rest
	}
	m := len(p)
	var games []Game
	round := 0
	for c := range cycles {
		ring := slices.Clone(p)
		for range m - 1 {
			round++
			k := 0
			for i := range m / 2 {
				a, b := ring[i], ring[m-1-i]
				if a < 0 || b < 0 {
					continue
				}
				if c == 1 { // the second cycle starts from the other side
					a, b = b, a
				}
				g := pair(seed, round, k, a, b)
				games = append(games, g[0], g[1])
				k++
			}
			// Rotate all but the first.
			last := ring[m-1]
			copy(ring[2:], ring[1:m-1])
			ring[1] = last
		}
	}
	return games, nil
}

// Gauntlet schedules challenger against every other entrant, pairs times
// each, from both sides.
func Gauntlet(n, challenger, pairs int, seed uint64) ([]Game, error) {
	if challenger < 0 || challenger >= n || n < 2 {
		return nil, fmt.Errorf("a gauntlet needs a challenger among 2 entrants or more")
	}
	if pairs < 1 {
		return nil, fmt.Errorf("a gauntlet plays each opponent at least once, not %d times", pairs)
	}
	var games []Game
	field := order(n, seed)
	for r := range pairs {
		k := 0
		for _, o := range field {
			if o == challenger {
				continue
			}
			g := pair(seed, r+1, k, challenger, o)
			games = append(games, g[0], g[1])
			k++
		}
	}
	return games, nil
}

// MaxRounds bounds a Swiss tournament's rounds (game ids number rounds
// with at most four digits).
const MaxRounds = 999

// Standing is an entrant's score in a tournament so far.
type Standing struct {
	Entrant int
	Score   float64 // 1 a won game, ½ a draw
	// Rating breaks ties in pairings (higher first), then the entrant's
	// place in the seeded order.
	Rating float64
}

// SwissRound pairs the next round of a Swiss tournament: entrants sorted by
// score (then rating, then the seeded order) are paired top down, each with
// the next one it has not met (swissPairs). With an odd count, the
// lowest-placed of the entrants with the fewest byes so far rests (it
// scores a win). met reports whether two entrants have played; byes how
// many rests an entrant has had.
func SwissRound(standings []Standing, round int, seed uint64, met func(a, b int) bool, byes func(a int) int) (games []Game, bye int) {
	rank := order(len(standings), seed)
	pos := make([]int, len(standings))
	for i, e := range rank {
		pos[e] = i
	}
	s := slices.Clone(standings)
	slices.SortStableFunc(s, func(x, y Standing) int {
		switch {
		case x.Score != y.Score:
			return cmpDesc(x.Score, y.Score)
		case x.Rating != y.Rating:
			return cmpDesc(x.Rating, y.Rating)
		}
		return pos[x.Entrant] - pos[y.Entrant]
	})
	bye = -1
	if len(s)%2 == 1 {
		at := len(s) - 1
		for i := len(s) - 2; i >= 0; i-- {
			if byes(s[i].Entrant) < byes(s[at].Entrant) {
				at = i
			}
		}
		bye = s[at].Entrant
		s = slices.Delete(s, at, at+1)
	}
	left := make([]int, len(s))
	for i := range s {
		left[i] = s[i].Entrant
	}
	pairs := swissPairs(left, met)
	for k, pr := range pairs {
		g := pair(seed, round, k, pr[0], pr[1])
		games = append(games, g[0], g[1])
	}
	return games, bye
}

// swissSearch bounds swissPairs' search, in pairings tried: a few
// milliseconds at most, whatever the field.
const swissSearch = 200_000

// swissPairs pairs left (best first, an even count) top down, each with
// the first below it it has not met, making as few rematches as it can.
// The pairing each entrant makes with the first below it it has not met
// (or, if it has met them all, the first below it) comes first; when that
// needs a rematch, a search (the same order, unmet partners before met
// ones, backtracking, cut where it cannot do better) tries up to
// swissSearch more pairings for one with fewer, and the best found is kept.
func swissPairs(left []int, met func(a, b int) bool) [][2]int {
	var best [][2]int
	bestCost := 0
	rest := slices.Clone(left)
	for len(rest) > 1 {
		k := 1
		for i := 1; i < len(rest); i++ {
			if !met(rest[0], rest[i]) {
				k = i
				break
			}
		}
		if met(rest[0], rest[k]) {
			bestCost++
		}
		best = append(best, [2]int{rest[0], rest[k]})
		rest = slices.Delete(rest, k, k+1)[1:]
	}
	if bestCost == 0 {
		return best
	}
	budget := swissSearch
	var cur [][2]int
	var search func(rest []int, cost int)
	search = func(rest []int, cost int) {
		if cost >= bestCost || budget <= 0 {
			return
		}
		if len(rest) == 0 {
			best, bestCost = slices.Clone(cur), cost
			return
		}
		a := rest[0]
		for _, rematch := range []bool{false, true} {
			for i := 1; i < len(rest) && budget > 0; i++ {
				if met(a, rest[i]) != rematch {
					continue
				}
				budget--
				next := append(slices.Clone(rest[1:i]), rest[i+1:]...)
				cur = append(cur, [2]int{a, rest[i]})
				c := cost
				if rematch {
					c++
				}
				search(next, c)
				cur = cur[:len(cur)-1]
			}
		}
	}
	search(left, 0)
	return best
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// Bracket seeds a single-elimination bracket of n entrants ranked by seeds
// (best first): a power-of-two bracket in the standard order (1 against the
// last, 2 against the second last, the best two meeting only in the final),
// with byes (-1) for the best seeds when n is not a power of two.
func Bracket(ranked []int) []int {
	size := 1
	for size < len(ranked) {
		size *= 2
	}
	slots := []int{0}
	for len(slots) < size {
		m := 2 * len(slots)
		next := make([]int, 0, m)
		for _, s := range slots {
			next = append(next, s, m-1-s)
		}
		slots = next
	}
	out := make([]int, size)
	for i, s := range slots {
		if s < len(ranked) {
			out[i] = ranked[s]
		} else {
			out[i] = -1
		}
	}
	return out
}
