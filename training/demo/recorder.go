package demo

import (
	"fmt"

	"github.com/dojo-arena/dojo/game"
)

// actionID returns the id of in in game.Actions; the action spec must have
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
// a correction: a teacher overriding the fighter. CorrectionController is
// one; a Recorder attached to a Driver whose recorded seat holds a Corrector
// marks those decisions with the Correction flag.
type Corrector interface {
	game.Controller
	// Corrected reports whether the latest Decide was a correction.
	Corrected() bool
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
	w         *Writer
	side      int
	match     *game.Match
	corrector Corrector
	rec       Record
	decisions int
	mapped    int
	err       error
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
	if r.side != 0 && r.side != 1 {
		r.err = fmt.Errorf("record side %d: a match has sides 0 and 1", r.side)
		return
	}
	r.match = d.Match
	r.corrector, _ = d.Seats[r.side].Controller.(Corrector)
	prev := d.OnDecision
	d.OnDecision = func(side int, o *game.Observation, in game.Input) {
		if prev != nil {
			prev(side, o, in)
		}
		if side == r.side {
			r.record(o, in)
		}
	}
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
		r.rec.Flags = Correction
	}
	r.rec.Obs = *o
	if err := r.w.Write(&r.rec); err != nil {
		r.err = fmt.Errorf("record side %d at tick %d: %w", r.side, r.rec.Tick, err)
		return
	}
	r.decisions++
}

// Decisions is the number of decisions recorded.
func (r *Recorder) Decisions() int { return r.decisions }

// Mapped is how many of them were inputs outside the action set, recorded
// as their NearestAction.
func (r *Recorder) Mapped() int { return r.mapped }

// Err is the write error that stopped the recording, or nil.
func (r *Recorder) Err() error { return r.err }

// CorrectionController lets a teacher correct a fighter while it plays
// (DAgger-style data collection). On every decision both decide from the
// same observation; when their actions (by NearestAction) agree the
// fighter's input is played, otherwise the teacher's is played and the
// decision is a correction (Corrected). A Recorder attached to the match
// records the played action, flagging corrections, so the file holds the
// teacher's label for every state the fighter itself reached.
//
// The teacher is asked on every decision, so a teacher with its own random
// stream stays deterministic. A human teacher who is not touching the keys
// disagrees with any action but "none"; the view layer should wrap such a
// teacher so that it answers with the fighter's action when idle.
type CorrectionController struct {
	Fighter, Teacher game.Controller

	decisions, corrections int
	corrected              bool
}

// NewCorrectionController returns a controller where teacher corrects
// fighter.
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
	c.corrected = fa != ta
	if c.corrected {
		c.corrections++
		return t
	}
	return f
}

// Corrected implements Corrector: whether the latest decision played the
// teacher's action over the fighter's.
func (c *CorrectionController) Corrected() bool { return c.corrected }

// Decisions is the number of decisions taken.
func (c *CorrectionController) Decisions() int { return c.decisions }

// Corrections is the number of decisions the teacher overrode.
func (c *CorrectionController) Corrections() int { return c.corrections }
