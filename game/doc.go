// Package game is Dojo's deterministic fighting simulation: the stage, the
// fighters and their frame data, rounds and the match, the observation a
// Controller sees, scripted bots, and replays.
//
// Everything here is integer arithmetic on a fixed 60 Hz tick with a PRNG owned
// by the match: the same seed and inputs give the same state hashes on every
// machine and architecture. A step allocates nothing, iterates no maps and
// starts no goroutines.
//
// The package imports nothing of the project and no Ebiten (see DESIGN.md):
// the view, the brain and the tournament servers all build on it, never the
// other way round.
package game
