package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/training"
	"github.com/spf13/cobra"
)

type verifyFlags struct {
	p1, p2 string
	json   bool
}

func newReplayCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "replay",
		Short: "Work with match replays",
	}
	var f verifyFlags
	verify := &cobra.Command{
		Use:   "verify FILE",
		Short: "Re-run a replay, check every hash, and re-drive it with its fighters",
		Long: `verify checks a replay in two steps.

First it re-runs the match from the replay's seed and input log and checks
every checkpoint hash, the match length, the winner and the final hash. The
hashes cover the header too (both fighters' identities, their decision
intervals, the seed and the hash spacing), so a replay whose fighters were
swapped or edited fails at its start checkpoint.

Then it re-drives the match with the fighters that played, seeded exactly as
when it was recorded, and checks that they decide every recorded input,
naming the first tick where one differs. A replay names each fighter by
content: a bot by name and version (this build's bot of that name must have
the same version), a Core by its ID (give the Core with --p1 or --p2
core:DIR; its ID must match). A side of another kind (no fighter this build
can run) has its inputs verified only, and verify says so.

Any difference fails with a non-zero exit code. With hashes every tick (fight
--hash-every 1) a hash mismatch names the exact tick.

` + fighterHelp,
		Example: `  dojo replay verify m.replay
  dojo replay verify m.replay --p1 core:my-core --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.OutOrStdout(), args[0], f)
		},
	}
	fl := verify.Flags()
	fl.StringVar(&f.p1, "p1", "", "the fighter that played P1 (`SPEC`), required for a Core; a bot is taken from this build by default")
	fl.StringVar(&f.p2, "p2", "", "the fighter that played P2 (`SPEC`)")
	fl.BoolVar(&f.json, "json", false, "print the verdict as one JSON document")
	cmd.AddCommand(verify)
	return cmd
}

// The checks a side of a replay went through.
const (
	checkRedriven   = "re-driven"
	checkInputsOnly = "inputs only"
)

// verifyReport is the JSON form of a replay verdict.
type verifyReport struct {
	File  string `json:"file"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	// Tick is where the first difference showed: a checkpoint tick, or the
	// tick of a re-driven input (MismatchSide says whose).
	Tick         int    `json:"mismatch_tick,omitempty"`
	MismatchSide string `json:"mismatch_side,omitempty"`
	LastMatch    int    `json:"last_matching_tick,omitempty"`
	// Checks counts the checkpoints that agreed: the start, the periodic
	// ones and the final one.
	Checks   int            `json:"hashes_agreed"`
	Fighters []fighterCheck `json:"fighters,omitempty"`
	// InputsOnly is set when a side could not be re-driven.
	InputsOnly bool         `json:"inputs_only"`
	Match      *matchReport `json:"match,omitempty"`
}

// fighterCheck is one side of a replay and how it was checked.
type fighterCheck struct {
	Side     string `json:"side"` // "p1" or "p2"
	ID       string `json:"id"`   // as the replay names it
	Interval int    `json:"interval"`
	// Fighter is the spec of the fighter that re-drives the side, empty
	// when none is available.
	Fighter string `json:"fighter,omitempty"`
	// Check is "re-driven" (every decision was re-taken and matched) or
	// "inputs only", once verification got that far.
	Check string `json:"check,omitempty"`
}

// maxReplayFile bounds what readReplay reads: far more than any match's
// replay (under 1 MB even with a hash every tick).
const maxReplayFile = 4 << 20

func readReplay(path string) (*game.Replay, error) {
	data, err := boundedfile.Read(path, maxReplayFile) // no wait on a FIFO, size checked first
	if err != nil {
		return nil, fmt.Errorf("reading replay: %w", err)
	}
	var r game.Replay
	if err := r.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

func runVerify(out io.Writer, path string, f verifyFlags) error {
	for i, spec := range []string{f.p1, f.p2} {
		if spec != "" {
			if err := checkFighters(fmt.Sprintf("--p%d", i+1), spec); err != nil {
				return err
			}
		}
	}
	rep := verifyReport{File: path}
	err := verifyReplay(&rep, path, [2]string{f.p1, f.p2})
	rep.OK = err == nil
	if err != nil {
		rep.Error = err.Error()
	}
	if f.json {
		if jerr := writeJSON(out, rep); jerr != nil {
			return jerr
		}
		if err != nil {
			return exitError(1)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("FAILED: %w", err)
	}
	fmt.Fprintf(out, "%s: OK\n", path)
	for _, fc := range rep.Fighters {
		switch fc.Check {
		case checkRedriven:
			fmt.Fprintf(out, "  %s %s (%s): re-driven, every decision as recorded\n", strings.ToUpper(fc.Side), fc.ID, fc.Fighter)
		default:
			fmt.Fprintf(out, "  %s %s: no fighter to re-drive it, its inputs were verified only\n", strings.ToUpper(fc.Side), game.IdentityLabel(fc.ID))
		}
	}
	m := rep.Match
	winner := "draw"
	if m.Winner != "draw" {
		winner = strings.ToUpper(m.Winner) + " " + m.WinnerName
	}
	fmt.Fprintf(out, "  %d checkpoint hashes and the result agree: %d ticks, winner %s, final state hash %s\n",
		rep.Checks, m.Ticks, winner, m.FinalHash)
	return nil
}

// verifyReplay checks the replay at path with the fighters given as specs
// (empty: the default for the side) and fills rep as far as it got.
func verifyReplay(rep *verifyReport, path string, specs [2]string) error {
	r, err := readReplay(path)
	if err != nil {
		return err
	}
	for i, id := range r.Players {
		rep.Fighters = append(rep.Fighters, fighterCheck{Side: sideName(i), ID: id, Interval: r.Intervals[i]})
	}
	// The fighters first: a replay is accepted only with the fighters that
	// played it, and a missing or wrong one is refused before any work.
	var sides [2]game.SeatFunc
	for i := range sides {
		spec, seat, err := replayFighter(r, i, specs[i])
		if err != nil {
			return err
		}
		rep.Fighters[i].Fighter, sides[i] = spec, seat
	}
	res, err := r.Verify()
	if err != nil {
		var mm *game.MismatchError
		if errors.As(err, &mm) {
			rep.Tick, rep.LastMatch = mm.Tick, mm.LastMatch
			if mm.LastMatch >= 0 {
				rep.Checks = 1 + mm.LastMatch/r.HashEvery // the start and the checkpoints up to LastMatch
			}
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	rep.Checks = len(r.Hashes) + 2
	if err := r.Redrive(sides); err != nil {
		var im *game.InputMismatchError
		if errors.As(err, &im) {
			rep.Tick, rep.MismatchSide = im.Tick, sideName(im.Side)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	for i := range sides {
		rep.Fighters[i].Check = checkRedriven
		if sides[i] == nil {
			rep.Fighters[i].Check = checkInputsOnly
			rep.InputsOnly = true
		}
	}
	mr := newMatchReport(res, r.Seed, r.Players, r.Players)
	rep.Match = &mr
	return nil
}

// replayFighter returns the fighter that re-drives side i of r: the one
// given by spec, else this build's bot of the name and version the replay
// names. It returns a nil SeatFunc for a side that no fighter this build
// knows can play (its inputs are then verified only), and an error for a
// fighter that is not the one that played, or a Core that was not given.
func replayFighter(r *game.Replay, i int, spec string) (string, game.SeatFunc, error) {
	id := r.Players[i]
	flag := fmt.Sprintf("--p%d", i+1)
	if spec == "" {
		switch {
		case strings.HasPrefix(id, "bot:"):
			name, version, err := game.ParseBotID(id)
			if err != nil {
				return "", nil, fmt.Errorf("the replay's P%d: %w", i+1, err)
			}
			b, ok := game.LookupBot(name)
			switch {
			case !ok:
				return "", nil, fmt.Errorf("the replay's P%d is %s, a bot this build does not have: the replay cannot be re-driven", i+1, id)
			case b.Version != version:
				return "", nil, fmt.Errorf("the replay's P%d is %s, but this build's %s is %s and may play differently: the replay cannot be re-driven with it", i+1, id, name, b.ID())
			}
			spec = "bot:" + name
		case strings.HasPrefix(id, brain.IDPrefix) && strings.HasSuffix(id, training.SampledIDSuffix):
			return "", nil, fmt.Errorf("the replay's P%d is the Core %s played by sampling: give it with %s sample:DIR", i+1, id, flag)
		case strings.HasPrefix(id, brain.IDPrefix):
			return "", nil, fmt.Errorf("the replay's P%d is the Core %s: give it with %s core:DIR", i+1, id, flag)
		default:
			return "", nil, nil
		}
	}
	// A bot decides as often as the replay says it did; a Core as its
	// Brain says, which its ID covers.
	seat, err := resolveFighter(spec, r.Intervals[i])
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", flag, err)
	}
	if err := r.CheckFighter(i, seat); err != nil {
		return "", nil, fmt.Errorf("%s %s: %w", flag, spec, err)
	}
	return spec, seat, nil
}
