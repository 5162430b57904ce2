package training

import (
	"fmt"
	"math"
	"runtime"
)

// ClassWeighting says how samples of rare and common actions are balanced
// in the loss.
type ClassWeighting string

// The class weightings. Recorded play is dominated by a few actions (most
// frames a player holds nothing, or walks): unweighted, a clone learns to do
// those and little else. InverseFrequency gives every action that occurs
// the same total weight; SqrtInverseFrequency goes half way (in log
// space), which keeps rare actions visible while costing the common ones
// less accuracy.
const (
	InverseFrequency     ClassWeighting = "inverse-frequency"
	SqrtInverseFrequency ClassWeighting = "sqrt-inverse-frequency"
	NoClassWeighting     ClassWeighting = "none"
)

// Engine selects the implementation that computes gradients and steps the
// optimiser. Both compute the same function of the same parameters (a test
// holds them to the same gradients and Adam steps).
type Engine string

// The engines.
const (
	// EngineGorgonia differentiates the Brain's Gorgonia graph
	// (brain.Model) with a TapeMachine and steps Gorgonia's Adam solver.
	EngineGorgonia Engine = "gorgonia"
	// EngineFast is a hand-written batched float32 MLP (forward, softmax
	// cross-entropy, backward, Adam) on its own matrix product (AVX2 and
	// FMA assembly on amd64, portable Go elsewhere). It is the default: the
	// same maths as the Gorgonia graph (TestEnginesAgree), about thirteen
	// times faster.
	EngineFast Engine = "fast"
)

// Config is a behaviour-cloning run's configuration. Zero fields take the
// values of DefaultConfig, except Seed (0 is a seed like any other).
type Config struct {
	// Epochs is the most passes over the training split.
	Epochs int
	// Batch is the minibatch size.
	Batch int
	// LR is Adam's learning rate.
	LR float64
	// Holdout is the fraction of samples held out for validation, in
	// [0, 0.9]. Samples are held out in runs of consecutive samples
	// (HoldoutRun), so that near-identical neighbouring frames do not
	// leak into validation. A negative value means no holdout.
	Holdout float64
	// Patience is how many epochs without a lower holdout loss training
	// goes on for; the parameters of the best epoch are kept. Negative
	// means never stop early.
	Patience int
	// Seed seeds the holdout split and the shuffles.
	Seed uint64
	// ClassWeighting balances the actions in the loss.
	ClassWeighting ClassWeighting
	// Engine computes the gradients.
	Engine Engine
	// Workers is how many goroutines share the fast engine's steps and the
	// hold-out evaluation when the batch is large enough to be worth it
	// (128 or more): the caller and Workers−1 helpers. It changes the
	// speed, never the result: the bytes of a run are the same with any
	// number. 0 means two when GOMAXPROCS is 3 or more, else one: a player
	// trains while the arena runs and a server while matches run, so one
	// core is nearly always taken, and on two cores a helper then only
	// takes a share of the caller's (docs/PERFORMANCE.md).
	Workers int
}

// maxWorkers bounds Config.Workers.
const maxWorkers = 64

// DefaultConfig is the configuration zero Config fields default to.
func DefaultConfig() Config {
	return Config{
		Epochs:         60,
		Batch:          64,
		LR:             2e-3,
		Holdout:        0.2,
		Patience:       8,
		Seed:           1,
		ClassWeighting: SqrtInverseFrequency,
		Engine:         EngineFast,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Epochs == 0 {
		c.Epochs = d.Epochs
	}
	if c.Batch == 0 {
		c.Batch = d.Batch
	}
	if c.LR == 0 {
		c.LR = d.LR
	}
	if c.Holdout == 0 {
		c.Holdout = d.Holdout
	}
	if c.Patience == 0 {
		c.Patience = d.Patience
	}
	if c.ClassWeighting == "" {
		c.ClassWeighting = d.ClassWeighting
	}
	if c.Engine == "" {
		c.Engine = d.Engine
	}
	if c.Workers == 0 {
		c.Workers = 1
		if runtime.GOMAXPROCS(0) >= 3 {
			c.Workers = 2
		}
	}
	return c
}

func (c Config) validate() error {
	switch {
	case c.Epochs < 1 || c.Epochs > 100000:
		return fmt.Errorf("epochs %d, want 1 to 100000", c.Epochs)
	case c.Batch < 1 || c.Batch > 65536:
		return fmt.Errorf("batch size %d, want 1 to 65536", c.Batch)
	case !(c.LR > 0 && c.LR < 1):
		return fmt.Errorf("learning rate %g, want in (0, 1)", c.LR)
	case c.Holdout > 0.9 || math.IsNaN(c.Holdout):
		return fmt.Errorf("holdout fraction %g, want at most 0.9", c.Holdout)
	case c.Workers < 1 || c.Workers > maxWorkers:
		return fmt.Errorf("workers %d, want 1 to %d", c.Workers, maxWorkers)
	}
	switch c.ClassWeighting {
	case InverseFrequency, SqrtInverseFrequency, NoClassWeighting:
	default:
		return fmt.Errorf("unknown class weighting %q", c.ClassWeighting)
	}
	switch c.Engine {
	case EngineGorgonia, EngineFast:
	default:
		return fmt.Errorf("unknown engine %q", c.Engine)
	}
	return nil
}
