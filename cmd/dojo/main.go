// Command dojo is Dojo's headless command line: it runs matches, verifies
// replays, records demonstrations, trains and evaluates fighters. It never
// links Ebiten and builds with CGO_ENABLED=0, so it runs on servers with no
// display.
//
// Every command that reports a result takes --json and then prints exactly
// one JSON document on stdout; logs and progress go to stderr; failures exit
// non-zero.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		var ee exitError
		if errors.As(err, &ee) { // already reported on stdout
			os.Exit(int(ee))
		}
		fmt.Fprintln(os.Stderr, "dojo:", err)
		os.Exit(1)
	}
}

// exitError carries the exit code of a failure already reported (as JSON
// on stdout), so that nothing more is printed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "dojo",
		Short: "Dojo: AI fighters that learn from your play, headless",
		Long: `dojo runs Dojo's deterministic fighting matches with no display:
bot and neural fighters, replays that anyone can re-run bit for bit, and
(as they land) training, minting and tournaments.

Commands that report results accept --json and then print a single JSON
document on stdout; logs go to stderr; a failure exits non-zero.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newFightCmd(), newReplayCmd(), newEvalCmd(), newRecordCmd(), newCoreCmd(), newTrainCmd(), newFidelityCmd(), newBotsCmd())
	return root
}
