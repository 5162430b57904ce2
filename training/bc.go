package training

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// Dataset is a set of demonstration samples for behaviour cloning: for each
// decision, the observation the demonstrator saw and the action id
// (index into the action space (game.Action)) it took.
type Dataset struct {
	Obs     []game.Observation
	Actions []uint8
	// Weights, when not nil, gives each sample an importance (≥ 0) that
	// multiplies its class weight, e.g. more than 1 for a player's
	// corrections of the fighter. nil means 1 for every sample.
	Weights []float32
	// Sources identifies the demonstrations the samples came from (hashes
	// or CIDs). Train records them in the Core's lineage.
	Sources []string
}

// Add appends one sample with weight w.
func (d *Dataset) Add(o *game.Observation, action int, w float32) {
	if d.Weights == nil && w != 1 {
		d.Weights = ones(len(d.Obs))
	}
	d.Obs = append(d.Obs, *o)
	d.Actions = append(d.Actions, uint8(action))
	if d.Weights != nil {
		d.Weights = append(d.Weights, w)
	}
}

// ones is n weights of 1.
func ones(n int) []float32 {
	w := make([]float32, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// Len is the number of samples.
func (d *Dataset) Len() int { return len(d.Obs) }

// Validate reports whether d is usable: equal lengths, action ids below
// game.NumActions, weights finite and non-negative, and some weight.
func (d *Dataset) Validate() error {
	if len(d.Obs) == 0 {
		return errors.New("dataset is empty")
	}
	if len(d.Actions) != len(d.Obs) {
		return fmt.Errorf("dataset has %d observations but %d actions", len(d.Obs), len(d.Actions))
	}
	if d.Weights != nil && len(d.Weights) != len(d.Obs) {
		return fmt.Errorf("dataset has %d observations but %d weights", len(d.Obs), len(d.Weights))
	}
	for i, a := range d.Actions {
		if int(a) >= game.NumActions {
			return fmt.Errorf("sample %d has action id %d, want below %d", i, a, game.NumActions)
		}
	}
	var sum float64
	for i, w := range d.Weights {
		if !(w >= 0) || math.IsInf(float64(w), 0) {
			return fmt.Errorf("sample %d has weight %g, want a finite number ≥ 0", i, w)
		}
		sum += float64(w)
	}
	if d.Weights != nil && sum == 0 {
		return errors.New("every sample has weight 0")
	}
	return nil
}

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
}

// HoldoutRun is the length of the runs of consecutive samples the holdout
// split keeps together.
const HoldoutRun = 32

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

	eng, err := newEngine(cfg.Engine, core, cfg.Batch, cfg.LR)
	if err != nil {
		return Metrics{}, fmt.Errorf("training: %w", err)
	}
	eval, err := newMLP(&core.Spec, cfg.Batch)
	if err != nil {
		return Metrics{}, fmt.Errorf("training: %w", err)
	}

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
			x, t := eng.buffers()
			fillBatch(x, t, &ds, batch, weights)
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
			p.HoldoutLoss, p.HoldoutAccuracy = eval.evaluate(&ds, holdIdx, weights)
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

// split returns the training and held-out sample indices: the samples are
// cut into runs of HoldoutRun consecutive samples, the runs are shuffled
// with seed, and whole runs are held out until frac of the samples are.
func split(n int, frac float64, seed uint64) (train, hold []int) {
	runs := (n + HoldoutRun - 1) / HoldoutRun
	order := make([]int, runs)
	for i := range order {
		order[i] = i
	}
	r := game.SplitMix64{State: seed}
	shuffle(order, &r)
	want := 0
	if frac > 0 {
		want = int(math.Round(frac * float64(n)))
	}
	isHold := make([]bool, runs)
	held := 0
	for _, run := range order {
		if held >= want {
			break
		}
		isHold[run] = true
		held += min(HoldoutRun, n-run*HoldoutRun)
	}
	for i := 0; i < n; i++ {
		if isHold[i/HoldoutRun] {
			hold = append(hold, i)
		} else {
			train = append(train, i)
		}
	}
	return train, hold
}

// sampleWeights returns every sample's loss weight: its class weight times
// its own weight, scaled so that the training samples' weights average 1.
// Class weights come from the training split's action counts: with
// InverseFrequency, n/(k·n_a) for an action a seen n_a times among n
// samples of k distinct actions; SqrtInverseFrequency takes its square root.
func sampleWeights(ds *Dataset, train []int, cw ClassWeighting) ([]float32, error) {
	var count [game.NumActions]int
	for _, i := range train {
		count[ds.Actions[i]]++
	}
	distinct := 0
	for _, c := range count {
		if c > 0 {
			distinct++
		}
	}
	var class [game.NumActions]float64
	for a, c := range count {
		switch {
		case c == 0:
			class[a] = 1 // only held-out samples have it: weight as average
		case cw == NoClassWeighting:
			class[a] = 1
		case cw == InverseFrequency:
			class[a] = float64(len(train)) / float64(distinct*c)
		default:
			class[a] = math.Sqrt(float64(len(train)) / float64(distinct*c))
		}
	}
	w := make([]float64, ds.Len())
	for i := range w {
		w[i] = class[ds.Actions[i]]
		if ds.Weights != nil {
			w[i] *= float64(ds.Weights[i])
		}
	}
	var sum float64
	for _, i := range train {
		sum += w[i]
	}
	if sum == 0 {
		return nil, errors.New("every training sample has weight 0")
	}
	scale := float64(len(train)) / sum
	out := make([]float32, len(w))
	for i := range w {
		out[i] = float32(w[i] * scale)
	}
	return out, nil
}

// fillBatch writes the batch's features into x (Batch×Inputs) and its
// targets into t (Batch×Outputs): t[b][a] = weight/len(batch) for the
// demonstrated action a, 0 elsewhere. Rows past len(batch) are zero, so a
// short last batch pads with samples that weigh nothing.
func fillBatch(x, t []float32, ds *Dataset, batch []int, weights []float32) {
	clear(x)
	clear(t)
	inv := 1 / float32(len(batch))
	for b, i := range batch {
		brain.Features(x[b*game.ObsLen:(b+1)*game.ObsLen], &ds.Obs[i])
		t[b*game.NumActions+int(ds.Actions[i])] = weights[i] * inv
	}
}

func shuffle(v []int, r *game.SplitMix64) {
	for i := len(v) - 1; i > 0; i-- {
		j := int(r.Next() % uint64(i+1))
		v[i], v[j] = v[j], v[i]
	}
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
	// buffers returns the Batch×Inputs features and Batch×Outputs targets
	// that the next forwardBackward reads.
	buffers() (x, t []float32)
	// forwardBackward computes the loss of the batch and the gradients.
	forwardBackward() (float32, error)
	// gradients returns the last gradients in brain.Layer layout.
	gradients() ([]brain.Layer, error)
	// update applies one Adam step with the last gradients.
	update() error
	// store copies the parameters into m.
	store(m *brain.Memories) error
}

func newEngine(e Engine, core *brain.Core, batch int, lr float64) (engine, error) {
	if e == EngineGorgonia {
		return newGorgoniaEngine(core, batch, lr)
	}
	return newFastEngine(core, batch, lr)
}

// Adam's constants, the same for both engines (Gorgonia's defaults).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// gorgoniaEngine trains the Brain's Gorgonia graph. The graph (model,
// log-softmax, weighted cross-entropy and its gradients) is built once and
// run by one TapeMachine for every step; batches are written into the
// tensors bound to the input nodes with gorgonia.Let.
type gorgoniaEngine struct {
	model  *brain.Model
	loss   *gorgonia.Node
	vm     gorgonia.VM
	solver *gorgonia.AdamSolver
	learn  gorgonia.Nodes
	vgs    []gorgonia.ValueGrad
	x, t   []float32
}

func newGorgoniaEngine(core *brain.Core, batch int, lr float64) (e *gorgoniaEngine, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, err = nil, fmt.Errorf("building gorgonia training graph: %v", r)
		}
	}()
	g := gorgonia.NewGraph()
	m, err := brain.NewModel(g, core, batch)
	if err != nil {
		return nil, err
	}
	e = &gorgoniaEngine{model: m, x: make([]float32, batch*core.Spec.Inputs), t: make([]float32, batch*core.Spec.Outputs)}
	if err := gorgonia.Let(m.Input, tensor.New(tensor.WithShape(batch, core.Spec.Inputs), tensor.WithBacking(e.x))); err != nil {
		return nil, fmt.Errorf("binding input: %w", err)
	}
	target := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(batch, core.Spec.Outputs), gorgonia.WithName("target"))
	if err := gorgonia.Let(target, tensor.New(tensor.WithShape(batch, core.Spec.Outputs), tensor.WithBacking(e.t))); err != nil {
		return nil, fmt.Errorf("binding target: %w", err)
	}
	logp, err := gorgonia.LogSoftMax(m.Logits)
	if err != nil {
		return nil, fmt.Errorf("log-softmax: %w", err)
	}
	prod, err := gorgonia.HadamardProd(target, logp)
	if err != nil {
		return nil, fmt.Errorf("weighting: %w", err)
	}
	sum, err := gorgonia.Sum(prod)
	if err != nil {
		return nil, fmt.Errorf("loss sum: %w", err)
	}
	if e.loss, err = gorgonia.Neg(sum); err != nil {
		return nil, fmt.Errorf("loss: %w", err)
	}
	e.learn = m.Learnables()
	if _, err := gorgonia.Grad(e.loss, e.learn...); err != nil {
		return nil, fmt.Errorf("gradients: %w", err)
	}
	e.vm = gorgonia.NewTapeMachine(g, gorgonia.BindDualValues(e.learn...))
	e.solver = gorgonia.NewAdamSolver(gorgonia.WithLearnRate(lr), gorgonia.WithBeta1(adamBeta1),
		gorgonia.WithBeta2(adamBeta2), gorgonia.WithEps(adamEps))
	e.vgs = gorgonia.NodesToValueGrads(e.learn)
	return e, nil
}

func (e *gorgoniaEngine) buffers() (x, t []float32) { return e.x, e.t }

func (e *gorgoniaEngine) forwardBackward() (loss float32, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gorgonia step: %v", r)
		}
	}()
	e.vm.Reset()
	if err := e.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("running gorgonia graph: %w", err)
	}
	v, ok := e.loss.Value().Data().(float32)
	if !ok {
		return 0, fmt.Errorf("gorgonia loss is %T, not float32", e.loss.Value().Data())
	}
	return v, nil
}

func (e *gorgoniaEngine) update() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gorgonia adam step: %v", r)
		}
	}()
	if err := e.solver.Step(e.vgs); err != nil {
		return fmt.Errorf("gorgonia adam step: %w", err)
	}
	return nil
}

func (e *gorgoniaEngine) store(m *brain.Memories) error { return e.model.Store(m) }

func (e *gorgoniaEngine) gradients() ([]brain.Layer, error) {
	var out []brain.Layer
	for i := range e.model.Weights {
		gw, err := gradData(e.model.Weights[i])
		if err != nil {
			return nil, err
		}
		gb, err := gradData(e.model.Biases[i])
		if err != nil {
			return nil, err
		}
		in, outN := e.model.Weights[i].Shape()[0], e.model.Weights[i].Shape()[1]
		l := brain.Layer{In: in, Out: outN, Weight: make([]float32, in*outN), Bias: append([]float32(nil), gb...)}
		for r := 0; r < outN; r++ {
			for c := 0; c < in; c++ {
				l.Weight[r*in+c] = gw[c*outN+r]
			}
		}
		out = append(out, l)
	}
	return out, nil
}

func gradData(n *gorgonia.Node) ([]float32, error) {
	g, err := n.Grad()
	if err != nil {
		return nil, fmt.Errorf("gradient of %s: %w", n.Name(), err)
	}
	d, ok := g.Data().([]float32)
	if !ok {
		return nil, fmt.Errorf("gradient of %s is %T", n.Name(), g.Data())
	}
	return d, nil
}

// mlp is the Brain's network as plain float32 arrays, batched, on the
// matrix product of fast_gemm.go: the fast engine's forward and backward
// passes, and the evaluator of both engines. Weights are brain.Layer's
// Out×In row-major.
type mlp struct {
	batch  int
	layers []brain.Layer
	acts   [][]float32 // acts[0] is the input; acts[l+1] the output of layer l
	deltas [][]float32 // gradient w.r.t. acts[l+1] before the activation
	gW, gB [][]float32
	probs  []float32
	wT     [][]float32 // when not nil, the weights transposed (In×Out), kept by the owner
	g      gemm
}

func newMLP(spec *brain.Spec, batch int) (*mlp, error) {
	if batch < 1 {
		return nil, fmt.Errorf("batch size %d", batch)
	}
	return newMLPOn(spec, batch, make([]float32, batch*spec.Inputs), nil), nil
}

// newMLPOn returns an mlp of batch rows whose input is x (batch×Inputs)
// and whose parameters are layers, or new zero ones when layers is nil.
func newMLPOn(spec *brain.Spec, batch int, x []float32, layers []brain.Layer) *mlp {
	n := &mlp{batch: batch, layers: layers}
	n.acts = append(n.acts, x)
	for _, sh := range spec.Layers() {
		if layers == nil {
			n.layers = append(n.layers, brain.Layer{In: sh.In, Out: sh.Out,
				Weight: make([]float32, sh.In*sh.Out), Bias: make([]float32, sh.Out)})
		}
		n.acts = append(n.acts, make([]float32, batch*sh.Out))
		n.deltas = append(n.deltas, make([]float32, batch*sh.Out))
		n.gW = append(n.gW, make([]float32, sh.In*sh.Out))
		n.gB = append(n.gB, make([]float32, sh.Out))
	}
	n.probs = make([]float32, batch*spec.Outputs)
	return n
}

func (n *mlp) load(m *brain.Memories) { copyParams(&brain.Memories{Layers: n.layers}, m) }

// forward computes the logits of the first rows rows of acts[0] into the
// last acts.
func (n *mlp) forward(rows int) []float32 {
	for li := range n.layers {
		l := &n.layers[li]
		x, y := n.acts[li][:rows*l.In], n.acts[li+1][:rows*l.Out]
		// y = x·Wᵀ + bias, then the ReLU below the last layer.
		if n.wT != nil {
			n.g.mul(false, false, rows, l.Out, l.In, x, l.In, n.wT[li], l.Out, y, l.Out)
		} else {
			n.g.mul(false, true, rows, l.Out, l.In, x, l.In, l.Weight, l.In, y, l.Out)
		}
		addBias(y, l.Bias, li < len(n.layers)-1)
	}
	return n.acts[len(n.layers)][:rows*n.layers[len(n.layers)-1].Out]
}

// logSoftmaxRow writes softmax(z) into p and returns log-sum-exp(z).
func logSoftmaxRow(z, p []float32) float32 {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var s float32
	for k, v := range z {
		e := float32(math.Exp(float64(v - m)))
		p[k] = e
		s += e
	}
	for k := range p {
		p[k] /= s
	}
	return m + float32(math.Log(float64(s)))
}

// lossGrad computes the weighted cross-entropy of the logits against
// targets t (Batch×Outputs, see fillBatch) and its gradient w.r.t. the
// logits into the last delta: dz = softmax(z)·Σt − t.
func (n *mlp) lossGrad(t []float32) float32 {
	L := len(n.layers) - 1
	out := n.layers[L].Out
	z, dz := n.acts[L+1], n.deltas[L]
	var loss float32
	for b := 0; b < n.batch; b++ {
		zr, pr, tr := z[b*out:(b+1)*out], n.probs[b*out:(b+1)*out], t[b*out:(b+1)*out]
		var tsum float32
		for _, v := range tr {
			tsum += v
		}
		dr := dz[b*out : (b+1)*out]
		if tsum == 0 {
			clear(dr)
			continue
		}
		lse := logSoftmaxRow(zr, pr)
		for k, tv := range tr {
			if tv != 0 {
				loss -= tv * (zr[k] - lse)
			}
			dr[k] = pr[k]*tsum - tv
		}
	}
	return loss
}

// backward computes the parameter gradients from the last delta.
func (n *mlp) backward() {
	for li := len(n.layers) - 1; li >= 0; li-- {
		l := &n.layers[li]
		x, dz := n.acts[li], n.deltas[li]
		// gW = dzᵀ·x (Out×In), gB = column sums of dz.
		n.g.mul(true, false, l.Out, l.In, n.batch, dz, l.Out, x, l.In, n.gW[li], l.In)
		sumRows(n.gB[li], dz)
		if li == 0 {
			break
		}
		// dx = dz·W (Batch×In), then through the ReLU of the layer below.
		dx := n.deltas[li-1]
		n.g.mul(false, false, n.batch, l.In, l.Out, dz, l.Out, l.Weight, l.In, dx, l.In)
		reluMask(dx, x)
	}
}

// evaluate returns the weighted cross-entropy (normalised by the summed
// weight) and the argmax accuracy of the network on the samples idx.
func (n *mlp) evaluate(ds *Dataset, idx []int, weights []float32) (loss, acc float64) {
	out := n.layers[len(n.layers)-1].Out
	var lsum, wsum float64
	correct := 0
	for s := 0; s < len(idx); s += n.batch {
		chunk := idx[s:min(s+n.batch, len(idx))]
		x := n.acts[0]
		for b, i := range chunk {
			row := x[b*game.ObsLen : (b+1)*game.ObsLen]
			brain.Features(row, &ds.Obs[i])
		}
		z := n.forward(len(chunk))
		for b, i := range chunk {
			zr, pr := z[b*out:(b+1)*out], n.probs[b*out:(b+1)*out]
			lse := logSoftmaxRow(zr, pr)
			a := int(ds.Actions[i])
			w := float64(weights[i])
			lsum -= w * float64(zr[a]-lse)
			wsum += w
			if brain.Argmax(zr) == a {
				correct++
			}
		}
	}
	if wsum > 0 {
		loss = lsum / wsum
	}
	return loss, float64(correct) / float64(len(idx))
}

// fastSplitMin is the smallest batch the fast engine cuts in two halves.
const fastSplitMin = 32

// fastEngine trains the mlp directly, with its own Adam. A batch of
// fastSplitMin rows or more is cut into two halves whose forward and
// backward passes run concurrently (the second on a fastWorker), each on
// its own mlp sharing the parameters; the gradients and losses of the
// halves are added in a fixed order (first + second), so a step's result
// depends on the batch size only, not on the number of cores or the
// scheduling.
type fastEngine struct {
	*fastParts
	worker *fastWorker // nil when the batch is not split or there is one core
}

// fastParts is the fast engine's state; the worker's goroutine holds it,
// not the fastEngine, so that a dropped engine's cleanup can stop it.
type fastParts struct {
	parts  []*mlp      // the halves (or the whole batch); parts[0] owns the layers
	ts     [][]float32 // each part's rows of t
	wT     [][]float32 // the parts' transposed weights, set at every step
	x, t   []float32   // the batch
	m, v   [][]float32 // Adam moments, per parameter tensor (weights then bias per layer)
	losses [2]float32  // each part's loss of the last step
	lr     float64
	iter   int
}

func newFastEngine(core *brain.Core, batch int, lr float64) (*fastEngine, error) {
	if batch < 1 {
		return nil, fmt.Errorf("batch size %d", batch)
	}
	spec := &core.Spec
	p := &fastParts{x: make([]float32, batch*spec.Inputs), t: make([]float32, batch*spec.Outputs), lr: lr}
	rows := []int{batch}
	if batch >= fastSplitMin {
		rows = []int{batch - batch/2, batch / 2}
	}
	r0 := 0
	var layers []brain.Layer
	for _, sh := range spec.Layers() {
		p.wT = append(p.wT, make([]float32, sh.In*sh.Out))
	}
	for _, r := range rows {
		n := newMLPOn(spec, r, p.x[r0*spec.Inputs:(r0+r)*spec.Inputs], layers)
		n.wT = p.wT
		layers = n.layers
		p.parts = append(p.parts, n)
		p.ts = append(p.ts, p.t[r0*spec.Outputs:(r0+r)*spec.Outputs])
		r0 += r
	}
	p.parts[0].load(&core.Memories)
	for _, l := range layers {
		p.m = append(p.m, make([]float32, len(l.Weight)), make([]float32, len(l.Bias)))
		p.v = append(p.v, make([]float32, len(l.Weight)), make([]float32, len(l.Bias)))
	}
	e := &fastEngine{fastParts: p}
	if len(p.parts) > 1 && runtime.GOMAXPROCS(0) > 1 {
		e.worker = startFastWorker(func() { p.step(1) })
		runtime.AddCleanup(e, func(w *fastWorker) { w.stop() }, e.worker)
	}
	return e, nil
}

// fastSpin is how long a fastWorker (or the engine waiting for it) polls
// before it blocks: waking a parked thread takes tens of microseconds
// here, a good part of a step.
const fastSpin = time.Millisecond

// fastWorker runs a function on its own goroutine each time it is told to.
type fastWorker struct {
	jobs, done chan struct{}
	once       sync.Once
}

func startFastWorker(run func()) *fastWorker {
	w := &fastWorker{jobs: make(chan struct{}, 1), done: make(chan struct{}, 1)}
	go func() {
		for spinRecv(w.jobs) {
			run()
			w.done <- struct{}{}
		}
	}()
	return w
}

// start has the worker run its function once; wait waits for it to finish.
func (w *fastWorker) start() { w.jobs <- struct{}{} }
func (w *fastWorker) wait()  { spinRecv(w.done) }

// stop ends the worker's goroutine; calling it again does nothing.
func (w *fastWorker) stop() { w.once.Do(func() { close(w.jobs) }) }

// spinRecv receives from c, polling for up to fastSpin before it blocks; it
// reports false when c is closed.
func spinRecv(c chan struct{}) bool {
	start := time.Now()
	for i := 1; ; i++ {
		select {
		case _, ok := <-c:
			return ok
		default:
		}
		if i%64 == 0 && time.Since(start) > fastSpin {
			_, ok := <-c
			return ok
		}
	}
}

func (e *fastEngine) buffers() (x, t []float32) { return e.x, e.t }

// step runs part i's forward and backward passes.
func (e *fastParts) step(i int) {
	n := e.parts[i]
	n.forward(n.batch)
	e.losses[i] = n.lossGrad(e.ts[i])
	n.backward()
}

func (e *fastEngine) forwardBackward() (float32, error) {
	for li, l := range e.parts[0].layers {
		transpose(e.wT[li], l.Weight, l.Out, l.In)
	}
	if len(e.parts) == 1 {
		e.step(0)
		return e.losses[0], nil
	}
	if e.worker == nil {
		e.step(0)
		e.step(1)
	} else {
		e.worker.start()
		e.step(0)
		e.worker.wait()
	}
	return e.losses[0] + e.losses[1], nil
}

// partGrads returns the second part's gradients of layer li, or nil when
// the batch is not split.
func (e *fastEngine) partGrads(li int) (gW, gB []float32) {
	if len(e.parts) == 1 {
		return nil, nil
	}
	return e.parts[1].gW[li], e.parts[1].gB[li]
}

func (e *fastEngine) gradients() ([]brain.Layer, error) {
	var out []brain.Layer
	for i, l := range e.parts[0].layers {
		gl := brain.Layer{In: l.In, Out: l.Out,
			Weight: append([]float32(nil), e.parts[0].gW[i]...), Bias: append([]float32(nil), e.parts[0].gB[i]...)}
		if gW, gB := e.partGrads(i); gW != nil {
			for k, v := range gW {
				gl.Weight[k] += v
			}
			for k, v := range gB {
				gl.Bias[k] += v
			}
		}
		out = append(out, gl)
	}
	return out, nil
}

// update is Adam as Gorgonia computes it, in float32 (see adamGo), on the
// gradients summed over the parts.
func (e *fastEngine) update() error {
	e.iter++
	b1, b2 := float32(adamBeta1), float32(adamBeta2)
	k := adamConsts{b1: b1, omb1: 1 - b1, b2: b2, omb2: 1 - b2,
		c1:  float32(1) / float32(1-math.Pow(adamBeta1, float64(e.iter))),
		c2:  float32(1) / float32(1-math.Pow(adamBeta2, float64(e.iter))),
		eta: float32(e.lr), eps: float32(adamEps)}
	n := e.parts[0]
	for li := range n.layers {
		l := &n.layers[li]
		gW, gB := e.partGrads(li)
		adam(l.Weight, n.gW[li], gW, e.m[2*li], e.v[2*li], &k)
		adam(l.Bias, n.gB[li], gB, e.m[2*li+1], e.v[2*li+1], &k)
	}
	return nil
}

func (e *fastEngine) store(m *brain.Memories) error {
	copyParams(m, &brain.Memories{Layers: e.parts[0].layers})
	return nil
}
