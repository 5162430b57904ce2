package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/spf13/cobra"
)

func newReplayCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "replay",
		Short: "Work with match replays",
	}
	var asJSON bool
	verify := &cobra.Command{
		Use:   "verify FILE",
		Short: "Re-run a replay and check every recorded state hash",
		Long: `verify re-runs a replay from its seed and input log and checks every state
hash it recorded, the match length, the winner and the final hash. Any
difference, from a different build or a tampered file, fails with a non-zero
exit code and the first checkpoint tick where it showed (with hashes every
tick, from fight --hash-every 1, that is the exact tick).`,
		Example: "  dojo replay verify m.replay",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.OutOrStdout(), args[0], asJSON)
		},
	}
	verify.Flags().BoolVar(&asJSON, "json", false, "print the verdict as one JSON document")
	cmd.AddCommand(verify)
	return cmd
}

// verifyReport is the JSON form of a replay verdict.
type verifyReport struct {
	File      string       `json:"file"`
	OK        bool         `json:"ok"`
	Error     string       `json:"error,omitempty"`
	Tick      int          `json:"mismatch_tick,omitempty"`
	LastMatch int          `json:"last_matching_tick,omitempty"`
	Checks    int          `json:"hashes_agreed"`
	Match     *matchReport `json:"match,omitempty"`
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

func runVerify(out io.Writer, path string, asJSON bool) error {
	rep := verifyReport{File: path}
	r, err := readReplay(path)
	if err == nil {
		var res game.Result
		res, err = r.Verify()
		if err != nil {
			err = fmt.Errorf("%s: %w", path, err)
		}
		mr := newMatchReport(res, r)
		rep.Match = &mr
		rep.Checks = len(r.Hashes) + 1
	}
	if err != nil {
		rep.Error = err.Error()
		rep.Checks = 0
		var mm *game.MismatchError
		if errors.As(err, &mm) {
			rep.Tick, rep.LastMatch = mm.Tick, mm.LastMatch
			rep.Checks = mm.LastMatch / r.HashEvery // the checkpoints that agreed
		}
	}
	rep.OK = err == nil
	if asJSON {
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
	fmt.Fprintf(out, "%s: OK, %d state hashes and the result agree (%d ticks, winner %s, final hash %s)\n",
		path, rep.Checks, rep.Match.Ticks, rep.Match.Winner, rep.Match.FinalHash)
	return nil
}
