package training

import (
	"fmt"
	"math"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// Progress reports one finished epoch.
type Progress struct {
	// Epoch counts from 1.
	Epoch, Epochs int
	// TrainLoss is the mean weighted cross-entropy of the epoch's steps.
	TrainLoss float64
	// HoldoutLoss is the weighted cross-entropy on the held-out samples
	// (weighted like training samples); NaN without a holdout.
	HoldoutLoss float64
	// HoldoutAccuracy is the fraction of held-out samples whose action
	// the model's argmax gets right (unweighted); NaN without a holdout.
	HoldoutAccuracy float64
	// Best reports that this epoch's parameters are the best so far.
	Best bool
	// Elapsed is the time since training started.
	Elapsed time.Duration
}

// Metrics summarises a training run.
type Metrics struct {
	// History holds every epoch's Progress, for plotting.
	History []Progress
	// Best is the Progress of the epoch whose parameters were kept.
	Best Progress
	// StoppedEarly reports that patience ran out before Epochs.
	StoppedEarly bool
	// TrainSamples and HoldoutSamples are the sizes of the split.
	TrainSamples, HoldoutSamples int
	// Duration is the wall time of the run; SamplesPerSecond the training
	// throughput (optimisation steps only, padding excluded).
	Duration         time.Duration
	SamplesPerSecond float64
}

// Train fits core's parameters to the dataset by behaviour cloning and
// writes the best parameters (lowest holdout loss) back into core,
// starting from the ones it has (fine-tuning). The Core's lineage records
// the parent Memories' hash, ds.Sources, the configuration and the final
// metrics. progress, when not nil, is called after every epoch.
//
// The loss is the softmax cross-entropy of the logits against the
// demonstrated action, weighted per sample by class weight × sample weight,
// normalised so that the weights average 1 over the training split, and
// averaged over each minibatch. Observations are fed as
// float32(value)/game.ObsOne. With the same dataset, configuration and
// starting Core a run is deterministic on a given machine.
func Train(core *brain.Core, ds Dataset, cfg Config, progress func(Progress)) (Metrics, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return Metrics{}, fmt.Errorf("training: %w", err)
	}
	if err := ds.Validate(); err != nil {
		return Metrics{}, fmt.Errorf("training: %w", err)
	}
	parent, err := core.MemoriesHash()
	if err != nil {
		return Metrics{}, fmt.Errorf("training: starting core: %w", err)
	}
	start := time.Now()

	trainIdx, holdIdx := split(ds.Len(), cfg.Holdout, cfg.Seed)
	if len(trainIdx) == 0 {
		return Metrics{}, fmt.Errorf("training: no sample left to train on after holding out %d", len(holdIdx))
	}
	weights, err := sampleWeights(&ds, trainIdx, cfg.ClassWeighting)
	if err != nil {
		return Metrics{}, fmt.Errorf("training: %w", err)
	}

	// A team only where the fast engine splits its batches (see
	// fastSplitMin); the hold-out evaluation shares it.
	workers := 1
	if cfg.Engine == EngineFast && cfg.Batch >= fastSplitMin {
		workers = cfg.Workers
	}
	tm := newTeam(workers)
	defer tm.stop()
	eng, err := newEngine(cfg.Engine, core, cfg.Batch, cfg.LR, tm)
	if err != nil {
		return Metrics{}, fmt.Errorf("training: %w", err)
	}
	eval := newEvaluator(&core.Spec, tm.workers())

	met := Metrics{TrainSamples: len(trainIdx), HoldoutSamples: len(holdIdx)}
	mem := cloneParams(&core.Memories)
	best := cloneParams(&core.Memories)
	bestLoss := math.Inf(1)
	stale := 0
	rng := game.SplitMix64{State: cfg.Seed ^ 0x5eed}
	order := append([]int(nil), trainIdx...)
	var stepTime time.Duration
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		shuffle(order, &rng)
		var lossSum float64
		steps := 0
		t0 := time.Now()
		for b := 0; b < len(order); b += cfg.Batch {
			batch := order[b:min(b+cfg.Batch, len(order))]
			eng.setBatch(&ds, batch, weights)
			loss, err := eng.forwardBackward()
			if err != nil {
				return Metrics{}, fmt.Errorf("training: epoch %d: %w", epoch, err)
			}
			if err := eng.update(); err != nil {
				return Metrics{}, fmt.Errorf("training: epoch %d: %w", epoch, err)
			}
			lossSum += float64(loss)
			steps++
		}
		stepTime += time.Since(t0)
		if err := eng.store(&mem); err != nil {
			return Metrics{}, fmt.Errorf("training: epoch %d: %w", epoch, err)
		}
		if err := checkParams(&mem); err != nil {
			return Metrics{}, fmt.Errorf("training diverged at epoch %d (lower the learning rate?): %w", epoch, err)
		}
		p := Progress{Epoch: epoch, Epochs: cfg.Epochs, TrainLoss: lossSum / float64(steps),
			HoldoutLoss: math.NaN(), HoldoutAccuracy: math.NaN()}
		score := p.TrainLoss
		if len(holdIdx) > 0 {
			eval.load(&mem)
			p.HoldoutLoss, p.HoldoutAccuracy = eval.evaluate(&ds, holdIdx, weights, tm)
			score = p.HoldoutLoss
		}
		if score < bestLoss {
			bestLoss, stale, p.Best = score, 0, true
			copyParams(&best, &mem)
		} else {
			stale++
		}
		p.Elapsed = time.Since(start)
		met.History = append(met.History, p)
		if p.Best {
			met.Best = p
		}
		if progress != nil {
			progress(p)
		}
		if cfg.Patience >= 0 && stale > cfg.Patience {
			met.StoppedEarly = epoch < cfg.Epochs
			break
		}
	}
	met.Duration = time.Since(start)
	if s := stepTime.Seconds(); s > 0 {
		met.SamplesPerSecond = float64(len(trainIdx)*len(met.History)) / s
	}

	copyParams(&core.Memories, &best)
	core.Memories.Lineage = brain.Lineage{
		Parent:         parent,
		Demonstrations: append([]string(nil), ds.Sources...),
		Training: &brain.TrainingRecord{
			Method: "behavior-cloning", Engine: string(cfg.Engine), Samples: ds.Len(),
			Epochs: cfg.Epochs, Batch: cfg.Batch, LR: cfg.LR, Holdout: max(0, cfg.Holdout),
			Patience: cfg.Patience, Seed: cfg.Seed, ClassWeighting: string(cfg.ClassWeighting),
		},
		Metrics: &brain.MetricsRecord{
			Epoch: met.Best.Epoch, EpochsRun: len(met.History), TrainLoss: met.Best.TrainLoss,
			HoldoutLoss: finiteOr0(met.Best.HoldoutLoss), HoldoutAccuracy: finiteOr0(met.Best.HoldoutAccuracy),
		},
	}
	if err := core.Validate(); err != nil {
		return Metrics{}, fmt.Errorf("training produced an invalid core: %w", err)
	}
	return met, nil
}

func finiteOr0(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// cloneParams copies the parameters (not the lineage) of m.
func cloneParams(m *brain.Memories) brain.Memories {
	d := brain.Memories{Layers: make([]brain.Layer, len(m.Layers))}
	for i, l := range m.Layers {
		d.Layers[i] = brain.Layer{In: l.In, Out: l.Out,
			Weight: append([]float32(nil), l.Weight...), Bias: append([]float32(nil), l.Bias...)}
	}
	return d
}

// copyParams copies src's parameters into dst's (same shapes).
func copyParams(dst, src *brain.Memories) {
	for i := range dst.Layers {
		copy(dst.Layers[i].Weight, src.Layers[i].Weight)
		copy(dst.Layers[i].Bias, src.Layers[i].Bias)
	}
}

// checkParams reports a parameter that is not finite or too large for a
// Core.
func checkParams(m *brain.Memories) error {
	for i, l := range m.Layers {
		for _, v := range [][]float32{l.Weight, l.Bias} {
			for _, x := range v {
				if !(x >= -brain.MaxAbsParam && x <= brain.MaxAbsParam) {
					return fmt.Errorf("layer %d has parameter %g", i, x)
				}
			}
		}
	}
	return nil
}

// engine computes a minibatch's loss and gradients and applies Adam.
type engine interface {
	// setBatch makes the samples batch of ds, with the loss weights
	// weights (see fillBatch), the minibatch of the next forwardBackward.
	setBatch(ds *Dataset, batch []int, weights []float32)
	// forwardBackward computes the loss of the batch and the gradients.
	forwardBackward() (float32, error)
	// gradients returns the last gradients in brain.Layer layout.
	gradients() ([]brain.Layer, error)
	// update applies one Adam step with the last gradients.
	update() error
	// store copies the parameters into m.
	store(m *brain.Memories) error
}

// newEngine returns engine e starting from core's parameters; the fast
// engine runs its steps on t (nil: on the caller alone).
func newEngine(e Engine, core *brain.Core, batch int, lr float64, t *team) (engine, error) {
	if e == EngineGorgonia {
		return newGorgoniaEngine(core, batch, lr)
	}
	return newFastEngine(core, batch, lr, t)
}

// Adam's constants, the same for both engines (Gorgonia's defaults).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)
