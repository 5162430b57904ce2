package brain

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// SpecFormatVersion versions the layout of Spec itself (the brain.json
// document). It changes only when fields are added, removed or reinterpreted.
const SpecFormatVersion = 1

// Activation names the nonlinearity between hidden layers.
type Activation string

// The activations a Brain may use. Only ReLU exists today: it is exact in
// integer arithmetic, which the match-time Policy needs.
const (
	ReLU Activation = "relu"
)

// Limits on a Spec. They bound the memory a Core can ask for when it is
// loaded from outside (a spec with absurd sizes is rejected before any
// parameter is read).
const (
	MaxHiddenLayers = 8
	MaxWidth        = 1024
)

// Archetypes a creator picks from at mint. Archetype names are part of the
// Brain and are shown to players.
const (
	// Swift is the small, fast Brain: ObsLen→64→64→16.
	Swift = "swift"
	// Sage is the larger Brain: ObsLen→128→128→16. It is the speed anchor of
	// the project (training and inference benchmarks use it).
	Sage = "sage"
)

// Spec is a Brain: the architecture of a fighter's model and the versions
// of the observation and action spaces it was built for. It is fixed at mint
// and stored as brain.json in a Core directory.
//
// The model is a multilayer perceptron: Inputs features, one fully connected
// layer per entry of Hidden followed by Activation, and a final fully
// connected layer to Outputs logits, one per action id of game.Action.
type Spec struct {
	// Format is SpecFormatVersion.
	Format int `json:"format"`
	// Archetype is the name the Brain was minted as, e.g. "sage".
	Archetype string `json:"archetype"`
	// ObsSpec is game.ObsSpecVersion: the observation layout the model reads.
	ObsSpec int `json:"obs_spec"`
	// ActionSpec is game.ActionSpecVersion: the meaning of each output.
	ActionSpec int `json:"action_spec"`
	// Inputs is game.ObsLen.
	Inputs int `json:"inputs"`
	// Hidden lists the hidden layer widths, from the input side.
	Hidden []int `json:"hidden"`
	// Activation is the hidden-layer nonlinearity (ReLU).
	Activation Activation `json:"activation"`
	// Outputs is game.NumActions.
	Outputs int `json:"outputs"`
	// Interval is the decision interval in ticks (game.DefaultInterval
	// unless the Brain was minted otherwise).
	Interval int `json:"interval"`
}

// archetypes holds the hidden widths of each archetype, in a fixed order.
var archetypes = []struct {
	name   string
	hidden []int
}{
	{Sage, []int{128, 128}},
	{Swift, []int{64, 64}},
}

// Archetypes lists the archetype names NewSpec accepts, sorted.
func Archetypes() []string {
	names := make([]string, len(archetypes))
	for i, a := range archetypes {
		names[i] = a.name
	}
	return names
}

// NewSpec returns the Spec of the named archetype for the current
// observation and action spec versions and the default decision interval.
func NewSpec(archetype string) (Spec, error) {
	for _, a := range archetypes {
		if a.name == archetype {
			return Spec{
				Format:     SpecFormatVersion,
				Archetype:  a.name,
				ObsSpec:    game.ObsSpecVersion,
				ActionSpec: game.ActionSpecVersion,
				Inputs:     game.ObsLen,
				Hidden:     append([]int(nil), a.hidden...),
				Activation: ReLU,
				Outputs:    game.NumActions,
				Interval:   game.DefaultInterval,
			}, nil
		}
	}
	return Spec{}, fmt.Errorf("unknown archetype %q (known: %v)", archetype, Archetypes())
}

// Validate reports every way s is inconsistent with itself or with the game
// this binary plays, joined into one error that matches ErrBadCore, or nil.
func (s *Spec) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if err := safetext.CheckAll(s); err != nil {
		bad("text: %w", err)
	}
	if s.Format != SpecFormatVersion {
		bad("brain format %d is not supported (this build reads %d)", s.Format, SpecFormatVersion)
	}
	known := false
	for _, a := range archetypes {
		if a.name == s.Archetype {
			known = true
			if !equalInts(a.hidden, s.Hidden) {
				bad("archetype %q has hidden layers %v, not %v", s.Archetype, a.hidden, s.Hidden)
			}
		}
	}
	if !known {
		bad("unknown archetype %q (known: %v)", s.Archetype, Archetypes())
	}
	if s.ObsSpec != game.ObsSpecVersion {
		bad("observation spec %d does not match the game's %d", s.ObsSpec, game.ObsSpecVersion)
	}
	if s.ActionSpec != game.ActionSpecVersion {
		bad("action spec %d does not match the game's %d", s.ActionSpec, game.ActionSpecVersion)
	}
	if s.Inputs != game.ObsLen {
		bad("inputs %d, want game.ObsLen = %d", s.Inputs, game.ObsLen)
	}
	if s.Outputs != game.NumActions {
		bad("outputs %d, want game.NumActions = %d", s.Outputs, game.NumActions)
	}
	if len(s.Hidden) == 0 || len(s.Hidden) > MaxHiddenLayers {
		bad("%d hidden layers, want 1 to %d", len(s.Hidden), MaxHiddenLayers)
	}
	for i, w := range s.Hidden {
		if w < 1 || w > MaxWidth {
			bad("hidden layer %d has width %d, want 1 to %d", i, w, MaxWidth)
		}
	}
	if s.Activation != ReLU {
		bad("activation %q is not supported (want %q)", s.Activation, ReLU)
	}
	if s.Interval < 1 || s.Interval > game.TickRate {
		bad("decision interval %d ticks, want 1 to %d", s.Interval, game.TickRate)
	}
	if len(errs) == 0 {
		return nil
	}
	return badCore(fmt.Errorf("invalid brain spec: %w", errors.Join(errs...)))
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// LayerShape is the shape of one fully connected layer: Out×In weights and
// Out biases.
type LayerShape struct{ In, Out int }

// Layers returns the shapes of the model's fully connected layers, from the
// input side: len(Hidden)+1 layers.
func (s *Spec) Layers() []LayerShape {
	shapes := make([]LayerShape, 0, len(s.Hidden)+1)
	in := s.Inputs
	for _, w := range s.Hidden {
		shapes = append(shapes, LayerShape{In: in, Out: w})
		in = w
	}
	return append(shapes, LayerShape{In: in, Out: s.Outputs})
}

// NumParams is the number of parameters (weights and biases) of the model.
func (s *Spec) NumParams() int {
	n := 0
	for _, l := range s.Layers() {
		n += l.Out*l.In + l.Out
	}
	return n
}

// MarshalSpec encodes s as the indented JSON stored in brain.json, after
// validating it.
func MarshalSpec(s Spec) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding brain spec: %w", err)
	}
	return append(b, '\n'), nil
}

// maxSpecBytes bounds brain.json: a valid one is a few hundred bytes.
const maxSpecBytes = 64 << 10

// UnmarshalSpec decodes and validates a brain.json document. It must be
// one strict JSON document (see internal/strictjson: no key given twice,
// UTF-8) with no unknown field, so that a newer format is not silently
// misread; its strings must be safe to show (no control characters). Every
// error matches ErrBadCore.
func UnmarshalSpec(data []byte) (Spec, error) {
	if len(data) > maxSpecBytes {
		return Spec{}, badCore(fmt.Errorf("decoding brain spec: %d bytes is more than the %d allowed", len(data), maxSpecBytes))
	}
	var s Spec
	if err := strictjson.Unmarshal(data, &s); err != nil {
		return Spec{}, badCore(fmt.Errorf("decoding brain spec: %w", err))
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}
