package training

import (
	"errors"
	"fmt"
	"math"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training/demo"
)

// Dataset is a set of demonstration samples for behaviour cloning: for each
// decision, the observation the demonstrator saw and the action id
// (index into the action space (game.Action)) it took. The observations
// stay in the compact, fixed-point form demonstrations are stored in
// (demo.Observations); each batch is turned into floats as it is trained
// on.
type Dataset struct {
	Obs     demo.Observations
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
		d.Weights = ones(d.Len())
	}
	d.Obs.Append(o)
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
func (d *Dataset) Len() int { return d.Obs.Len() }

// Validate reports whether d is usable: equal lengths, action ids below
// game.NumActions, weights finite and non-negative, and some weight.
func (d *Dataset) Validate() error {
	if d.Len() == 0 {
		return errors.New("dataset is empty")
	}
	if len(d.Actions) != d.Len() {
		return fmt.Errorf("dataset has %d observations but %d actions", d.Len(), len(d.Actions))
	}
	if d.Weights != nil && len(d.Weights) != d.Len() {
		return fmt.Errorf("dataset has %d observations but %d weights", d.Len(), len(d.Weights))
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

// HoldoutRun is the length of the runs of consecutive samples the holdout
// split keeps together.
const HoldoutRun = 32

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
	// w is sample i's weight before scaling; it is computed twice rather
	// than kept, to spare 8 bytes a sample.
	w := func(i int) float64 {
		v := class[ds.Actions[i]]
		if ds.Weights != nil {
			v *= float64(ds.Weights[i])
		}
		return v
	}
	var sum float64
	for _, i := range train {
		sum += w(i)
	}
	if sum == 0 {
		return nil, errors.New("every training sample has weight 0")
	}
	scale := float64(len(train)) / sum
	out := make([]float32, ds.Len())
	for i := range out {
		out[i] = float32(w(i) * scale)
	}
	return out, nil
}

// fillBatch writes the batch's features into x (Batch×Inputs) and its
// targets into t (Batch×Outputs): t[b][a] = weight/len(batch) for the
// demonstrated action a, 0 elsewhere. Rows past len(batch) are zero, so a
// short last batch pads with samples that weigh nothing.
func fillBatch(x, t []float32, ds *Dataset, batch []int, weights []float32) {
	fillRows(x, t, ds, batch, weights, 1/float32(len(batch)))
}

// fillRows is fillBatch for some rows of a batch: t[b][a] = weight·inv,
// inv being 1/len(batch) of the whole batch.
func fillRows(x, t []float32, ds *Dataset, samples []int, weights []float32, inv float32) {
	clear(x)
	clear(t)
	var o game.Observation
	for b, i := range samples {
		ds.Obs.Get(i, &o)
		brain.Features(x[b*game.ObsLen:(b+1)*game.ObsLen], &o)
		t[b*game.NumActions+int(ds.Actions[i])] = weights[i] * inv
	}
}

func shuffle(v []int, r *game.SplitMix64) {
	for i := len(v) - 1; i > 0; i-- {
		j := int(r.Next() % uint64(i+1))
		v[i], v[j] = v[j], v[i]
	}
}
