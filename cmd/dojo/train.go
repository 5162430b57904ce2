package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/training"
	"github.com/dojo-arena/dojo/training/demo"
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
	force            bool
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
with early stopping (the best epoch's parameters are kept), the progress
with the loss and hold-out accuracy on stderr (a bar on a terminal, a line
every few seconds otherwise), and the loss / accuracy curve as a PNG.
Training starts from the Core's current Memories (fine-tuning) and the new
Memories record their lineage: the parent Memories, the demonstrations'
hashes, the configuration and the final metrics.

Decisions recorded as corrections (dojo record --fighter) weigh
--correction-weight times an ordinary decision.

Every flag is checked before anything is loaded. The trained Core is saved
before the curve is drawn, and --out is never overwritten: if another run
created it meanwhile, the Core is saved beside it (OUT-2, ...) and the
command fails saying where. A curve that cannot be written is a warning.`,
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
	fl.StringVar(&f.plot, "plot", "", "write the loss / accuracy curve to this PNG `FILE`, outside any Core (default OUT/training.png)")
	fl.BoolVar(&f.force, "force", false, "replace an existing --plot file")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
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

// check validates every flag, before anything is loaded, and returns the
// training configuration.
func (f *trainFlags) check() (training.Config, error) {
	for i := range f.demos {
		f.demos[i] = strings.TrimSpace(f.demos[i])
	}
	switch {
	case f.core == "":
		return training.Config{}, usagef("say which Core to train: --core DIR (make one with dojo core new)")
	case len(f.demos) == 0:
		return training.Config{}, usagef("say what to learn from: --demos PATH (record some with dojo record)")
	case f.out == "":
		return training.Config{}, usagef("say where to write the trained Core: --out DIR")
	case filepath.Clean(f.out) == filepath.Clean(f.core):
		return training.Config{}, usagef("--out must differ from --core: a trained Core is a new Core whose parent is the old one")
	case !(f.correctionWeight > 0) || math.IsInf(f.correctionWeight, 0):
		return training.Config{}, usagef("--correction-weight must be a positive number, got %g", f.correctionWeight)
	case f.epochs < 1:
		return training.Config{}, usagef("--epochs must be at least 1, got %d", f.epochs)
	case f.batch < 1:
		return training.Config{}, usagef("--batch must be at least 1, got %d", f.batch)
	case !(f.lr > 0 && f.lr < 1):
		return training.Config{}, usagef("--lr must be above 0 and below 1, got %g", f.lr)
	case f.patience == 0 || f.patience < -1:
		return training.Config{}, usagef("--patience must be at least 1, or -1 never to stop early; got %d", f.patience)
	case !(f.holdout >= 0 && f.holdout <= 0.9):
		return training.Config{}, usagef("--holdout must be between 0 and 0.9, got %g", f.holdout)
	}
	for _, d := range f.demos {
		if d == "" {
			return training.Config{}, usagef("--demos: an empty path")
		}
	}
	holdout := f.holdout
	if holdout == 0 {
		holdout = -1 // the trainer's "none"
	}
	cfg := training.Config{
		Epochs: f.epochs, Batch: f.batch, LR: f.lr, Holdout: holdout, Patience: f.patience,
		Seed: f.seed, Engine: training.Engine(f.engine), ClassWeighting: training.ClassWeighting(f.weighting),
	}
	if err := cfg.Validate(); err != nil {
		return training.Config{}, usagef("bad training option: %w", err)
	}
	if f.plot != "" {
		if err := f.plotFile().check(); err != nil {
			return training.Config{}, err
		}
	}
	return cfg, nil
}

func (f *trainFlags) plotFile() outputFile {
	return outputFile{flag: "--plot", path: f.plot, force: f.force, cores: []string{f.core, f.out}}
}

func runTrain(out, log io.Writer, f trainFlags) error {
	cfg, err := f.check()
	if err != nil {
		return err
	}
	if err := brain.CheckNewCore(f.out); err != nil {
		return fmt.Errorf("--out %s: %w", f.out, err)
	}
	core, err := brain.LoadCore(f.core)
	if err != nil {
		return err
	}
	set, err := demo.LoadPaths(f.demos...)
	if err != nil {
		return fmt.Errorf("--demos: %w", err)
	}
	if set.Len() == 0 {
		return fmt.Errorf("--demos: no demonstrations found in %s", strings.Join(f.demos, ", "))
	}
	for _, d := range set.Duplicates {
		fmt.Fprintf(log, "note: %s is the same file as %s: read once\n", safetext.Escape(d.Path), safetext.Escape(d.SameAs))
	}
	for _, t := range set.Torn() {
		fmt.Fprintf(log, "warning: %s (the complete decisions before it are used)\n", safetext.Escape(t.Error()))
	}
	ds := training.DatasetFromSet(set, float32(f.correctionWeight))
	corrections := 0
	var files []string
	for _, fi := range set.Files {
		corrections += fi.Corrections
		files = append(files, fi.Path)
	}
	fmt.Fprintf(log, "training %s (%s) on %d decisions (%d corrections) from %d file(s)\n",
		safetext.Escape(f.core), core.Spec.Archetype, set.Len(), corrections, len(set.Files))
	progress := newEpochProgress(log, f.epochs, f.quiet)
	m, err := training.Train(core, ds, cfg, progress.update)
	progress.finish()
	if err != nil {
		return err
	}
	saved, plotPath, saveErr := saveTrained(log, f, core, m)
	rep := trainReport{
		Core: f.core, Out: saved, Plot: plotPath, Samples: set.Len(), Corrections: corrections, Files: files,
		Epochs: len(m.History), BestEpoch: m.Best.Epoch, StoppedEarly: m.StoppedEarly,
		TrainLoss: m.Best.TrainLoss, Seconds: m.Duration.Seconds(), SamplesPerSecond: m.SamplesPerSecond,
	}
	if saveErr != nil {
		return saveErr
	}
	if !math.IsNaN(m.Best.HoldoutLoss) {
		hl, ha := m.Best.HoldoutLoss, m.Best.HoldoutAccuracy
		rep.HoldoutLoss, rep.HoldoutAccuracy = &hl, &ha
	}
	if f.json {
		return writeJSON(out, rep)
	}
	fmt.Fprintf(out, "%s: trained from %s in %.1f s (%d epochs, kept epoch %d, %.0f samples/s)\n",
		safetext.Escape(saved), safetext.Escape(f.core), rep.Seconds, rep.Epochs, rep.BestEpoch, rep.SamplesPerSecond)
	if rep.HoldoutAccuracy != nil {
		fmt.Fprintf(out, "  hold-out accuracy %.1f%%, hold-out loss %.3f, training loss %.3f\n", 100**rep.HoldoutAccuracy, *rep.HoldoutLoss, rep.TrainLoss)
	}
	if plotPath != "" {
		fmt.Fprintf(out, "  curve: %s\n", safetext.Escape(plotPath))
	}
	return nil
}

// defaultPlot is the curve's file name in the trained Core's directory
// when --plot is not given.
const defaultPlot = "training.png"

// saveTrained saves the trained Core, then its curve: the Core is the
// run's result, and a curve that cannot be written is only a warning on
// log (plotPath is then empty). --out is never overwritten: if another run
// created it while this one trained, the Core is saved beside it (OUT-2,
// OUT-3, ...) and the error says where (saved names the directory).
func saveTrained(log io.Writer, f trainFlags, core *brain.Core, m training.Metrics) (saved, plotPath string, err error) {
	saved = f.out
	err = brain.SaveCore(saved, core)
	for n := 2; errors.Is(err, fs.ErrExist) && n < 100; n++ {
		saved = fmt.Sprintf("%s-%d", f.out, n)
		err = brain.SaveCore(saved, core)
	}
	switch {
	case err != nil:
		return "", "", fmt.Errorf("the trained Core could not be saved: %w", err)
	case saved != f.out:
		err = fmt.Errorf("--out %s was created by something else while training ran: the trained Core is saved in %s instead", f.out, saved)
		fmt.Fprintln(log, "warning:", safetext.Escape(err.Error()))
	}
	png, perr := training.RenderCurves(m)
	if perr == nil {
		if f.plot == "" {
			plotPath = filepath.Join(saved, defaultPlot)
			perr = atomicfile.WriteNew(plotPath, png)
		} else {
			plotPath = f.plot
			perr = f.plotFile().write(png)
		}
	}
	if perr != nil {
		fmt.Fprintf(log, "warning: the trained Core is saved in %s, but not its training curve: %s\n", safetext.Escape(saved), safetext.Escape(perr.Error()))
		plotPath = ""
	}
	return saved, plotPath, err
}
