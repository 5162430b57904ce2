package brain

import "github.com/dojo-arena/dojo/game"

// Features writes the float model's input for o into dst (len game.ObsLen):
// feature j is float32(o[j]) / game.ObsOne. Training and the float reference
// policy both read observations through it, so they cannot disagree.
func Features(dst []float32, o *game.Observation) {
	for j, v := range o {
		dst[j] = float32(v) / game.ObsOne
	}
}

// Argmax is the index of the largest value of z, the lowest index on ties:
// the action a Core's logits choose.
func Argmax(z []float32) int {
	best := 0
	for i, v := range z {
		if v > z[best] {
			best = i
		}
	}
	return best
}
