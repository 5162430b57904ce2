package training

import (
	"sort"

	"github.com/dojo-arena/dojo/game"
)

// Baselines are the cheap imitations a clone must beat: if a constant
// action or a handful of rules imitates a teacher as well as a trained
// Core, the measure says nothing about learning.

// Constant always takes one action.
type Constant int

// Action implements brain.Actor.
func (c Constant) Action(*game.Observation) int { return int(c) }

// Majority is the Constant of the most frequent action in ds (by weight),
// the lowest id on ties.
func Majority(ds Dataset) Constant {
	var w [game.NumActions]float64
	for i, a := range ds.Actions {
		w[a] += float64(weight(ds, i))
	}
	best := 0
	for a := range w {
		if w[a] > w[best] {
			best = a
		}
	}
	return Constant(best)
}

func weight(ds Dataset, i int) float32 {
	if ds.Weights == nil {
		return 1
	}
	return ds.Weights[i]
}

// Tree is a small decision tree over observation features: each inner node
// sends an observation left when feature Feature is at most Threshold.
type Tree struct {
	Leaf      bool
	Label     int // the leaf's action
	Feature   int
	Threshold int32
	Left      *Tree
	Right     *Tree
}

// Action implements brain.Actor.
func (t *Tree) Action(o *game.Observation) int {
	for !t.Leaf {
		if o[t.Feature] <= t.Threshold {
			t = t.Left
		} else {
			t = t.Right
		}
	}
	return t.Label
}

// Leaves is the number of leaves.
func (t *Tree) Leaves() int {
	if t.Leaf {
		return 1
	}
	return t.Left.Leaves() + t.Right.Leaves()
}

// FitTree fits a decision tree of at most depth levels of splits to ds by
// greedy Gini impurity (CART), sample weights included. Ties go to the
// lowest feature and threshold, so the same data gives the same tree.
func FitTree(ds Dataset, depth int) *Tree {
	idx := make([]int, ds.Len())
	obs := make([]game.Observation, ds.Len())
	for i := range idx {
		idx[i] = i
		ds.Obs.Get(i, &obs[i])
	}
	return fitNode(ds, obs, idx, depth)
}

// fitNode fits the subtree of the samples idx; obs holds ds's observations
// decoded.
func fitNode(ds Dataset, obs []game.Observation, idx []int, depth int) *Tree {
	var counts [game.NumActions]float64
	for _, i := range idx {
		counts[ds.Actions[i]] += float64(weight(ds, i))
	}
	leaf := &Tree{Leaf: true, Label: argmax(counts[:])}
	if depth == 0 || len(idx) < 2 {
		return leaf
	}
	best := gini(counts[:])
	found := false
	var bf int
	var bt int32
	order := make([]int, len(idx))
	for f := 0; f < game.ObsLen; f++ {
		copy(order, idx)
		sort.SliceStable(order, func(a, b int) bool { return obs[order[a]][f] < obs[order[b]][f] })
		var left [game.NumActions]float64
		right := counts
		for k := 0; k+1 < len(order); k++ {
			i := order[k]
			w := float64(weight(ds, i))
			left[ds.Actions[i]] += w
			right[ds.Actions[i]] -= w
			v, next := obs[i][f], obs[order[k+1]][f]
			if v == next {
				continue
			}
			g := gini(left[:]) + gini(right[:])
			if g < best-1e-9 {
				best, bf, bt, found = g, f, v, true
			}
		}
	}
	if !found {
		return leaf
	}
	var l, r []int
	for _, i := range idx {
		if obs[i][bf] <= bt {
			l = append(l, i)
		} else {
			r = append(r, i)
		}
	}
	return &Tree{Feature: bf, Threshold: bt, Left: fitNode(ds, obs, l, depth-1), Right: fitNode(ds, obs, r, depth-1)}
}

// gini is the weighted Gini impurity of a node with these class weights:
// total weight times (1 - Σ p²), so that children's values add up.
func gini(c []float64) float64 {
	var n, s float64
	for _, v := range c {
		n += v
		s += v * v
	}
	if n == 0 {
		return 0
	}
	return n - s/n
}

func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}
