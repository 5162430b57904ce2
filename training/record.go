package training

import (
	"bytes"
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
func Record(path string, cfg RecordConfig) (RecordStats, error) {
	return record(cfg, func(meta demo.Meta) (*demo.Writer, error) { return demo.Create(path, meta) })
}

// Collect is Record into memory: it plays the same matches and returns the
// recorded decisions, written and read back through the demonstration
// format.
func Collect(cfg RecordConfig) (*demo.Set, RecordStats, error) {
	var buf bytes.Buffer
	st, err := record(cfg, func(meta demo.Meta) (*demo.Writer, error) { return demo.NewWriter(&buf, meta) })
	if err != nil {
		return nil, st, err
	}
	set, err := demo.Parse("memory", buf.Bytes())
	return set, st, err
}

// record plays the matches of cfg into the writer that create makes for the
// first match's metadata.
func record(cfg RecordConfig, create func(demo.Meta) (*demo.Writer, error)) (st RecordStats, err error) {
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
		sides := [2]SeatFunc{cfg.Player, cfg.Opponent}
		if side == 1 {
			sides[0], sides[1] = sides[1], sides[0]
		}
		d := game.SeatMatch(seed, sides, 0)
		meta := demo.Meta{
			Source: cfg.Source, Teacher: cfg.Teacher, Opponent: cfg.OpponentName,
			Seed: seed, Side: side, Interval: d.Seats[side].Interval, RulesVersion: game.RulesVersion,
			CreatedBy: cfg.CreatedBy,
		}
		if meta.Interval <= 0 {
			meta.Interval = game.DefaultInterval
		}
		if w == nil {
			if w, err = create(meta); err != nil {
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
		st.Corrections += rec.Corrections()
		if err := w.Sync(); err != nil { // a file: flushed and synced; memory: flushed
			return st, err
		}
	}
	return st, nil
}

// DatasetFromSet turns recorded demonstrations into a training dataset:
// decisions flagged as corrections weigh correctionWeight, others 1, and the
// files' SHA-256 hashes become the dataset's sources (for lineage).
func DatasetFromSet(set *demo.Set, correctionWeight float32) Dataset {
	ds := Dataset{Obs: set.Obs, Actions: set.Actions}
	for i, fl := range set.Flags {
		if fl&demo.Correction == 0 || correctionWeight == 1 {
			continue
		}
		if ds.Weights == nil {
			ds.Weights = ones(set.Len())
		}
		ds.Weights[i] = correctionWeight
	}
	for _, f := range set.Files {
		ds.Sources = append(ds.Sources, "sha256:"+f.SHA256)
	}
	return ds
}
