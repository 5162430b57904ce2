// Package arena is what the desktop arena does, without a window: the
// players' controls and their key bindings, the arena's settings, a fight as a
// player sees it (rounds announced, hits, hitstop and shake, the KO), the
// Training mode that records a person's play and teaches it to their fighter,
// and the scenes a player moves between.
//
// It imports no Ebiten: package view draws what is here and feeds it the keys
// and gamepad buttons it reads, and the tests drive the same code with
// synthetic key events, on machines with no display.
//
// # Update and Draw
//
// The arena follows Ebiten's habit: Update changes state, Draw only reads it.
// Everything here is changed by Update-time calls (App.Update and what it
// calls); a view reads snapshots (Fight.View, the scene's fields) and changes
// nothing.
package arena
