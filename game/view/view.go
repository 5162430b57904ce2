package view

import (
	"errors"
	"image"
	"time"

	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/hajimehoshi/ebiten/v2"
)

// Game is the arena as an ebiten.Game.
type Game struct {
	App *arena.App

	in    reader
	fonts *fonts
	looks *looks
	stage *ebiten.Image
	sound *Sound
	ticks int

	// Frames, when set, receives the time each Update and Draw took and
	// the time between draws (for the frame-time measurement).
	Frames *FrameTimes
	// AfterDraw, when set, is called with the screen after each Draw (for
	// screenshots).
	AfterDraw func(screen *ebiten.Image)
	// SkipRepeats draws nothing in a frame with no tick since the last one;
	// set it together with ebiten.SetScreenClearedEveryFrame(false).
	SkipRepeats bool

	lastDraw time.Time
	drawn    int // the tick the screen shows (-1: none yet)
}

// New makes the arena's Game. sound may be nil (no sound).
func New(app *arena.App, sound *Sound) (*Game, error) {
	f, err := newFonts()
	if err != nil {
		return nil, err
	}
	return &Game{App: app, fonts: f, looks: newLooks(), stage: newStage(), sound: sound, drawn: -1}, nil
}

// Update reads the devices and runs one tick of the arena.
func (g *Game) Update() error {
	start := time.Now()
	g.in.read(g.App.Dev)
	err := g.Step()
	if g.Frames != nil {
		g.Frames.update = append(g.Frames.update, time.Since(start))
	}
	return err
}

// Step runs one tick of the arena on the devices as they are (tests fill
// them themselves), plays the tick's sounds and prepares the images the
// next Draw needs.
func (g *Game) Step() error {
	err := g.App.Update()
	g.ticks++
	if g.sound != nil {
		g.sound.play(g.App.Settings.Sound, g.App.Sounds)
	}
	g.prepare()
	if errors.Is(err, arena.ErrQuit) {
		return ebiten.Termination
	}
	return err
}

// prepare renders the sprites of the Forms on screen, so that Draw never
// creates an image.
func (g *Game) prepare() {
	shown := g.formsShown()
	if f := g.App.Fight; f != nil {
		shown = append(shown, f.Entrants[0].Form, f.Entrants[1].Form)
	}
	g.looks.trim(shown)
	for _, form := range shown {
		g.looks.sprite(form, 0, 0)
		g.looks.portrait(form)
	}
}

// Draw draws the current scene. It changes nothing but its note of which
// tick the screen shows: a frame with no tick since the last (the display
// runs faster than 60 Hz) keeps the picture it has, which Ebiten keeps
// because the arena asks it not to clear the screen (SkipClear).
func (g *Game) Draw(screen *ebiten.Image) {
	if g.SkipRepeats && g.drawn == g.ticks {
		return
	}
	g.drawn = g.ticks
	start := time.Now()
	g.draw(screen)
	if g.AfterDraw != nil {
		g.AfterDraw(screen)
	}
	if g.Frames != nil {
		g.Frames.draw = append(g.Frames.draw, time.Since(start))
		if !g.lastDraw.IsZero() {
			g.Frames.interval = append(g.Frames.interval, start.Sub(g.lastDraw))
		}
		g.lastDraw = start
	}
}

// Layout fixes the logical screen at 960×540; Ebiten scales it to the window.
func (g *Game) Layout(int, int) (int, int) { return ScreenWidth, ScreenHeight }

// FrameTimes collects how long frames take.
type FrameTimes struct {
	update, draw, interval []time.Duration
}

// Samples returns the collected Update times, Draw times and intervals
// between draws.
func (f *FrameTimes) Samples() (update, draw, interval []time.Duration) {
	return f.update, f.draw, f.interval
}

// Screenshot copies the screen into an RGBA image (call it from Draw, or
// AfterDraw).
func Screenshot(screen *ebiten.Image) *image.RGBA {
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	return img
}
