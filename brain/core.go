package brain

import (
	"fmt"
	"math"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/safetext"
)

// MaxAbsParam bounds the magnitude of every parameter of a Core. Training
// never comes near it; it keeps the integer Policy's fixed-point arithmetic
// inside its proven ranges for any Core that loads.
const MaxAbsParam = 1 << 16

// Layer is the parameters of one fully connected layer: y = W·x + b.
type Layer struct {
	// In and Out are the layer's input and output sizes.
	In, Out int
	// Weight is W, Out×In, row-major: Weight[r*In+c] is the weight from
	// input c to output r (PyTorch's nn.Linear layout).
	Weight []float32
	// Bias is b, Out values.
	Bias []float32
}

// Memories is what a fighter learned: the parameters of its model and where
// they came from. It changes every time the fighter is trained and saved.
type Memories struct {
	// Layers holds the parameters of each fully connected layer, from the
	// input side (Spec.Layers gives their shapes).
	Layers []Layer
	// Lineage says where the parameters came from.
	Lineage Lineage
}

// Lineage records how a Memories came to be. It is stored with the
// parameters (in the safetensors header, see EncodeMemories) so that a
// Memories blob is self-describing and has one content hash.
type Lineage struct {
	// Parent identifies the Memories these were trained from: a MemoriesHash
	// ("sha256:…") or an IPFS CID. Empty for a freshly minted Core.
	Parent string `json:"parent,omitempty"`
	// Init says how a minted Core's parameters were drawn (nil after
	// training from a parent).
	Init *InitRecord `json:"init,omitempty"`
	// Demonstrations identifies (by hash or CID) the demonstrations the
	// last training used.
	Demonstrations []string `json:"demonstrations,omitempty"`
	// Training is the configuration of the last training run.
	Training *TrainingRecord `json:"training,omitempty"`
	// Metrics are the final metrics of the last training run.
	Metrics *MetricsRecord `json:"metrics,omitempty"`
}

// InitRecord describes a seeded random initialisation.
type InitRecord struct {
	// Method is "he-uniform" for NewCore.
	Method string `json:"method"`
	// Seed is the seed NewCore was given.
	Seed uint64 `json:"seed"`
}

// TrainingRecord is the configuration of a training run, as the trainer
// filled it.
type TrainingRecord struct {
	// Method names the algorithm, e.g. "behavior-cloning".
	Method string `json:"method"`
	// Engine names the implementation that computed the gradients, e.g.
	// "gorgonia".
	Engine string `json:"engine,omitempty"`
	// Samples is how many demonstration samples were used (training and
	// held-out together).
	Samples  int     `json:"samples"`
	Epochs   int     `json:"epochs"`
	Batch    int     `json:"batch"`
	LR       float64 `json:"lr"`
	Holdout  float64 `json:"holdout"`
	Patience int     `json:"patience"`
	Seed     uint64  `json:"seed"`
	// ClassWeighting names how samples were weighted, e.g.
	// "inverse-frequency".
	ClassWeighting string `json:"class_weighting,omitempty"`
}

// MetricsRecord holds the final metrics of a training run: those of the
// epoch whose parameters were kept.
type MetricsRecord struct {
	// Epoch is the 1-based epoch whose parameters were kept.
	Epoch int `json:"epoch"`
	// EpochsRun is how many epochs ran before training stopped.
	EpochsRun       int     `json:"epochs_run"`
	TrainLoss       float64 `json:"train_loss"`
	HoldoutLoss     float64 `json:"holdout_loss"`
	HoldoutAccuracy float64 `json:"holdout_accuracy"`
}

// Core is a fighter's Brain (its Spec) with its Memories: everything needed
// to run its policy.
type Core struct {
	Spec     Spec
	Memories Memories
}

// NewCore mints a Core of the given spec with seeded random parameters:
// He-uniform weights, U(-√(6/in), √(6/in)), and zero biases, drawn from a
// SplitMix64 stream seeded with seed. The same spec and seed give the same
// bits on every machine. A fresh Core plays an arbitrary but deterministic
// policy.
func NewCore(spec Spec, seed uint64) (*Core, error) {
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("minting core: %w", err)
	}
	r := game.SplitMix64{State: seed}
	c := &Core{Spec: spec, Memories: Memories{Lineage: Lineage{Init: &InitRecord{Method: "he-uniform", Seed: seed}}}}
	for _, sh := range spec.Layers() {
		l := Layer{In: sh.In, Out: sh.Out, Weight: make([]float32, sh.In*sh.Out), Bias: make([]float32, sh.Out)}
		bound := math.Sqrt(6 / float64(sh.In))
		for i := range l.Weight {
			// u is uniform in [0, 1) with 53 random bits; 2u-1 is exact,
			// so the only roundings are the product and the conversion.
			u := float64(r.Next()>>11) * 0x1p-53
			v := float64(2*u - 1)
			l.Weight[i] = float32(float64(v * bound))
		}
		c.Memories.Layers = append(c.Memories.Layers, l)
	}
	return c, nil
}

// Clone returns a deep copy of c.
func (c *Core) Clone() *Core {
	d := &Core{Spec: c.Spec, Memories: c.Memories.clone()}
	d.Spec.Hidden = append([]int(nil), c.Spec.Hidden...)
	return d
}

func (m *Memories) clone() Memories {
	d := Memories{Layers: make([]Layer, len(m.Layers))}
	for i, l := range m.Layers {
		d.Layers[i] = Layer{In: l.In, Out: l.Out,
			Weight: append([]float32(nil), l.Weight...),
			Bias:   append([]float32(nil), l.Bias...)}
	}
	d.Lineage = m.Lineage.clone()
	return d
}

func (l *Lineage) clone() Lineage {
	d := *l
	d.Demonstrations = append([]string(nil), l.Demonstrations...)
	if l.Init != nil {
		v := *l.Init
		d.Init = &v
	}
	if l.Training != nil {
		v := *l.Training
		d.Training = &v
	}
	if l.Metrics != nil {
		v := *l.Metrics
		d.Metrics = &v
	}
	return d
}

// Validate checks that c's spec is valid and that its Memories match it:
// one layer per spec layer with the right shapes, every parameter finite and
// no larger in magnitude than MaxAbsParam, every lineage string safe to show.
// Its errors match ErrBadCore.
func (c *Core) Validate() error {
	if err := c.Spec.Validate(); err != nil {
		return err
	}
	if err := c.Memories.check(&c.Spec); err != nil {
		return err
	}
	return c.Memories.Lineage.check()
}

// check validates m's parameters against s; its errors match ErrBadCore.
func (m *Memories) check(s *Spec) error {
	return badCore(m.checkLayers(s))
}

// check refuses lineage text that could act on a terminal or a log when
// shown: control characters, line breaks, bidirectional overrides, bytes
// that are not UTF-8 (see internal/safetext), in every string field. Its
// errors match ErrBadCore.
func (l *Lineage) check() error {
	if err := safetext.CheckAll(l); err != nil {
		return badCore(fmt.Errorf("lineage: %w", err))
	}
	return nil
}

func (m *Memories) checkLayers(s *Spec) error {
	shapes := s.Layers()
	if len(m.Layers) != len(shapes) {
		return fmt.Errorf("memories have %d layers, brain %q has %d", len(m.Layers), s.Archetype, len(shapes))
	}
	for i, sh := range shapes {
		l := &m.Layers[i]
		if l.In != sh.In || l.Out != sh.Out {
			return fmt.Errorf("layer %d is %d→%d, brain says %d→%d", i, l.In, l.Out, sh.In, sh.Out)
		}
		if len(l.Weight) != sh.In*sh.Out || len(l.Bias) != sh.Out {
			return fmt.Errorf("layer %d has %d weights and %d biases, want %d and %d",
				i, len(l.Weight), len(l.Bias), sh.In*sh.Out, sh.Out)
		}
		if err := checkFinite(l.Weight); err != nil {
			return fmt.Errorf("layer %d weight: %w", i, err)
		}
		if err := checkFinite(l.Bias); err != nil {
			return fmt.Errorf("layer %d bias: %w", i, err)
		}
	}
	return nil
}

func checkFinite(v []float32) error {
	for i, x := range v {
		switch {
		case x != x:
			return fmt.Errorf("element %d is NaN", i)
		case x > MaxAbsParam || x < -MaxAbsParam:
			// Also catches ±Inf.
			return fmt.Errorf("element %d is %g, outside ±%d", i, x, MaxAbsParam)
		}
	}
	return nil
}
