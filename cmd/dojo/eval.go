package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
	"github.com/spf13/cobra"
)

type evalFlags struct {
	fighter  string
	core     string
	vs       []string
	matches  int
	seed     uint64
	workers  int
	interval int
	json     bool
}

func newEvalCmd() *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Measure a fighter's win rates against opponents",
		Long: `eval plays a series of matches between one fighter and each opponent,
swapping sides every match, and prints the win, draw and loss counts with the
win rate and its 95% confidence interval (Wilson score). The same flags
always give the same numbers.

` + fighterHelp,
		Example: `  dojo eval --core my-core --vs bot:rushdown,bot:turtle,bot:zoner,bot:random --matches 100
  dojo eval --fighter bot:zoner --vs bot:random --matches 50 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEval(cmd.OutOrStdout(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.fighter, "fighter", "", "the fighter to evaluate (`SPEC`)")
	fl.StringVar(&f.core, "core", "", "the Core directory to evaluate (same as --fighter core:`DIR`)")
	fl.StringSliceVar(&f.vs, "vs", []string{"bot:rushdown", "bot:turtle", "bot:zoner", "bot:random"}, "opponents, comma-separated `SPECS`")
	fl.IntVar(&f.matches, "matches", 100, "matches against each opponent")
	fl.Uint64Var(&f.seed, "seed", 1, "base seed of the series")
	fl.IntVar(&f.workers, "workers", 0, "matches played in parallel (0: one per CPU)")
	fl.IntVar(&f.interval, "interval", game.DefaultInterval, "decision interval of bot fighters, in `TICKS`")
	fl.BoolVar(&f.json, "json", false, "print the results as one JSON document")
	return cmd
}

// evalReport is the JSON form of an evaluation.
type evalReport struct {
	Fighter string           `json:"fighter"`
	Seed    uint64           `json:"seed"`
	Records []training.Score `json:"records"`
}

func runEval(out io.Writer, f evalFlags) error {
	spec := f.fighter
	switch {
	case f.core != "" && f.fighter != "":
		return usagef("give either --core or --fighter, not both")
	case f.core != "":
		spec = "core:" + f.core
	case spec == "":
		return usagef("say which fighter to evaluate: --core DIR or --fighter SPEC")
	}
	if f.matches < 1 {
		return usagef("--matches must be at least 1, got %d", f.matches)
	}
	if f.workers < 0 {
		return usagef("--workers must not be negative, got %d", f.workers)
	}
	if err := checkInterval(f.interval); err != nil {
		return err
	}
	// Every spec is checked before any Core is loaded.
	flag := "--fighter"
	if f.core != "" {
		flag = "--core"
	}
	if err := checkFighters(flag, spec); err != nil {
		return err
	}
	var vs []string
	for _, s := range f.vs {
		s = strings.TrimSpace(s)
		if err := checkFighters("--vs", s); err != nil {
			return err
		}
		vs = append(vs, s)
	}
	if len(vs) == 0 {
		return usagef("--vs names no opponent")
	}
	me, err := resolveFighter(spec, f.interval)
	if err != nil {
		return err
	}
	var opps []training.Opponent
	for _, s := range vs {
		seat, err := resolveFighter(s, f.interval)
		if err != nil {
			return fmt.Errorf("--vs: %w", err)
		}
		opps = append(opps, training.Opponent{Name: s, Seat: seat})
	}
	recs, err := training.Evaluate(me, opps, training.EvalConfig{Matches: f.matches, Seed: f.seed, Workers: f.workers})
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(out, evalReport{Fighter: spec, Seed: f.seed, Records: recs})
	}
	fmt.Fprintf(out, "%s, %d matches against each opponent (seed %d)\n", spec, f.matches, f.seed)
	fmt.Fprintf(out, "  %-16s %5s %5s %6s   %-8s %s\n", "opponent", "wins", "draws", "losses", "win rate", "95% interval")
	for _, r := range recs {
		fmt.Fprintf(out, "  %-16s %5d %5d %6d   %6.1f%%   [%.1f%%, %.1f%%]\n", r.Opponent, r.Wins, r.Draws, r.Losses, 100*r.WinRate, 100*r.Low, 100*r.High)
	}
	return nil
}
