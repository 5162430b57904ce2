package game

import (
	"errors"
	"fmt"
)

// ErrWrongFighter is wrapped by Redrive's error when a fighter given to it
// is not the one the replay names (another identity, or another decision
// interval).
var ErrWrongFighter = errors.New("not the fighter that played")

// InputMismatchError says where a re-driven match departed from the
// recorded inputs.
type InputMismatchError struct {
	// Side is 0 for P1, 1 for P2.
	Side int
	// Tick counts ticks like MismatchError.Tick: the differing input is
	// Inputs[Tick-1], the one that drives the match's Tick-th step.
	Tick int
	// Want is the recorded world input, Got the re-driven one.
	Want, Got Input
	// PlayedBack is set when the side played its recorded inputs back (its
	// fighter was not available): its recorded input changed between two
	// of its decisions.
	PlayedBack bool
	// Interval is the side's decision interval.
	Interval int
}

// Error names the side, the tick and both inputs.
func (e *InputMismatchError) Error() string {
	if e.PlayedBack {
		return fmt.Sprintf("replay mismatch: P%d's recorded input changes at tick %d (to %s, held %s), between two of its decisions (one every %d ticks)",
			e.Side+1, e.Tick, e.Want, e.Got, e.Interval)
	}
	return fmt.Sprintf("replay mismatch: P%d's fighter decided %s at tick %d, the replay records %s",
		e.Side+1, e.Got, e.Tick, e.Want)
}

// playback is a Controller that answers with a side's recorded inputs: it
// stands in for a fighter that is not available.
type playback struct {
	inputs [][2]Input
	side   int
	m      *Match
}

// Decide returns the recorded world input of the tick about to be played,
// in o's frame.
func (p *playback) Decide(o *Observation) Input {
	in := p.inputs[p.m.Tick][p.side]
	if o.Mirrored() {
		in = in.Mirror()
	}
	return in
}

// CheckFighter reports whether seat makes side's fighter as the replay
// names it: the same ID and the same decision interval. The error wraps
// ErrWrongFighter.
func (r *Replay) CheckFighter(side int, seat SeatFunc) error {
	s := seat(SideSeed(r.Seed, side))
	return r.checkSeat(side, &s)
}

func (r *Replay) checkSeat(side int, s *Seat) error {
	if s.ID != r.Players[side] {
		return fmt.Errorf("fighter P%d: %w: the replay names %s, the fighter given is %s", side+1, ErrWrongFighter, IdentityLabel(r.Players[side]), IdentityLabel(s.ID))
	}
	if iv := int(s.interval()); iv != r.Intervals[side] {
		return fmt.Errorf("fighter P%d: %w: %s decides every %d ticks in the replay, every %d ticks as given", side+1, ErrWrongFighter, IdentityLabel(s.ID), r.Intervals[side], iv)
	}
	return nil
}

// Redrive plays the replay's match again with real controllers and checks
// that they decide exactly the recorded inputs: it proves that the fighters
// the replay names gave the inputs that Verify proves gave the result. Call
// Verify first; Redrive stops where the recorded inputs or the match end.
//
// sides[i] makes side i's seat, seeded as SeatMatch seeds it (as every
// seeded match was recorded); the seat's ID and decision interval must be
// the replay's, or the error wraps ErrWrongFighter. A nil sides[i] plays
// side i's recorded inputs back (a fighter that is not available, such as
// a person): that side's inputs are then only checked to change on its
// decision ticks. At the first tick where a side's input differs from the
// record, Redrive returns an *InputMismatchError.
func (r *Replay) Redrive(sides [2]SeatFunc) error {
	if err := r.check(); err != nil {
		return err
	}
	var back [2]*playback
	makers := sides
	for i := range makers {
		if makers[i] != nil {
			continue
		}
		pb := &playback{inputs: r.Inputs, side: i}
		back[i] = pb
		id, iv := r.Players[i], r.Intervals[i]
		makers[i] = func(uint64) Seat { return Seat{ID: id, Controller: pb, Interval: iv} }
	}
	d := SeatMatch(r.Seed, makers, 0)
	for i := range d.Seats {
		if err := r.checkSeat(i, &d.Seats[i]); err != nil {
			return err
		}
		if back[i] != nil {
			back[i].m = d.Match
		}
	}
	for t, want := range r.Inputs {
		if d.Match.Over {
			break
		}
		d.Step()
		for side, got := range d.held {
			if got != want[side] {
				return &InputMismatchError{Side: side, Tick: t + 1, Want: want[side], Got: got, PlayedBack: back[side] != nil, Interval: r.Intervals[side]}
			}
		}
	}
	return nil
}
