package main

import (
	"fmt"
	"io"

	"github.com/dojo-arena/dojo/game"
	"github.com/spf13/cobra"
)

func newBotsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "bots",
		Short: "List the bots, with their versions and styles",
		Long: `bots lists every bot a fighter spec can name (bot:NAME), with its version
(replays name a bot by name and version) and a line on how it plays.

The personas (brawler, sniper, wall) play like people: they draw from a
stream seeded by the match, keep state (combos, habits), see their opponent
12 to 15 ticks late and fumble now and then. They are the teachers that
imitation is measured on (dojo fidelity). sparring is the baseline of
win-rate checks: stronger than random, weaker than any real style.`,
		Example: "  dojo bots\n  dojo bots --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), game.Bots())
			}
			printBots(cmd.OutOrStdout())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as one JSON document")
	return cmd
}

func printBots(w io.Writer) {
	for _, b := range game.Bots() {
		kind := "stateful, seeded"
		if b.Stateless {
			kind = "stateless"
		}
		fmt.Fprintf(w, "%-16s %-18s %s\n", b.ID(), kind, b.Style)
	}
}
