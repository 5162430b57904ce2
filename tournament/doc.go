// Package tournament runs fighters against each other at scale: seeded
// schedules (round robin, Swiss, single elimination, a gauntlet), Glicko-2
// ratings with Elo beside them, and a results document that anyone can
// re-check match by match.
package tournament
