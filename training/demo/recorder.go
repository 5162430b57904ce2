package demo

import (
	"fmt"

	"github.com/dojo-arena/dojo/game"
)

// actionID returns the id of in in the action space; the action spec must have
// it.
func actionID(in game.Input) int {
	id, ok := game.ActionOf(in)
	if !ok {
		panic(fmt.Sprintf("demo: action spec version %d has no action %v", game.ActionSpecVersion, in))
	}
	return id
}

// The actions NearestAction maps onto.
var (
	actNone      = actionID(0)
	actLeft      = actionID(game.Left)
	actRight     = actionID(game.Right)
	actUp        = actionID(game.Up)
	actUpLeft    = actionID(game.Up | game.Left)
	actUpRight   = actionID(game.Up | game.Right)
	actDown      = actionID(game.Down)
	actLight     = actionID(game.Light)
	actHeavy     = actionID(game.Heavy)
	actSpecial   = actionID(game.Special)
	actBlock     = actionID(game.Block)
	actThrow     = actionID(game.Throw)
	actDashLeft  = actionID(game.Dash | game.Left)
	actDashRight = actionID(game.Dash | game.Right)
	actDownLight = actionID(game.Down | game.Light)
	actDownHeavy = actionID(game.Down | game.Heavy)
)

// NearestAction maps an input, in the frame of observation o, to an action
// id. An input of the action set (game.ActionOf) maps to its own id and
// exact is true. Any other button combination (a human holding several
// keys) maps to the action the simulation would carry out for a free
// fighter on the ground, by the button priority of the rules: throw, then
// special, down+heavy, heavy, down+light, light, block, dash (towards the
// held direction, or the way the fighter faces, o's feature
// ObsSelf+FFacing, when none or both are held), up (with the held
// direction), down, then walking; left and right together cancel out.
// For a free grounded fighter with its dash ready and no fireball in
// flight, the mapped action plays exactly like the input; in the air it is
// an approximation that keeps the attack or jump and may drop a drift.
// o may be nil, which reads as facing right.
func NearestAction(in game.Input, o *game.Observation) (id int, exact bool) {
	in &= game.AllButtons
	if id, ok := game.ActionOf(in); ok {
		return id, true
	}
	var dir int
	if in&game.Right != 0 {
		dir++
	}
	if in&game.Left != 0 {
		dir--
	}
	switch {
	case in&game.Throw != 0:
		return actThrow, false
	case in&game.Special != 0:
		return actSpecial, false
	case in&game.Heavy != 0 && in&game.Down != 0:
		return actDownHeavy, false
	case in&game.Heavy != 0:
		return actHeavy, false
	case in&game.Light != 0 && in&game.Down != 0:
		return actDownLight, false
	case in&game.Light != 0:
		return actLight, false
	case in&game.Block != 0:
		return actBlock, false
	case in&game.Dash != 0:
		if dir == 0 && o != nil && o[game.ObsSelf+game.FFacing] < 0 {
			dir = -1
		}
		if dir < 0 {
			return actDashLeft, false
		}
		return actDashRight, false
	case in&game.Up != 0:
		switch dir {
		case -1:
			return actUpLeft, false
		case 1:
			return actUpRight, false
		}
		return actUp, false
	case in&game.Down != 0:
		return actDown, false
	case dir < 0:
		return actLeft, false
	case dir > 0:
		return actRight, false
	}
	return actNone, false
}

// Corrector is a Controller that can tell whether its latest decision was
// a correction: a teacher disagreeing with the fighter. CorrectionController
// is one; a Recorder attached to a Driver whose recorded seat holds a
// Corrector records those decisions with the teacher's input as the label
// and the Correction flag.
type Corrector interface {
	game.Controller
	// Corrected reports whether the teacher disagreed with the latest
	// decision.
	Corrected() bool
	// Label is the teacher's input for the latest decision: what the
	// fighter should have done.
	Label() game.Input
}

// Recorder writes the decisions of one side of a game.Driver match as
// demonstration records: the observation the controller saw, the action id
// of the input it chose (see NearestAction for inputs outside the action
// set: they are mapped, not skipped, and counted by Mapped), the match tick
// and, when the seat's controller is a Corrector, the Correction flag.
//
// A Driver hook cannot return an error, so the first write error stops the
// recording and is kept for Err; check it when the match is over.
type Recorder struct {
	w           *Writer
	side        int
	match       *game.Match
	corrector   Corrector
	rec         Record
	decisions   int
	corrections int
	mapped      int
	err         error
}

// NewRecorder returns a Recorder that writes side's decisions to w.
func NewRecorder(w *Writer, side int) *Recorder {
	return &Recorder{w: w, side: side}
}

// Attach makes the recorder record d's match: it sets d.OnDecision, still
// calling the hook that was there before (so several recorders can watch
// one match), and reads the match tick from d.Match. Attach before the
// first Step. A side other than 0 or 1 records nothing and sets Err.
func (r *Recorder) Attach(d *game.Driver) {
	r.corrector, r.err = hook(d, r.side, r.record)
	r.match = d.Match
}

// hook makes f see side's decisions in d's match, chaining the hook that
// was there before, and returns the side's controller as a Corrector when it
// is one. A side other than 0 or 1 is an error and hooks nothing.
func hook(d *game.Driver, side int, f func(o *game.Observation, in game.Input)) (Corrector, error) {
	if side != 0 && side != 1 {
		return nil, fmt.Errorf("record side %d: a match has sides 0 and 1", side)
	}
	c, _ := d.Seats[side].Controller.(Corrector)
	prev := d.OnDecision
	d.OnDecision = func(s int, o *game.Observation, in game.Input) {
		if prev != nil {
			prev(s, o, in)
		}
		if s == side {
			f(o, in)
		}
	}
	return c, nil
}

// record writes one decision. It allocates nothing.
func (r *Recorder) record(o *game.Observation, in game.Input) {
	if r.err != nil {
		return
	}
	id, exact := NearestAction(in, o)
	if !exact {
		r.mapped++
	}
	r.rec.Tick = r.match.Tick
	r.rec.Action = uint8(id)
	r.rec.Flags = 0
	if r.corrector != nil && r.corrector.Corrected() {
		// The teacher's label, even while the fighter's action is still
		// being played (a teacher who has not reacted yet).
		if id, exact = NearestAction(r.corrector.Label(), o); !exact {
			r.mapped++
		}
		r.rec.Action = uint8(id)
		r.rec.Flags = Correction
	}
	r.rec.Obs = *o
	if err := r.w.Write(&r.rec); err != nil {
		r.err = fmt.Errorf("record side %d at tick %d: %w", r.side, r.rec.Tick, err)
		return
	}
	r.decisions++
	if r.rec.Flags&Correction != 0 {
		r.corrections++
	}
}

// Decisions is the number of decisions recorded.
func (r *Recorder) Decisions() int { return r.decisions }

// Corrections is the number of decisions recorded as corrections.
func (r *Recorder) Corrections() int { return r.corrections }

// Mapped is how many of them were inputs outside the action set, recorded
// as their NearestAction.
func (r *Recorder) Mapped() int { return r.mapped }

// Err is the write error that stopped the recording, or nil.
func (r *Recorder) Err() error { return r.err }

// CorrectionController lets a teacher correct a fighter while it plays
// (DAgger-style data collection). On every decision both decide from the
// same observation. When their actions (by NearestAction) agree, the
// fighter's input is played. When they differ, the decision is a correction
// (Corrected): it is recorded with the teacher's action as its label, and
// the teacher's input is played — at once with Delay 0, or once the
// teacher has disagreed on more than Delay decisions in a row, the way a
// person reacts a moment late. Until then the fighter's own input is played,
// so the recording reaches the states the fighter's mistakes lead to, each
// labelled with what the teacher would have done (DAgger's point).
//
// The teacher is asked on every decision, so a teacher with its own random
// stream stays deterministic. A human teacher who is not touching the keys
// disagrees with any action but "none"; the view layer should wrap such a
// teacher so that it answers with the fighter's action when idle.
type CorrectionController struct {
	Fighter, Teacher game.Controller
	// Delay is how many disagreeing decisions in a row the fighter still
	// plays before the teacher's input takes over.
	Delay int

	decisions, corrections int
	streak                 int
	corrected              bool
	label                  game.Input
}

// NewCorrectionController returns a controller where teacher corrects
// fighter at once (Delay 0).
func NewCorrectionController(fighter, teacher game.Controller) *CorrectionController {
	return &CorrectionController{Fighter: fighter, Teacher: teacher}
}

// Decide implements game.Controller.
func (c *CorrectionController) Decide(o *game.Observation) game.Input {
	f := c.Fighter.Decide(o) & game.AllButtons
	t := c.Teacher.Decide(o) & game.AllButtons
	fa, _ := NearestAction(f, o)
	ta, _ := NearestAction(t, o)
	c.decisions++
	c.label = t
	c.corrected = fa != ta
	if !c.corrected {
		c.streak = 0
		return f
	}
	c.corrections++
	c.streak++
	if c.streak > c.Delay {
		return t
	}
	return f
}

// Label implements Corrector: the teacher's input for the latest decision.
func (c *CorrectionController) Label() game.Input { return c.label }

// Corrected implements Corrector: whether the teacher disagreed with the
// fighter on the latest decision.
func (c *CorrectionController) Corrected() bool { return c.corrected }

// Decisions is the number of decisions taken.
func (c *CorrectionController) Decisions() int { return c.decisions }

// Corrections is the number of decisions the teacher disagreed with.
func (c *CorrectionController) Corrections() int { return c.corrections }
