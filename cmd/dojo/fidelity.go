package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/training"
	"github.com/spf13/cobra"
)

func newFidelityCmd() *cobra.Command {
	var (
		teacher, opponent, archetype, out string
		minutes                           float64
		matches, rounds, reaction         int
		seed                              uint64
		versus                            []string
		asJSON                            bool
	)
	cmd := &cobra.Command{
		Use:   "fidelity",
		Short: "Clone a teacher bot from minutes of its play and measure the likeness",
		Long: `fidelity is Dojo's headline quality measure for imitation learning. It
records --minutes of a scripted teacher bot's play, trains a fresh Core on it
by behaviour cloning, and reports:
  - how long that took, from nothing to a trained Core;
  - the share of the teacher's decisions in fresh matches (never trained on)
    that the clone's match-time policy takes too (held-out agreement);
  - the same on the clone's own play, labelled by the teacher (on-policy);
  - the teacher's and the clone's win rates against the same opponents.`,
		Example: "  dojo fidelity --teacher bot:zoner --minutes 5 --matches 100",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Every flag is checked before anything is recorded.
			if !strings.HasPrefix(teacher, "bot:") || !strings.HasPrefix(opponent, "bot:") {
				return usagef("--teacher and --opponent must be bots (bot:NAME)")
			}
			if err := checkFighters("--teacher", teacher, "--opponent", opponent); err != nil {
				return err
			}
			switch {
			case !(minutes > 0 && minutes <= 24*60):
				return usagef("--minutes must be above 0 and at most a day, got %g", minutes)
			case matches < 0:
				return usagef("--matches must not be negative, got %d", matches)
			case rounds < 0:
				return usagef("--correction-rounds must not be negative, got %d", rounds)
			case reaction < 0:
				return usagef("--reaction must not be negative, got %d", reaction)
			}
			if _, err := brain.NewSpec(archetype); err != nil {
				return usagef("--archetype: %w", err)
			}
			var vs []string
			for _, v := range versus {
				v = strings.TrimSpace(v)
				if !strings.HasPrefix(v, "bot:") {
					return usagef("--vs: %q is not a bot (bot:NAME)", v)
				}
				if err := checkFighters("--vs", v); err != nil {
					return err
				}
				vs = append(vs, strings.TrimPrefix(v, "bot:"))
			}
			if out != "" {
				if err := brain.CheckNewCore(out); err != nil {
					return fmt.Errorf("--out %s: %w", out, err)
				}
			}
			f, err := training.MeasureFidelity(training.FidelityConfig{
				Teacher: strings.TrimPrefix(teacher, "bot:"), Opponent: strings.TrimPrefix(opponent, "bot:"),
				Minutes: minutes, Archetype: archetype, Seed: seed, Matches: matches, Versus: vs,
				CorrectionRounds: rounds, Reaction: reaction,
			})
			if err != nil {
				return err
			}
			if out != "" {
				if err := brain.SaveCore(out, f.Core); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), f)
			}
			printFidelity(cmd.OutOrStdout(), f)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&teacher, "teacher", "bot:zoner", "the scripted bot to clone (`SPEC`)")
	fl.StringVar(&opponent, "opponent", "bot:random", "who the teacher plays while recorded (`SPEC`)")
	fl.Float64Var(&minutes, "minutes", 5, "minutes of the teacher's play to learn from")
	fl.StringVar(&archetype, "archetype", brain.Sage, "the clone's Brain (`NAME`)")
	fl.IntVar(&matches, "matches", 100, "evaluation matches against each opponent")
	fl.Uint64Var(&seed, "seed", 1, "seed of the recording, the Core and the evaluation")
	fl.StringSliceVar(&versus, "vs", []string{"bot:random", "bot:rushdown", "bot:turtle", "bot:zoner"}, "opponents for the win-rate comparison (`SPECS`)")
	fl.IntVar(&rounds, "correction-rounds", 0, "split the minutes between the teacher's play and this many rounds of the teacher correcting the clone")
	fl.IntVar(&reaction, "reaction", 3, "the teacher's delay before its correction takes over, in decisions")
	fl.StringVar(&out, "out", "", "also save the clone as a Core in `DIR`")
	fl.BoolVar(&asJSON, "json", false, "print the result as one JSON document")
	return cmd
}

func printFidelity(w io.Writer, f *training.Fidelity) {
	fmt.Fprintf(w, "Clone of %s from %.1f min of play (%d decisions, %d of them corrections)\n", f.Teacher, f.Minutes, f.Decisions, f.Corrections)
	fmt.Fprintf(w, "  time to a trained Core  %.1f s (recording %.2f s, training %.1f s)\n", f.Seconds, f.RecordSeconds, f.TrainSeconds)
	fmt.Fprintf(w, "  held-out agreement      %.1f%% of the teacher's decisions in fresh matches\n", 100*f.HoldoutAgreement)
	fmt.Fprintf(w, "  on-policy agreement     %.1f%% of the clone's own decisions\n", 100*f.OnPolicyAgreement)
	if len(f.CloneScores) > 0 {
		fmt.Fprintf(w, "  %-14s %-22s %-22s %s\n", "win rate vs", "teacher", "clone", "difference")
		for i, c := range f.CloneScores {
			t := f.TeacherScores[i]
			fmt.Fprintf(w, "  %-14s %5.1f%% [%4.1f, %5.1f]  %5.1f%% [%4.1f, %5.1f]  %+.1f points\n", c.Opponent,
				100*t.WinRate, 100*t.Low, 100*t.High, 100*c.WinRate, 100*c.Low, 100*c.High, 100*(c.WinRate-t.WinRate))
		}
	}
}
