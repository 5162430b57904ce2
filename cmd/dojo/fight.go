package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/dojo-arena/dojo/game"
	"github.com/spf13/cobra"
)

type fightFlags struct {
	p1, p2     string
	seed       uint64
	replayPath string
	force      bool
	hashEvery  int
	interval   int
	json       bool
}

func newFightCmd() *cobra.Command {
	var f fightFlags
	var tf nftFlags
	cmd := &cobra.Command{
		Use:   "fight",
		Short: "Run one match headless and print the result",
		Long: `fight runs one best-of-3 match between two fighters with no display and
prints the winner, the rounds, the remaining health, the length in ticks and
the final state hash. The same flags always give the same match.

` + fighterHelp,
		Example: `  dojo fight --p1 bot:rushdown --p2 bot:zoner --seed 7
  dojo fight --p1 bot:turtle --p2 bot:random --seed 3 --replay m.replay --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tokenFlags = &tf // token:ID fighters, found where these flags say
			defer func() { tokenFlags = nil }()
			return runFight(cmd.OutOrStdout(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.p1, "p1", "bot:rushdown", "fighter on the left (`SPEC`, e.g. bot:rushdown)")
	fl.StringVar(&f.p2, "p2", "bot:zoner", "fighter on the right (`SPEC`)")
	fl.Uint64Var(&f.seed, "seed", 1, "match seed: the same seed and fighters give the same match")
	fl.StringVar(&f.replayPath, "replay", "", "write the match's replay to this `FILE`, outside any Core")
	fl.BoolVar(&f.force, "force", false, "replace an existing --replay file")
	fl.IntVar(&f.hashEvery, "hash-every", game.DefaultHashEvery, "state hash spacing in the replay, in `TICKS` (1 names the exact tick of any later mismatch)")
	fl.IntVar(&f.interval, "interval", game.DefaultInterval, "decision interval of bot fighters, in `TICKS`")
	fl.BoolVar(&f.json, "json", false, "print the result as one JSON document")
	tf.register(fl)
	return cmd
}

func runFight(out io.Writer, f fightFlags) error {
	if f.hashEvery < 1 || f.hashEvery > game.MaxHashEvery {
		return usagef("--hash-every must be between 1 and %d ticks, got %d", game.MaxHashEvery, f.hashEvery)
	}
	if err := checkInterval(f.interval); err != nil {
		return err
	}
	if err := checkFighters("--p1", f.p1, "--p2", f.p2); err != nil {
		return err
	}
	replayOut := outputFile{flag: "--replay", path: f.replayPath, force: f.force, cores: coreDirs(f.p1, f.p2)}
	if f.replayPath != "" {
		if err := replayOut.check(); err != nil {
			return err
		}
	}
	var sides [2]game.SeatFunc
	for i, spec := range []string{f.p1, f.p2} {
		seat, err := resolveFighter(spec, f.interval)
		if err != nil {
			return fmt.Errorf("--p%d: %w", i+1, err)
		}
		sides[i] = seat
	}
	d := game.SeatMatch(f.seed, sides, f.hashEvery)
	res := d.Run()
	rep := newMatchReport(res, f.seed, [2]string{d.Seats[0].Name, d.Seats[1].Name}, [2]string{d.Seats[0].ID, d.Seats[1].ID})
	if f.replayPath != "" {
		n, err := writeReplay(replayOut, d.Replay)
		if err != nil {
			return err
		}
		rep.Replay, rep.ReplayBytes = f.replayPath, n
	}
	if f.json {
		return writeJSON(out, rep)
	}
	rep.print(out)
	return nil
}

// writeReplay writes r to o atomically (a crash leaves the old file or the
// new one, never half of one) and returns its size.
func writeReplay(o outputFile, r *game.Replay) (int, error) {
	data, err := r.MarshalBinary()
	if err != nil {
		return 0, fmt.Errorf("encoding replay: %w", err)
	}
	return len(data), o.write(data)
}

// checkInterval validates a --interval flag.
func checkInterval(ticks int) error {
	if ticks < 1 || ticks > game.TickRate {
		return usagef("--interval must be between 1 and %d ticks, got %d", game.TickRate, ticks)
	}
	return nil
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
