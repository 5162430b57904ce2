package view

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/hajimehoshi/ebiten/v2"
)

// newTestGame makes a silent Game on a fresh data directory.
func newTestGame(t *testing.T) *Game {
	t.Helper()
	var g *Game
	var err error
	onUpdate(func() {
		g, err = New(arena.NewApp(t.TempDir(), 42), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// step runs n ticks of g with the devices as the test set them.
func step(t *testing.T, g *Game, n int) {
	t.Helper()
	onUpdate(func() {
		for range n {
			g.App.Dev.Update()
			if err := g.Step(); err != nil {
				t.Errorf("step: %v", err)
				return
			}
		}
	})
}

// shot draws g's current scene off screen and reads it back.
func shot(g *Game) *image.RGBA {
	var img *image.RGBA
	onDraw(func(*ebiten.Image) {
		off := ebiten.NewImage(ScreenWidth, ScreenHeight)
		defer off.Deallocate()
		g.Draw(off)
		img = Screenshot(off)
	})
	return img
}

// colours counts the distinct colours of img.
func colours(img *image.RGBA) int {
	seen := map[[3]uint8]bool{}
	for i := 0; i < len(img.Pix); i += 4 {
		seen[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	return len(seen)
}

// diff is the share of pixels of r that differ between a and b.
func diff(a, b *image.RGBA, r image.Rectangle) float64 {
	n, d := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			n++
			i := a.PixOffset(x, y)
			if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
				d++
			}
		}
	}
	return float64(d) / float64(n)
}

// A fight scene's picture is the stage with two fighters and the HUD on it:
// many colours, the fighters' sprites where their positions say, and health
// bars that are not the background.
func TestFightScreenshot(t *testing.T) {
	g := newTestGame(t)
	onUpdate(func() {
		opts := g.App.Options()
		g.App.StartFight(opts[0], opts[2]) // player 1 against the first bot
	})
	step(t, g, arena.IntroFrames+90)
	img := shot(g)
	if n := colours(img); n < 60 {
		t.Fatalf("the fight scene has %d colours: blank or nearly", n)
	}
	// The stage alone, for comparison: the fighters' boxes must differ
	// from it, an empty stretch of floor must not.
	var stage *image.RGBA
	onDraw(func(*ebiten.Image) {
		off := ebiten.NewImage(ScreenWidth, ScreenHeight)
		off.DrawImage(g.stage, nil)
		stage = Screenshot(off)
	})
	v := g.App.Fight.View()
	for i, f := range v.Fighters {
		x, y := int(f.X/256), floorY-int(f.Y/256)
		box := image.Rect(x-24, y-100, x+24, y).Intersect(img.Bounds())
		if d := diff(img, stage, box); d < 0.15 {
			t.Errorf("fighter %d: only %.0f%% of its box differs from the empty stage", i, 100*d)
		}
	}
	if d := diff(img, stage, image.Rect(20, 18, 400, 40)); d < 0.9 {
		t.Errorf("player 1's health bar: %.0f%% drawn", 100*d)
	}
	savePNG(t, "fight.png", img)
}

// Two Forms give two clearly different fighters; the same Form, rendered
// by two caches, the same pixels.
func TestFormsLookDifferent(t *testing.T) {
	render := func(l *looks, f assets.Form) *image.RGBA {
		var img *image.RGBA
		onDraw(func(*ebiten.Image) {
			off := ebiten.NewImage(assets.SpriteWidth*7, assets.SpriteHeight)
			defer off.Deallocate()
			for p := assets.Pose(0); p.Frames() > 0; p++ {
				op := &ebiten.DrawImageOptions{}
				op.GeoM.Translate(float64(p)*assets.SpriteWidth, 0)
				off.DrawImage(l.sprite(f, p, 0), op)
			}
			img = Screenshot(off)
		})
		return img
	}
	a, b := assets.RandomForm(3), assets.RandomForm(4)
	if a == b {
		t.Fatal("the seeds gave one Form")
	}
	ia, ib := render(newLooks(), a), render(newLooks(), b)
	again := render(newLooks(), a)
	r := ia.Bounds()
	if d := diff(ia, again, r); d != 0 {
		t.Fatalf("one Form rendered twice differs on %.2f%% of its pixels", 100*d)
	}
	// Share of the figure's pixels that differ.
	var figure, differ int
	for i := 0; i < len(ia.Pix); i += 4 {
		if ia.Pix[i+3] == 0 && ib.Pix[i+3] == 0 {
			continue
		}
		figure++
		if ia.Pix[i] != ib.Pix[i] || ia.Pix[i+1] != ib.Pix[i+1] || ia.Pix[i+2] != ib.Pix[i+2] || ia.Pix[i+3] != ib.Pix[i+3] {
			differ++
		}
	}
	if share := float64(differ) / float64(figure); share < 0.3 {
		t.Fatalf("two Forms differ on %.0f%% of their figures' pixels", 100*share)
	}
}

// Every scene draws something a player can read: not blank, and not the
// same picture as the title.
func TestScenesRender(t *testing.T) {
	g := newTestGame(t)
	title := shot(g)
	savePNG(t, "title.png", title)
	if colours(title) < 40 {
		t.Fatal("the title screen is nearly blank")
	}
	visit := []struct {
		name string
		go_  func(a *arena.App)
	}{
		{"select", func(a *arena.App) { a.Select() }},
		{"training", func(a *arena.App) { a.Training.Hub() }},
		{"settings", func(a *arena.App) { a.OpenSettings() }},
		{"replays", func(a *arena.App) { a.Replays.Open(a) }},
	}
	for _, v := range visit {
		onUpdate(func() { v.go_(g.App) })
		step(t, g, 2)
		img := shot(g)
		savePNG(t, v.name+".png", img)
		if colours(img) < 40 {
			t.Errorf("%s: nearly blank", v.name)
		}
		if diff(img, title, img.Bounds()) < 0.2 {
			t.Errorf("%s looks like the title screen", v.name)
		}
	}
}

// savePNG keeps a screenshot when DOJO_SHOTS names a directory (to look at
// them, and for the README).
func savePNG(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("DOJO_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "screenshot:", filepath.Join(dir, name))
}

// Going through many Forms (the Mint editor) keeps a bounded number of
// Forms' images, the ones on screen among them.
func TestLooksStayBounded(t *testing.T) {
	l := newLooks()
	onUpdate(func() {
		var last assets.Form
		for i := range 3 * maxLooks {
			last = assets.RandomForm(uint64(1000 + i))
			l.trim([]assets.Form{last})
			l.sprite(last, 0, 0)
			l.portrait(last)
		}
		if len(l.sprites) > maxLooks+1 || len(l.portraits) > maxLooks+1 {
			t.Errorf("%d Forms' sprites and %d portraits kept", len(l.sprites), len(l.portraits))
		}
		if _, ok := l.sprites[last.Codes()]; !ok {
			t.Error("the Form on screen was dropped")
		}
	})
}
