// Package view is the desktop arena's Ebiten front-end: it reads the
// keyboard and gamepads into the arena's input layer, runs the arena
// (package arena) once per tick, draws its scenes on a fixed 960×540 logical
// screen, and plays its sounds.
//
// Everything the arena decides is in package arena, which imports no Ebiten
// and is tested without a display; this package only reads devices, draws and
// plays sound. Following Ebiten's habits, Update changes state and Draw only
// reads it, and every image (sprites, portraits, the stage) is created once
// and reused.
//
// Ebiten opens a display when it loads: a binary or test that imports this
// package needs one (xvfb-run on a headless machine). Only this package and
// cmd/dojo-arena import Ebiten (DESIGN.md).
package view
