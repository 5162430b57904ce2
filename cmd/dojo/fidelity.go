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
		baselines, asJSON                 bool
	)
	cmd := &cobra.Command{
		Use:   "fidelity",
		Short: "Clone a teacher bot from minutes of its play and measure the likeness",
		Long: `fidelity is Dojo's headline quality measure for imitation learning. It
records --minutes of a teacher bot's play (a persona such as brawler, sniper
or wall plays like a person: seeded, stateful, late and fallible), trains a
fresh Core on it by behaviour cloning, and reports:
  - how long that took, from nothing to a trained Core;
  - held-out agreement: the share of the teacher's decisions in fresh
    matches (never trained on) that the clone takes too;
  - on-policy agreement: the same on the clone's own play, labelled by the
    teacher watching beside it;
  - style distance: the Jensen-Shannon divergence (bits, 0 = alike) between
    the teacher's and the clone's action distributions within situation
    bins (distance band x own state x opponent state), weighted by the
    teacher's play, over style matches against every bot on the same seeds;
  - the move-usage histogram and, for personas, how often a started combo
    is finished, for both;
  - the win-rate matrix: both against every bot;
  - with --baselines (the default), the same figures for the cheap
    imitations a clone must beat: the majority action and a depth-2
    decision tree fitted to the same data.`,
		Example: "  dojo fidelity --teacher bot:brawler --minutes 5\n  dojo fidelity --teacher bot:wall --correction-rounds 1 --json",
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
				CorrectionRounds: rounds, Reaction: reaction, Baselines: baselines,
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
	fl.StringVar(&teacher, "teacher", "bot:brawler", "the bot to clone (`SPEC`)")
	fl.StringVar(&opponent, "opponent", "bot:sparring", "who the teacher plays while recorded (`SPEC`)")
	fl.Float64Var(&minutes, "minutes", 5, "minutes of the teacher's play to learn from")
	fl.StringVar(&archetype, "archetype", brain.Sage, "the clone's Brain (`NAME`)")
	fl.IntVar(&matches, "matches", 20, "style matches against each bot of --vs (both sides, same seeds for teacher and clone)")
	fl.Uint64Var(&seed, "seed", 1, "seed of the recording, the Core and the evaluation")
	fl.StringSliceVar(&versus, "vs", nil, "bots of the style matches and the win-rate matrix (`SPECS`; default every bot)")
	fl.IntVar(&rounds, "correction-rounds", 0, "split the minutes between the teacher's play and this many rounds of the teacher correcting the clone")
	fl.IntVar(&reaction, "reaction", 3, "the teacher's delay before its correction takes over, in decisions")
	fl.BoolVar(&baselines, "baselines", true, "also judge the majority action and a depth-2 tree fitted to the same data")
	fl.StringVar(&out, "out", "", "also save the clone as a Core in `DIR`")
	fl.BoolVar(&asJSON, "json", false, "print the result as one JSON document")
	return cmd
}

func printFidelity(w io.Writer, f *training.Fidelity) {
	fmt.Fprintf(w, "Clone of %s from %.1f min of play (%d decisions, %d of them corrections)\n", f.Teacher, f.Minutes, f.Decisions, f.Corrections)
	fmt.Fprintf(w, "  time to a trained Core  %.1f s (recording %.2f s, training %.1f s)\n\n", f.Seconds, f.RecordSeconds, f.TrainSeconds)
	all := append([]training.Imitation{f.Clone, f.Sampled}, f.Baselines...)
	fmt.Fprintf(w, "  %-16s %9s %9s %9s %9s %9s\n", "", "held-out", "on-policy", "style", "combos", "win-rate")
	fmt.Fprintf(w, "  %-16s %9s %9s %9s %9s %9s\n", "fighter", "agreement*", "agreement", "distance", "finished", "gap")
	fmt.Fprintf(w, "  %-16s %9s %9s %9s %8.0f%% %9s\n", "teacher", "", "", "", 100*f.TeacherPlay.ComboCompletion, "")
	for _, im := range all {
		fmt.Fprintf(w, "  %-16s %8.1f%% %8.1f%% %9.3f %8.0f%% %8.1fpt\n", im.Name, 100*im.HoldoutAgreement, 100*im.OnPolicyAgreement,
			im.StyleDistance, 100*im.ComboCompletion, 100*im.WinRateGap)
	}
	fmt.Fprintf(w, "  * on the teacher's decisions where it could act (%.1f%% for the clone on all decisions)\n", 100*f.Clone.HoldoutAgreementAll)
	fmt.Fprintf(w, "\n  moves per minute  %8s %8s\n", "teacher", "clone")
	for i, m := range f.TeacherPlay.MoveUsage {
		fmt.Fprintf(w, "  %-16s  %8.1f %8.1f\n", m.Move, m.PerMinute, f.Clone.MoveUsage[i].PerMinute)
	}
	fmt.Fprintf(w, "\n  %-16s %-22s %-22s\n", "win rate vs", "teacher", "clone")
	for i, c := range f.Clone.Scores {
		t := f.TeacherPlay.Scores[i]
		fmt.Fprintf(w, "  %-16s %5.1f%% [%4.1f, %5.1f]  %5.1f%% [%4.1f, %5.1f]\n", c.Opponent,
			100*t.WinRate, 100*t.Low, 100*t.High, 100*c.WinRate, 100*c.Low, 100*c.High)
	}
}
