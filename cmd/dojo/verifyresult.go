package main

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/dojo-arena/dojo/training"
	"github.com/spf13/cobra"
)

// maxReplayBytes bounds a replay fetched from IPFS: a best-of-3 is a few KB.
const maxReplayBytes = 4 << 20

func newVerifyResultCmd() *cobra.Command {
	var (
		f       nftFlags
		workers int
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "verify-result RESULTS",
		Short: "Re-check a tournament's results: fetch every Core, re-play every game, check every replay",
		Long: `verify-result reads a results document (a file, or its CID on IPFS), fetches
each entrant's Core from IPFS by the manifest the results name (bots by name
and version), checks that it is the fighter the results name, re-plays every
game on its seed and checks the recorded winner and final hash, and fetches
each game's replay by its CID: it must be that game, verify from its own
inputs, and end in the same state. A game recorded as failed must fail
again. It also runs the tournament again from its definition with the
recorded outcomes: the schedule (each game's round, entrants and seed), the
byes and the standings with their ratings must be the ones recorded. Every
problem is named, with its game; the exit status is then 1.` + nftFlagsHelp,
		Example: "  dojo verify-result t1/results.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if workers < 1 {
				return usagef("--workers must be 1 or more")
			}
			return withEnv(cmd, &f, false, func(ctx context.Context, env *nftEnv) error {
				data, err := readResults(ctx, env, args[0])
				if err != nil {
					return err
				}
				res, err := tournament.ParseResults(data)
				if err != nil {
					return err
				}
				seat := func(i int) (game.SeatFunc, error) {
					e := res.Entrants[i]
					if strings.HasPrefix(e.ID, "bot:") {
						name, _, err := game.ParseBotID(e.ID)
						if err != nil {
							return nil, err
						}
						b, err := tournament.BotEntrant(name)
						if err != nil {
							return nil, err
						}
						return b.Seat(), nil
					}
					c, err := nft.ParseCID(e.Manifest)
					if err != nil {
						return nil, fmt.Errorf("manifest %q: %w", e.Manifest, err)
					}
					got, err := nft.Fetch(ctx, env.agents.Store, c)
					if err != nil {
						return nil, err
					}
					return training.CoreSeat(e.Name, got.Core)
				}
				fetch := func(s string) ([]byte, error) { return env.fetchReplay(ctx, s) }
				start := time.Now()
				problems, err := tournament.Verify(res, seat, fetch, workers)
				if err != nil {
					return err
				}
				took := time.Since(start)
				w := cmd.OutOrStdout()
				if asJSON {
					if err := printJSON(w, struct {
						Games    int                  `json:"games"`
						Seconds  float64              `json:"seconds"`
						Problems []tournament.Problem `json:"problems"`
					}{len(res.Games), took.Seconds(), problems}); err != nil {
						return err
					}
				} else {
					for _, p := range problems {
						if p.Game == "" {
							fmt.Fprintf(w, "results: %s\n", p.What)
						} else {
							fmt.Fprintf(w, "game %s: %s\n", p.Game, p.What)
						}
					}
					if len(problems) == 0 {
						fmt.Fprintf(w, "all %d games confirmed: winners, final hashes and replays, and the schedule, byes and standings (%.1f ms a game)\n", len(res.Games), took.Seconds()*1000/float64(max(len(res.Games), 1)))
					}
				}
				if len(problems) > 0 {
					return fmt.Errorf("%d problems in %d games", len(problems), len(res.Games))
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&workers, "workers", runtime.NumCPU(), "games re-played at once")
	fl.BoolVar(&asJSON, "json", false, "print the outcome as one JSON document")
	f.register(fl)
	return cmd
}

// readResults reads a results document from a file or, given a CID, from
// IPFS, bounded either way.
func readResults(ctx context.Context, env *nftEnv, arg string) ([]byte, error) {
	if c, err := nft.ParseCID(arg); err == nil {
		return env.agents.Store.Get(ctx, c, tournament.MaxResultsSize)
	}
	return boundedfile.Read(arg, tournament.MaxResultsSize)
}
