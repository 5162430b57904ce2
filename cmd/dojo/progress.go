package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dojo-arena/dojo/training"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressEvery is the least time between two plain progress lines.
const progressEvery = 5 * time.Second

// epochProgress shows a training run's progress on log: a bar redrawn in
// place when log is a terminal; otherwise (a file, a pipe, a CI log) plain
// lines, at most one per epoch and at most one every progressEvery, plus
// the last epoch's, so that a long run does not fill the log with
// carriage-return redraws.
type epochProgress struct {
	log  io.Writer
	bar  *progressbar.ProgressBar
	now  func() time.Time
	last time.Time // when the last plain line was printed
	// pending is the latest epoch not printed yet.
	pending *training.Progress
}

// newEpochProgress returns the progress display for a run of at most
// epochs epochs, or nil when quiet.
func newEpochProgress(log io.Writer, epochs int, quiet bool) *epochProgress {
	if quiet {
		return nil
	}
	p := &epochProgress{log: log, now: time.Now}
	if isTerminal(log) {
		p.bar = progressbar.NewOptions(epochs,
			progressbar.OptionSetWriter(log),
			progressbar.OptionSetDescription("epoch"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(log) }),
		)
	}
	return p
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// update shows one finished epoch.
func (p *epochProgress) update(pr training.Progress) {
	if p == nil {
		return
	}
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("epoch %d: loss %.3f, hold-out loss %.3f, accuracy %.1f%%",
			pr.Epoch, pr.TrainLoss, pr.HoldoutLoss, 100*pr.HoldoutAccuracy))
		_ = p.bar.Set(pr.Epoch)
		return
	}
	p.pending = &pr
	if now := p.now(); p.last.IsZero() || now.Sub(p.last) >= progressEvery {
		p.last = now
		p.printPending()
	}
}

// finish completes the display: the bar's last redraw, or the line of the
// last epoch if it was not printed.
func (p *epochProgress) finish() {
	switch {
	case p == nil:
	case p.bar != nil:
		_ = p.bar.Finish()
	default:
		p.printPending()
	}
}

func (p *epochProgress) printPending() {
	if pr := p.pending; pr != nil {
		fmt.Fprintf(p.log, "epoch %d/%d: loss %.3f, hold-out loss %.3f, accuracy %.1f%%\n",
			pr.Epoch, pr.Epochs, pr.TrainLoss, pr.HoldoutLoss, 100*pr.HoldoutAccuracy)
		p.pending = nil
	}
}
