package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
	"github.com/dojo-arena/dojo/training/demo"
	"github.com/spf13/cobra"
)

type recordFlags struct {
	teacher, opponent, fighter string
	minutes                    float64
	out                        string
	seed                       uint64
	interval, reaction         int
	json                       bool
}

func newRecordCmd() *cobra.Command {
	var f recordFlags
	cmd := &cobra.Command{
		Use:   "record",
		Short: "Record demonstrations of a teacher playing",
		Long: `record plays matches headless and records one side's decisions (the
observation it saw and the action it took) as a demonstration file in the
--out directory, for dojo train.

With --teacher alone the teacher plays and is recorded. With --fighter as
well, the fighter plays and the teacher corrects it (DAgger-style): every
decision where the teacher would act differently is recorded with the
teacher's action as a correction, which the trainer weights more, and once
the teacher has disagreed --reaction decisions in a row its action is played
instead of the fighter's.

` + fighterHelp,
		Example: `  dojo record --teacher bot:brawler --opponent bot:sparring --minutes 10 --out demos/
  dojo record --fighter core:my-core --teacher bot:zoner --minutes 2 --out demos/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRecord(cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.teacher, "teacher", "", "who plays, or corrects the fighter (`SPEC`, e.g. bot:zoner)")
	fl.StringVar(&f.opponent, "opponent", "bot:sparring", "who plays the other side (`SPEC`); a clone learns the situations this opponent leads to")
	fl.StringVar(&f.fighter, "fighter", "", "record a correction session: this fighter (`SPEC`) plays, the teacher corrects it")
	fl.Float64Var(&f.minutes, "minutes", 5, "minutes of play to record")
	fl.StringVar(&f.out, "out", "demos", "directory to write the demonstration file into (`DIR`, created if missing)")
	fl.Uint64Var(&f.seed, "seed", 1, "seed of the first match")
	fl.IntVar(&f.interval, "interval", game.DefaultInterval, "decision interval of bot players, in `TICKS`")
	fl.IntVar(&f.reaction, "reaction", 3, "with --fighter: decisions the fighter keeps playing while the teacher disagrees, before the teacher takes over (a person's reaction time; every disagreement is labelled with the teacher's action all the same)")
	fl.BoolVar(&f.json, "json", false, "print what was recorded as one JSON document")
	return cmd
}

// recordReport is the JSON form of a recording.
type recordReport struct {
	File string `json:"file"`
	training.RecordStats
	Bytes int64 `json:"bytes"`
}

func runRecord(out, log io.Writer, f recordFlags) error {
	if f.teacher == "" {
		return usagef("say who to record: --teacher SPEC (e.g. bot:zoner)")
	}
	if err := checkInterval(f.interval); err != nil {
		return err
	}
	if f.reaction < 0 {
		return usagef("--reaction must not be negative, got %d", f.reaction)
	}
	if !(f.minutes > 0 && f.minutes <= 24*60) {
		return usagef("--minutes must be above 0 and at most a day, got %g", f.minutes)
	}
	if f.out == "" {
		return usagef("--out: an empty path")
	}
	if err := checkFighters("--teacher", f.teacher, "--opponent", f.opponent); err != nil {
		return err
	}
	if f.fighter != "" {
		if err := checkFighters("--fighter", f.fighter); err != nil {
			return err
		}
	}
	teacher, err := resolveFighter(f.teacher, f.interval)
	if err != nil {
		return fmt.Errorf("--teacher: %w", err)
	}
	opponent, err := resolveFighter(f.opponent, f.interval)
	if err != nil {
		return fmt.Errorf("--opponent: %w", err)
	}
	cfg := training.RecordConfig{
		Player: teacher, Opponent: opponent, Source: f.teacher, OpponentName: f.opponent,
		Ticks: int(f.minutes * 60 * game.TickRate), Seed: f.seed, CreatedBy: "dojo record",
	}
	name := fileSafe(f.teacher)
	if f.fighter != "" {
		fighter, err := resolveFighter(f.fighter, f.interval)
		if err != nil {
			return fmt.Errorf("--fighter: %w", err)
		}
		cfg.Source, cfg.Teacher = f.fighter, f.teacher
		cfg.Player = training.CorrectedSeat(fighter, teacher, f.reaction)
		name = fileSafe(f.fighter) + "-corrected-by-" + name
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("creating --out: %w", err)
	}
	path := filepath.Join(f.out, fmt.Sprintf("%s-s%d%s", name, f.seed, demo.Ext))
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: recordings are never overwritten (choose another --seed or --out)", path)
	}
	fmt.Fprintf(log, "recording %.1f minutes of %s to %s\n", f.minutes, cfg.Source, path)
	st, err := training.Record(path, cfg)
	if err != nil {
		return err
	}
	rep := recordReport{File: path, RecordStats: st}
	if info, err := os.Stat(path); err == nil {
		rep.Bytes = info.Size()
	}
	if f.json {
		return writeJSON(out, rep)
	}
	fmt.Fprintf(out, "%s: %d decisions (%d corrections) from %d matches, %.1f min of play, %d bytes\n",
		path, st.Decisions, st.Corrections, st.Matches, float64(st.Ticks)/60/game.TickRate, rep.Bytes)
	return nil
}

// fileSafe turns a fighter spec into a file name part.
func fileSafe(spec string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, filepath.Base(strings.TrimPrefix(strings.TrimPrefix(spec, "bot:"), "core:")))
}
