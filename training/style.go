package training

import (
	"math"

	"github.com/dojo-arena/dojo/game"
)

// Style is measured in situations: a decision's situation is its distance
// band × the decider's own state × its opponent's state, read from the
// observation, so that two fighters are compared on what they do in the same
// kind of moment and not only on how often they do it.
const (
	numBands      = 4 // gap under 60 px, 60–150, 150–300, 300 and more
	numOwnStates  = 5 // free on the ground, in the air, attacking, stunned, blocking
	numOppStates  = 4 // free on the ground, in the air, attacking, stunned or blocking
	NumSituations = numBands * numOwnStates * numOppStates
)

// Situation returns the situation bin of a decision taken on o, in
// [0, NumSituations).
func Situation(o *game.Observation) int {
	dist := int64(o[game.ObsDX]) * game.StageWidth / game.ObsOne
	band := 3
	switch {
	case dist < 60:
		band = 0
	case dist < 150:
		band = 1
	case dist < 300:
		band = 2
	}
	own := ownState(o, game.ObsSelf)
	opp := ownState(o, game.ObsOpp)
	if opp == 4 {
		opp = 3 // the opponent's blocking and stun are one bin
	}
	return (band*numOwnStates+own)*numOppStates + opp
}

// ownState bins the fighter block at off: 0 free on the ground, 1 in the
// air, 2 attacking, 3 stunned, 4 blocking.
func ownState(o *game.Observation, off int) int {
	st := game.StateNeutral
	for s := game.StateNeutral; s <= game.StateBlock; s++ {
		if o[off+game.FState+int(s)] != 0 {
			st = s
		}
	}
	switch st {
	case game.StateAttack:
		return 2
	case game.StateHitstun, game.StateBlockstun:
		return 3
	case game.StateBlock:
		return 4
	case game.StateAir:
		return 1
	}
	if o[off+game.FGrounded] == 0 {
		return 1
	}
	return 0
}

// CanAct reports whether the observing fighter could act on o: it is not
// attacking and not stunned.
func CanAct(o *game.Observation) bool {
	st := ownState(o, game.ObsSelf)
	return st != 2 && st != 3
}

// StyleProfile counts what a fighter did: its decisions by situation and
// action, the moves it started, and its combos.
type StyleProfile struct {
	Decisions [NumSituations][game.NumActions]int
	Moves     [game.NumMoves]int // moves started, by game.MoveID
	Ticks     int                // ticks of play counted
	Combos    ComboStats
}

// Add counts one decision.
func (p *StyleProfile) Add(o *game.Observation, action int) {
	p.Decisions[Situation(o)][action]++
}

// Merge adds q's counts to p.
func (p *StyleProfile) Merge(q *StyleProfile) {
	for s := range p.Decisions {
		for a := range p.Decisions[s] {
			p.Decisions[s][a] += q.Decisions[s][a]
		}
	}
	for m := range p.Moves {
		p.Moves[m] += q.Moves[m]
	}
	p.Ticks += q.Ticks
	p.Combos.Started += q.Combos.Started
	p.Combos.Finished += q.Combos.Finished
}

// StyleDistance is how differently two fighters act in the same situations:
// the Jensen–Shannon divergence (in bits, 0 to 1) between their action
// distributions within each situation bin, averaged over the bins with
// weights from the reference's own play. A bin the reference visits and
// the other fighter never does counts as fully different (1): a clone that
// never gets into its teacher's situations does not share its style.
func StyleDistance(ref, other *StyleProfile) float64 {
	var total, sum float64
	for s := range ref.Decisions {
		nr := rowSum(ref.Decisions[s][:])
		if nr == 0 {
			continue
		}
		total += float64(nr)
		no := rowSum(other.Decisions[s][:])
		if no == 0 {
			sum += float64(nr)
			continue
		}
		sum += float64(nr) * jsd(ref.Decisions[s][:], nr, other.Decisions[s][:], no)
	}
	if total == 0 {
		return 0
	}
	return sum / total
}

func rowSum(v []int) int {
	n := 0
	for _, c := range v {
		n += c
	}
	return n
}

// jsd is the Jensen–Shannon divergence in bits between the distributions
// with counts a (summing to na) and b (summing to nb).
func jsd(a []int, na int, b []int, nb int) float64 {
	var d float64
	for i := range a {
		p, q := float64(a[i])/float64(na), float64(b[i])/float64(nb)
		m := (p + q) / 2
		if p > 0 {
			d += p * math.Log2(p/m) / 2
		}
		if q > 0 {
			d += q * math.Log2(q/m) / 2
		}
	}
	return max(0, min(1, d))
}

// MoveRate is how often a fighter starts one move.
type MoveRate struct {
	Move      string  `json:"move"`
	PerMinute float64 `json:"per_minute"`
}

// MoveUsage is the profile's move-usage histogram: moves started per minute
// of play, in game.MoveID order.
func (p *StyleProfile) MoveUsage() []MoveRate {
	out := make([]MoveRate, 0, game.NumMoves-1)
	minutes := float64(p.Ticks) / (60 * game.TickRate)
	for m := 1; m < game.NumMoves; m++ {
		r := MoveRate{Move: game.MoveData(game.MoveID(m)).Name}
		if minutes > 0 {
			r.PerMinute = float64(p.Moves[m]) / minutes
		}
		out = append(out, r)
	}
	return out
}

// ComboStats counts combos: a combo is started when a fighter chains the
// first two moves of one of a teacher's combos and finished when it chains
// the third too (see comboTracker).
type ComboStats struct {
	Started  int `json:"started"`
	Finished int `json:"finished"`
}

// Rate is the share of started combos that were finished, 0 when none
// was started.
func (c ComboStats) Rate() float64 {
	if c.Started == 0 {
		return 0
	}
	return float64(c.Finished) / float64(c.Started)
}

// comboGap is the most ticks between one move's end and the next move's
// start for the two to form a chain: a decision interval of 4 and a
// reaction to the move's end fit in it.
const comboGap = 8

// comboTracker follows one fighter's moves tick by tick and counts its
// combos against a list of three-move combos.
type comboTracker struct {
	combos [][]game.MoveID
	chain  []game.MoveID // the current chain of moves
	end    int32         // the tick the chain's last move ends
	stats  ComboStats
}

// step looks at fighter f after tick t has been played.
func (c *comboTracker) step(f *game.Fighter, t int32) {
	if f.SinceMove != 0 || f.LastMoves[0] == game.MoveNone {
		return
	}
	mv := f.LastMoves[0]
	if len(c.chain) > 0 && t-c.end > comboGap {
		c.flush()
	}
	c.chain = append(c.chain, mv)
	data := game.MoveData(mv)
	c.end = t + data.Total()
}

// flush counts the combos of the finished chain and starts a new one.
func (c *comboTracker) flush() {
	ch := c.chain
	for i := 0; i+1 < len(ch); {
		matched := false
		for _, combo := range c.combos {
			if ch[i] != combo[0] || ch[i+1] != combo[1] {
				continue
			}
			matched = true
			c.stats.Started++
			if i+2 < len(ch) && ch[i+2] == combo[2] {
				c.stats.Finished++
				i++
			}
			break
		}
		if matched {
			i += 2
		} else {
			i++
		}
	}
	c.chain = c.chain[:0]
}
