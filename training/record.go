package training

import (
	"fmt"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training/demo"
)

// RecordConfig describes a recording session: matches between the recorded
// player and an opponent, played until Ticks ticks of play are recorded.
type RecordConfig struct {
	// Player makes the recorded side's seat for each match. For a recording
	// with corrections its controller is a *demo.CorrectionController.
	Player SeatFunc
	// Opponent makes the other side's seat.
	Opponent SeatFunc
	// Source, Teacher and OpponentName go into each session's metadata.
	Source, Teacher, OpponentName string
	// Ticks of play to record (a match cut short by it is recorded up to
	// there).
	Ticks int
	// Seed is the first match's seed; match i plays with Mix(Seed, i).
	Seed uint64
	// CreatedBy names the program, for the metadata.
	CreatedBy string
}

// RecordStats sums up a recording.
type RecordStats struct {
	Matches     int `json:"matches"`
	Ticks       int `json:"ticks"`
	Decisions   int `json:"decisions"`
	Corrections int `json:"corrections"`
	Mapped      int `json:"mapped_inputs"` // inputs outside the action set, stored as the nearest action
}

// Record plays matches and writes the recorded side's decisions to a new
// demonstration file at path (which must not exist), one session per match.
// The recorded player takes side 0 and side 1 in turn (observations are
// mirrored, so both sides look alike to a policy). Every match's records are
// flushed when it ends, so a crash loses at most the match in progress.
func Record(path string, cfg RecordConfig) (st RecordStats, err error) {
	if cfg.Ticks <= 0 {
		return st, fmt.Errorf("record: nothing to record (%d ticks)", cfg.Ticks)
	}
	var w *demo.Writer
	defer func() {
		if w != nil {
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
	}()
	for i := 0; st.Ticks < cfg.Ticks; i++ {
		seed := game.Mix(cfg.Seed, uint64(i))
		side := i % 2
		me, them := cfg.Player(game.Mix(seed, 1)), cfg.Opponent(game.Mix(seed, 2))
		seats := [2]game.Seat{me, them}
		if side == 1 {
			seats = [2]game.Seat{them, me}
		}
		d := game.NewDriver(game.Config{Seed: seed}, seats, 0)
		meta := demo.Meta{
			Source: cfg.Source, Teacher: cfg.Teacher, Opponent: cfg.OpponentName,
			Seed: seed, Side: side, Interval: me.Interval, RulesVersion: game.RulesVersion,
			CreatedBy: cfg.CreatedBy,
		}
		if meta.Interval <= 0 {
			meta.Interval = game.DefaultInterval
		}
		if w == nil {
			if w, err = demo.Create(path, meta); err != nil {
				return st, err
			}
		} else if err := w.Begin(meta); err != nil {
			return st, err
		}
		rec := demo.NewRecorder(w, side)
		rec.Attach(d)
		for !d.Match.Over && st.Ticks < cfg.Ticks {
			d.Step()
			st.Ticks++
		}
		if err := rec.Err(); err != nil {
			return st, err
		}
		st.Matches++
		st.Decisions += rec.Decisions()
		st.Mapped += rec.Mapped()
		if c, ok := me.Controller.(*demo.CorrectionController); ok {
			st.Corrections += c.Corrections()
		}
		if err := w.Sync(); err != nil {
			return st, err
		}
	}
	return st, nil
}
