package tournament

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestRoundRobin(t *testing.T) {
	for _, n := range []int{2, 3, 5, 8} {
		for _, cycles := range []int{1, 2} {
			games, err := RoundRobin(n, cycles, 7)
			if err != nil {
				t.Fatal(err)
			}
			if want := n * (n - 1) * cycles; len(games) != want {
				t.Fatalf("n %d cycles %d: %d games, want %d", n, cycles, len(games), want)
			}
			sides := map[[2]int]int{}
			ids := map[string]bool{}
			perRound := map[int]map[int]int{}
			for i, g := range games {
				sides[g.Sides]++
				if ids[g.ID] {
					t.Fatalf("game id %s twice", g.ID)
				}
				ids[g.ID] = true
				if perRound[g.Round] == nil {
					perRound[g.Round] = map[int]int{}
				}
				perRound[g.Round][g.Sides[0]]++
				perRound[g.Round][g.Sides[1]]++
				if i%2 == 1 { // the repeat: same seed, sides swapped
					p := games[i-1]
					if p.Seed != g.Seed || p.Sides != [2]int{g.Sides[1], g.Sides[0]} {
						t.Fatalf("game %d is not the repeat of %d", i, i-1)
					}
				}
			}
			for a := range n {
				for b := range n {
					if a != b && sides[[2]int{a, b}] != cycles {
						t.Fatalf("n %d: %d on side 0 against %d: %d games, want %d", n, a, b, sides[[2]int{a, b}], cycles)
					}
				}
			}
			for r, seen := range perRound {
				for e, k := range seen {
					if k != 2 {
						t.Fatalf("round %d: entrant %d plays %d games, want one pairing (2)", r, e, k)
					}
				}
			}
		}
	}
	a, _ := RoundRobin(6, 1, 7)
	b, _ := RoundRobin(6, 1, 7)
	c, _ := RoundRobin(6, 1, 8)
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, c) {
		t.Fatal("the same seed must give the same schedule, another seed another")
	}
	if _, err := RoundRobin(1, 1, 0); err == nil {
		t.Fatal("a round robin of one entrant was scheduled")
	}
}

func TestGauntlet(t *testing.T) {
	games, err := Gauntlet(5, 2, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(games) != 4*2*2 {
		t.Fatalf("%d games", len(games))
	}
	for _, g := range games {
		if g.Sides[0] != 2 && g.Sides[1] != 2 {
			t.Fatalf("game %s without the challenger", g.ID)
		}
	}
}

// swissField is what Swiss pairing asks of a tournament, kept by a test:
// who has met whom, the byes and the scores.
type swissField struct {
	met   map[[2]int]bool
	byes  map[int]int
	score []float64
}

func newSwissField(n int) *swissField {
	return &swissField{met: map[[2]int]bool{}, byes: map[int]int{}, score: make([]float64, n)}
}

// pair pairs round r; the bye, if any, is counted (a win).
func (f *swissField) pair(r int, seed uint64) ([]Game, int) {
	st := make([]Standing, len(f.score))
	for i := range st {
		st[i] = Standing{Entrant: i, Score: f.score[i]}
	}
	games, bye := SwissRound(st, r, seed, func(a, b int) bool { return f.met[[2]int{a, b}] }, func(a int) int { return f.byes[a] })
	return games, bye
}

// rest counts a bye for e.
func (f *swissField) rest(e int) { f.byes[e]++; f.score[e]++ }

// play records that a and b met and that winner won.
func (f *swissField) play(a, b, winner int) {
	f.met[[2]int{a, b}], f.met[[2]int{b, a}] = true, true
	f.score[winner]++
}

// Swiss pairs equal scores, never twice the same pair while another pairing
// exists, and rests a different entrant each round.
func TestSwissRounds(t *testing.T) {
	const n, rounds = 7, 5
	f := newSwissField(n)
	for r := 1; r <= rounds; r++ {
		games, bye := f.pair(r, 3)
		if bye < 0 || f.byes[bye] > 0 {
			t.Fatalf("round %d rests %d (rested before: %v)", r, bye, f.byes[bye])
		}
		f.rest(bye)
		if len(games) != (n-1)/2*2 {
			t.Fatalf("round %d: %d games", r, len(games))
		}
		for i := 0; i < len(games); i += 2 {
			a, b := games[i].Sides[0], games[i].Sides[1]
			if f.met[[2]int{a, b}] {
				t.Fatalf("round %d: %d and %d meet again", r, a, b)
			}
			f.play(a, b, a) // the first listed wins both, for the test
		}
	}
}

func TestBracket(t *testing.T) {
	ranked := []int{10, 11, 12, 13, 14, 15, 16, 17}
	got := Bracket(ranked)
	want := []int{10, 17, 13, 14, 11, 16, 12, 15} // 1-8, 4-5, 2-7, 3-6
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("bracket %v, want %v", got, want)
	}
	got = Bracket(ranked[:5])
	want = []int{10, -1, 13, 14, 11, -1, 12, -1} // the top three seeds get byes
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("bracket of 5: %v, want %v", got, want)
	}
}

// A Swiss of 3 for 4 rounds rests each entrant once before any twice, and
// the second time the lowest-placed of them, never the leader.
func TestSwissByesGoAround(t *testing.T) {
	f := newSwissField(3)
	for r := 1; r <= 4; r++ {
		games, bye := f.pair(r, 3)
		for _, c := range f.byes {
			if f.byes[bye] > c {
				t.Fatalf("round %d rests %d, who rested %d times, while another rested %d", r, bye, f.byes[bye], c)
			}
		}
		if r == 4 {
			for i := range f.score {
				if f.byes[i] == f.byes[bye] && i != bye && f.score[i] < f.score[bye] {
					t.Fatalf("round 4 rests %d (score %v) rather than %d (score %v), placed lower", bye, f.score[bye], i, f.score[i])
				}
			}
		}
		f.rest(bye)
		a, b := games[0].Sides[0], games[0].Sides[1]
		f.play(a, b, a)
	}
}

// Swiss pairing makes the fewest rematches the field allows (against a
// reference that tries every pairing, on fields small enough for it), and
// a large field late in a long Swiss is still paired: the search is
// bounded.
func TestSwissPairsBoundedAndFewRematches(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 2 + 2*rng.IntN(5) // 2 to 10: the reference can try every pairing
		met := map[[2]int]bool{}
		for a := range n {
			for b := a + 1; b < n; b++ {
				if rng.IntN(3) == 0 {
					met[[2]int{a, b}], met[[2]int{b, a}] = true, true
				}
			}
		}
		left := rng.Perm(n)
		isMet := func(a, b int) bool { return met[[2]int{a, b}] }
		pairs := swissPairs(left, isMet)
		seen := map[int]bool{}
		rematches := 0
		for _, p := range pairs {
			if seen[p[0]] || seen[p[1]] || p[0] == p[1] {
				t.Fatalf("trial %d: %v pairs an entrant twice", trial, pairs)
			}
			seen[p[0]], seen[p[1]] = true, true
			if isMet(p[0], p[1]) {
				rematches++
			}
		}
		if len(seen) != n {
			t.Fatalf("trial %d: %v leaves entrants out", trial, pairs)
		}
		if best := fewestRematches(left, isMet); rematches != best {
			t.Fatalf("trial %d: %d rematches where a pairing with %d exists", trial, rematches, best)
		}
	}
	// A large field late in a long Swiss, random results: every round is
	// paired (an unbounded search took minutes here by round 28).
	const n, rounds = 64, 40
	f := newSwissField(n)
	for r := 1; r <= rounds; r++ {
		games, _ := f.pair(r, 5)
		if len(games) != n {
			t.Fatalf("round %d: %d games for %d entrants", r, len(games), n)
		}
		for i := 0; i < len(games); i += 2 {
			a, b := games[i].Sides[0], games[i].Sides[1]
			f.play(a, b, [2]int{a, b}[rng.IntN(2)])
		}
	}
}

// fewestRematches is the fewest rematches any pairing of left needs, by
// trying them all.
func fewestRematches(left []int, met func(a, b int) bool) int {
	if len(left) == 0 {
		return 0
	}
	best := len(left)
	for i := 1; i < len(left); i++ {
		rest := append(slices.Clone(left[1:i]), left[i+1:]...)
		c := fewestRematches(rest, met)
		if met(left[0], left[i]) {
			c++
		}
		best = min(best, c)
	}
	return best
}
