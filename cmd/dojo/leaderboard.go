package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/dojo-arena/dojo/internal/datadir"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/spf13/cobra"
)

func newLeaderboardCmd() *cobra.Command {
	var (
		dataDir string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "leaderboard",
		Short: "The Glicko-2 leaderboard kept across tournaments (with Elo beside it)",
		Long: `leaderboard prints every fighter rated by the tournaments run on this data
directory, best Glicko-2 rating first: its rating, deviation and volatility,
and its Elo. A token is rated as the fighter (whatever its Core); a bot by
name and version; a Core directory by its identity.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := datadir.Resolve(dataDir, os.Getenv)
			if err != nil {
				return err
			}
			book, err := tournament.LoadBook(dir.Ratings())
			if err != nil {
				return err
			}
			type row struct {
				Key    string            `json:"key"`
				Name   string            `json:"name"`
				Rating tournament.Rating `json:"rating"`
				Elo    tournament.Elo    `json:"elo"`
			}
			var rows []row
			for _, k := range book.Leaderboard() {
				rows = append(rows, row{k, book.Names[k], book.Glicko[k], book.Elo[k]})
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "no fighter is rated yet: run dojo tournament")
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "#\tfighter\tGlicko-2\tRD\tvolatility\tElo\tid")
			for i, r := range rows {
				fmt.Fprintf(tw, "%d\t%s\t%.0f\t%.0f\t%.4f\t%.0f\t%s\n", i+1, r.Name, r.Rating.Rating, r.Rating.Deviation, r.Rating.Volatility, float64(r.Elo), r.Key)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&dataDir, "data-dir", "", "the data directory (`DIR`; default $DOJO_HOME or ~/.config/dojo)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the leaderboard as one JSON document")
	return cmd
}
