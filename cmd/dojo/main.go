// Command dojo is Dojo's headless command line: it runs matches, verifies
// replays, records demonstrations, trains and evaluates fighters. It never
// links Ebiten and builds with CGO_ENABLED=0, so it runs on servers with no
// display.
//
// Every command that reports a result takes --json and then prints exactly
// one JSON document on stdout; logs and progress go to stderr. The exit
// status is 0 on success, 2 for a command line that is wrong in itself (an
// unknown command or flag, a flag value out of range, a missing flag) and
// 1 for any other failure.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/spf13/cobra"
)

// The exit statuses of dojo.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	os.Exit(execute(os.Args[1:], os.Stdout, os.Stderr))
}

// execute runs the command line args and returns dojo's exit status.
func execute(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) { // already reported on stdout
		return int(ee)
	}
	// Error messages can quote what a file or a user said: print nothing
	// that acts on a terminal.
	fmt.Fprintln(stderr, "dojo:", safetext.Escape(err.Error()))
	if isUsage(err) {
		if cmd == nil {
			cmd = root
		}
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		return exitUsage
	}
	return exitFailure
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
document on stdout; logs go to stderr. The exit status is 0 on success, 2
for a wrong command line (unknown command or flag, bad flag value) and 1
for any other failure.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newTournamentCmd(), newVerifyResultCmd(), newWorkerCmd(), newServeCmd(), newLeaderboardCmd(), newFightCmd(), newReplayCmd(), newEvalCmd(), newRecordCmd(), newCoreCmd(), newTrainCmd(), newFidelityCmd(), newBotsCmd(),
		newMintCmd(), newSaveCmd(), newSyncCmd(), newShowCmd(), newFetchCmd(), newDeployCmd(), newNodeCmd())
	markUsageErrors(root)
	return root
}
