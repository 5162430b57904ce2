package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/training"
	"github.com/dojo-arena/dojo/training/demo"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

type trainFlags struct {
	core, out        string
	demos            []string
	epochs, batch    int
	lr, holdout      float64
	patience         int
	seed             uint64
	engine           string
	weighting        string
	correctionWeight float64
	plot             string
	quiet, json      bool
}

func newTrainCmd() *cobra.Command {
	var f trainFlags
	def := training.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train a Core on demonstrations (behaviour cloning)",
		Long: `train fits a Core's Memories to demonstrations by behaviour cloning and
writes the result as a new Core: shuffled minibatches, Adam, a held-out split
with early stopping (the best epoch's parameters are kept), a progress bar
with the loss and hold-out accuracy on stderr, and the loss / accuracy curve
as a PNG. Training starts from the Core's current Memories (fine-tuning) and
the new Memories record their lineage: the parent Memories, the
demonstrations' hashes, the configuration and the final metrics.

Decisions recorded as corrections (dojo record --fighter) weigh
--correction-weight times an ordinary decision.`,
		Example: `  dojo train --core my-core --demos demos/ --out my-core-2
  dojo train --core my-core --demos demos/zoner-s1.demo --out c2 --epochs 40 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrain(cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.core, "core", "", "the Core to start from (`DIR`)")
	fl.StringSliceVar(&f.demos, "demos", nil, "demonstration files or directories of *.demo files (`PATHS`, comma-separated)")
	fl.StringVar(&f.out, "out", "", "where to write the trained Core (`DIR`, must not hold a Core)")
	fl.IntVar(&f.epochs, "epochs", def.Epochs, "most passes over the training split")
	fl.IntVar(&f.batch, "batch", def.Batch, "minibatch size")
	fl.Float64Var(&f.lr, "lr", def.LR, "Adam's learning rate")
	fl.Float64Var(&f.holdout, "holdout", def.Holdout, "fraction of decisions held out for validation (0 for none)")
	fl.IntVar(&f.patience, "patience", def.Patience, "epochs without a better hold-out loss before stopping (-1: never stop early)")
	fl.Uint64Var(&f.seed, "seed", def.Seed, "seed of the split and the shuffles")
	fl.StringVar(&f.engine, "engine", string(def.Engine), "gradient engine: fast (hand-written, SIMD) or gorgonia (the Brain's Gorgonia graph); both compute the same maths")
	fl.StringVar(&f.weighting, "class-weighting", string(def.ClassWeighting), "balancing of frequent and rare actions: inverse-frequency, sqrt-inverse-frequency or none")
	fl.Float64Var(&f.correctionWeight, "correction-weight", 2, "weight of a correction relative to an ordinary decision")
	fl.StringVar(&f.plot, "plot", "", "write the loss / accuracy curve to this PNG `FILE` (default OUT/training.png)")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress bar")
	fl.BoolVar(&f.json, "json", false, "print the result as one JSON document")
	return cmd
}

// trainReport is the JSON form of a training run.
type trainReport struct {
	Core             string   `json:"core"`
	Out              string   `json:"out"`
	Plot             string   `json:"plot"`
	Samples          int      `json:"samples"`
	Corrections      int      `json:"corrections"`
	Files            []string `json:"demonstrations"`
	Epochs           int      `json:"epochs_run"`
	BestEpoch        int      `json:"best_epoch"`
	StoppedEarly     bool     `json:"stopped_early"`
	TrainLoss        float64  `json:"train_loss"`
	HoldoutLoss      *float64 `json:"holdout_loss,omitempty"`
	HoldoutAccuracy  *float64 `json:"holdout_accuracy,omitempty"`
	Seconds          float64  `json:"seconds"`
	SamplesPerSecond float64  `json:"samples_per_second"`
}

func runTrain(out, log io.Writer, f trainFlags) error {
	switch {
	case f.core == "":
		return fmt.Errorf("say which Core to train: --core DIR (make one with dojo core new)")
	case len(f.demos) == 0:
		return fmt.Errorf("say what to learn from: --demos PATH (record some with dojo record)")
	case f.out == "":
		return fmt.Errorf("say where to write the trained Core: --out DIR")
	case filepath.Clean(f.out) == filepath.Clean(f.core):
		return fmt.Errorf("--out must differ from --core: a trained Core is a new Core whose parent is the old one")
	case !(f.correctionWeight > 0) || math.IsInf(f.correctionWeight, 0):
		return fmt.Errorf("--correction-weight must be a positive number, got %g", f.correctionWeight)
	}
	switch {
	case f.epochs < 1:
		return fmt.Errorf("--epochs must be at least 1, got %d", f.epochs)
	case f.batch < 1:
		return fmt.Errorf("--batch must be at least 1, got %d", f.batch)
	case !(f.lr > 0):
		return fmt.Errorf("--lr must be positive, got %g", f.lr)
	case f.patience == 0 || f.patience < -1:
		return fmt.Errorf("--patience must be at least 1, or -1 never to stop early; got %d", f.patience)
	case f.holdout < 0:
		return fmt.Errorf("--holdout must be between 0 and 0.9, got %g", f.holdout)
	}
	if err := refuseExistingCore(f.out); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	core, err := brain.LoadCore(f.core)
	if err != nil {
		return err
	}
	for i := range f.demos {
		f.demos[i] = strings.TrimSpace(f.demos[i])
	}
	set, err := demo.LoadPaths(f.demos...)
	if err != nil {
		return fmt.Errorf("--demos: %w", err)
	}
	if set.Len() == 0 {
		return fmt.Errorf("--demos: no demonstrations found in %s", strings.Join(f.demos, ", "))
	}
	for _, t := range set.Torn() {
		fmt.Fprintf(log, "warning: %v (the complete decisions before it are used)\n", t)
	}
	ds := training.DatasetFromSet(set, float32(f.correctionWeight))
	corrections := 0
	var files []string
	for _, fi := range set.Files {
		corrections += fi.Corrections
		files = append(files, fi.Path)
	}
	holdout := f.holdout
	if holdout == 0 {
		holdout = -1 // the trainer's "none"
	}
	cfg := training.Config{
		Epochs: f.epochs, Batch: f.batch, LR: f.lr, Holdout: holdout, Patience: f.patience,
		Seed: f.seed, Engine: training.Engine(f.engine), ClassWeighting: training.ClassWeighting(f.weighting),
	}
	fmt.Fprintf(log, "training %s (%s) on %d decisions (%d corrections) from %d file(s)\n",
		f.core, core.Spec.Archetype, set.Len(), corrections, len(set.Files))
	var bar *progressbar.ProgressBar
	if !f.quiet {
		bar = progressbar.NewOptions(f.epochs,
			progressbar.OptionSetWriter(log),
			progressbar.OptionSetDescription("epoch"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(log) }),
		)
	}
	m, err := training.Train(core, ds, cfg, func(p training.Progress) {
		if bar == nil {
			return
		}
		bar.Describe(fmt.Sprintf("epoch %d: loss %.3f, hold-out loss %.3f, accuracy %.1f%%",
			p.Epoch, p.TrainLoss, p.HoldoutLoss, 100*p.HoldoutAccuracy))
		_ = bar.Set(p.Epoch)
	})
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	plotPath := f.plot
	if plotPath == "" {
		plotPath = filepath.Join(f.out, "training.png")
		if err := os.MkdirAll(f.out, 0o755); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	// The curve first: a Core in --out means the run is done and complete.
	if err := training.PlotCurves(plotPath, m); err != nil {
		return err
	}
	if err := brain.SaveCore(f.out, core); err != nil {
		return err
	}
	rep := trainReport{
		Core: f.core, Out: f.out, Plot: plotPath, Samples: set.Len(), Corrections: corrections, Files: files,
		Epochs: len(m.History), BestEpoch: m.Best.Epoch, StoppedEarly: m.StoppedEarly,
		TrainLoss: m.Best.TrainLoss, Seconds: m.Duration.Seconds(), SamplesPerSecond: m.SamplesPerSecond,
	}
	if !math.IsNaN(m.Best.HoldoutLoss) {
		hl, ha := m.Best.HoldoutLoss, m.Best.HoldoutAccuracy
		rep.HoldoutLoss, rep.HoldoutAccuracy = &hl, &ha
	}
	if f.json {
		return writeJSON(out, rep)
	}
	fmt.Fprintf(out, "%s: trained from %s in %.1f s (%d epochs, kept epoch %d, %.0f samples/s)\n",
		f.out, f.core, rep.Seconds, rep.Epochs, rep.BestEpoch, rep.SamplesPerSecond)
	if rep.HoldoutAccuracy != nil {
		fmt.Fprintf(out, "  hold-out accuracy %.1f%%, hold-out loss %.3f, training loss %.3f\n", 100**rep.HoldoutAccuracy, *rep.HoldoutLoss, rep.TrainLoss)
	}
	fmt.Fprintf(out, "  curve: %s\n", plotPath)
	return nil
}
