// Package game is Dojo's deterministic fighting simulation: the stage, the
// fighters and their frame data, rounds and the match, the observation a
// Controller sees, scripted bots, and replays.
//
// Everything here is integer arithmetic on a fixed 60 Hz tick with a PRNG owned
// by the match: the same seed and inputs give the same state hashes on every
// machine and architecture. A step allocates nothing, iterates no maps and
// starts no goroutines.
//
// Every seeded match is seated by SeatMatch (side i's controller draws the
// seed Mix(seed, i+1)), and a Replay names both fighters by content
// (Seat.ID) under hashes that cover them, so Verify proves that the inputs
// give the result and Redrive that the named fighters give the inputs.
//
// The package imports nothing of the project and no Ebiten (see DESIGN.md):
// the view, the brain and the tournament servers all build on it, never the
// other way round.
package game
