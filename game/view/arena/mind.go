package arena

import (
	"math"
	"slices"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// ActionNames name the actions of game.Action as a player reads them, in the
// fighter's own frame (where its opponent is in front): "back" is away from
// the opponent.
var ActionNames = [game.NumActions]string{
	"wait", "walk back", "walk forward", "jump", "jump back", "jump forward",
	"crouch", "jab", "strong", "fireball", "block", "throw",
	"dash back", "dash forward", "low kick", "uppercut",
}

// Thought is one action the fighter considered and how likely it was.
type Thought struct {
	Action int
	P      float64
}

// Mind is a fighter's Core playing, and what it thinks at each decision:
// a game.Controller (the integer Policy, as in every match) that also keeps
// the softmax of the logits it decided from, and the style of its play.
type Mind struct {
	Policy *brain.Policy
	// Top holds the most likely actions of the latest decision, most likely
	// first.
	Top []Thought
	// Chosen is the action taken at the latest decision.
	Chosen int
	// Style counts the fighter's decisions by situation (for the style
	// distance to the player).
	Style     training.StyleProfile
	Decisions int

	probs [game.NumActions]float64
	order [game.NumActions]int
}

// NewMind plays Core c.
func NewMind(c *brain.Core) (*Mind, error) {
	p, err := brain.NewPolicy(c)
	if err != nil {
		return nil, err
	}
	return &Mind{Policy: p, Top: make([]Thought, 0, 3)}, nil
}

// Decide takes the Policy's action and records the probabilities behind it.
func (m *Mind) Decide(o *game.Observation) game.Input {
	logits := m.Policy.Logits(o)
	Softmax24(m.probs[:], logits)
	for i := range m.order {
		m.order[i] = i
	}
	slices.SortStableFunc(m.order[:], func(a, b int) int {
		switch {
		case m.probs[a] > m.probs[b]:
			return -1
		case m.probs[a] < m.probs[b]:
			return 1
		}
		return 0
	})
	m.Top = m.Top[:0]
	for _, a := range m.order[:3] {
		m.Top = append(m.Top, Thought{Action: a, P: m.probs[a]})
	}
	m.Chosen = 0 // the Policy's argmax: the first of the largest logits
	for i, z := range logits {
		if z > logits[m.Chosen] {
			m.Chosen = i
		}
	}
	if training.CanAct(o) {
		m.Style.Add(o, m.Chosen)
	}
	m.Decisions++
	return game.Action(m.Chosen)
}

// Softmax24 writes the softmax of logits in 2^-24 units (brain.Policy's) to
// p, for display only (floats; matches never use it).
func Softmax24(p []float64, logits []int64) {
	best := slices.Max(logits)
	var sum float64
	for i, z := range logits {
		p[i] = math.Exp(float64(z-best) / (1 << 24))
		sum += p[i]
	}
	for i := range logits {
		p[i] /= sum
	}
}

// Correcting is Correct mode's controller: the fighter's Mind plays, on its
// own decision interval with its input held in between, until the player
// touches a button; on every tick the player holds one, the player's input
// is played instead, and the tick counts as a correction (DAgger-style).
// Seat it with interval 1 and record it with a demo.WindowRecorder: the
// windows the player took over are recorded as corrections labelled with
// what the player did, the others with what the fighter did.
type Correcting struct {
	Mind     *Mind
	Player   Human
	Match    *game.Match
	Interval int

	world  game.Input // the fighter's input in world directions
	active bool
	label  game.Input
	// Takeovers counts the ticks the player played.
	Takeovers int
}

// Decide plays the player's input if they hold one, else the fighter's.
func (c *Correcting) Decide(o *game.Observation) game.Input {
	iv := int32(c.Interval)
	if iv <= 0 {
		iv = game.DefaultInterval
	}
	if c.Match.RoundTick%iv == 0 {
		// The fighter decides on its own clock even while the player plays,
		// so that it picks up again at once when they let go.
		c.world = c.Mind.Decide(o)
		if o.Mirrored() {
			c.world = c.world.Mirror()
		}
	}
	h := c.Player.Decide(o)
	c.active, c.label = h != 0, h
	if c.active {
		c.Takeovers++
		return h
	}
	if o.Mirrored() {
		return c.world.Mirror()
	}
	return c.world
}

// Corrected reports whether the player took over on this tick.
func (c *Correcting) Corrected() bool { return c.active }

// Label is the player's input on this tick.
func (c *Correcting) Label() game.Input { return c.label }
