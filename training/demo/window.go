package demo

import (
	"fmt"

	"github.com/dojo-arena/dojo/game"
)

// WindowRecorder records a person: a side whose controller is asked on every
// tick (a seat with interval 1, the keys read as they are held) recorded as
// the decisions a Brain makes once per interval.
//
// Decision windows follow the round's clock as a Brain's decisions do: a
// window starts on every tick of a round that is a multiple of the interval.
// Each window becomes one record: the observation at its first tick, and the
// label game.LabelWindow gives the buttons held on its ticks, read in the
// frame of that first observation (a tick whose observation is mirrored the
// other way, the fighters having crossed, is mirrored back). A window cut
// short by the end of a round is labelled from the ticks it had.
//
// When the seat's controller is a Corrector, a window in which Corrected was
// true on any tick is flagged as a correction: the person took over the
// fighter there (see the arena's Correct mode). Its label is read from those
// ticks only, what the person did, not from the fighter's ticks before they
// took over.
//
// Like Recorder, the first write error stops the recording and is kept for
// Err. Call Flush when the match is over, or when recording stops, to write
// the window in progress.
type WindowRecorder struct {
	w         *Writer
	side      int
	interval  int
	match     *game.Match
	corrector Corrector

	open      bool
	mirrored  bool
	corrected bool
	rec       Record
	window    []game.Input
	taken     []game.Input // the ticks a Corrector's person played

	decisions, corrections int
	err                    error
}

// NewWindowRecorder returns a WindowRecorder writing side's play to w as
// decisions of the given interval (0 means game.DefaultInterval).
func NewWindowRecorder(w *Writer, side, interval int) *WindowRecorder {
	if interval <= 0 {
		interval = game.DefaultInterval
	}
	return &WindowRecorder{w: w, side: side, interval: interval, window: make([]game.Input, 0, interval), taken: make([]game.Input, 0, interval)}
}

// Attach makes r record d's match (chaining any hook already there). The
// recorded seat must decide on every tick: a seat with another interval
// records nothing and sets Err.
func (r *WindowRecorder) Attach(d *game.Driver) {
	if (r.side == 0 || r.side == 1) && d.Seats[r.side].Interval != 1 {
		r.err = fmt.Errorf("record side %d: a person's seat decides every tick (interval 1), not every %d", r.side, d.Seats[r.side].Interval)
		return
	}
	r.corrector, r.err = hook(d, r.side, r.tick)
	r.match = d.Match
}

func (r *WindowRecorder) tick(o *game.Observation, in game.Input) {
	if r.err != nil {
		return
	}
	if r.match.RoundTick%int32(r.interval) == 0 {
		r.Flush()
		r.open = true
		r.rec.Obs = *o
		r.rec.Tick = r.match.Tick
		r.mirrored = o.Mirrored()
		r.corrected = false
		r.window, r.taken = r.window[:0], r.taken[:0]
	}
	if !r.open {
		return // attached mid-window: wait for the next one
	}
	if o.Mirrored() != r.mirrored {
		in = in.Mirror()
	}
	r.window = append(r.window, in)
	if r.corrector != nil && r.corrector.Corrected() {
		r.corrected = true
		r.taken = append(r.taken, in)
	}
}

// Flush writes the window in progress, if any, and flushes the writer's
// buffer to the operating system.
func (r *WindowRecorder) Flush() {
	if !r.open || r.err != nil {
		return
	}
	r.open = false
	r.rec.Action = uint8(game.LabelWindow(r.window))
	r.rec.Flags = 0
	if r.corrected {
		r.rec.Action = uint8(game.LabelWindow(r.taken))
		r.rec.Flags = Correction
	}
	if err := r.w.Write(&r.rec); err != nil {
		r.err = fmt.Errorf("record side %d at tick %d: %w", r.side, r.rec.Tick, err)
		return
	}
	r.decisions++
	if r.corrected {
		r.corrections++
	}
	if err := r.w.Flush(); err != nil {
		r.err = fmt.Errorf("record side %d: %w", r.side, err)
	}
}

// Decisions is the number of windows recorded.
func (r *WindowRecorder) Decisions() int { return r.decisions }

// Corrections is the number of windows recorded as corrections.
func (r *WindowRecorder) Corrections() int { return r.corrections }

// Err is the write error that stopped the recording, or nil.
func (r *WindowRecorder) Err() error { return r.err }
