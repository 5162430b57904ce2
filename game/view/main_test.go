package view

import (
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// Ebiten runs on the main thread: TestMain runs the tests on another
// goroutine while a harness game runs on the main one, and tests hand it
// work to do inside Update or Draw (onUpdate, onDraw), where Ebiten's images
// can be made and read. The package's tests need a display: `make test`
// runs them under xvfb-run.
func TestMain(m *testing.M) {
	code := 0
	done := make(chan struct{})
	go func() {
		code = m.Run()
		close(done)
	}()
	ebiten.SetWindowTitle("Dojo test")
	ebiten.SetWindowSize(ScreenWidth, ScreenHeight)
	h := &harness{done: done}
	theHarness = h
	if err := ebiten.RunGame(h); err != nil && !errors.Is(err, ebiten.Termination) {
		panic(err)
	}
	<-done
	os.Exit(code)
}

type job struct {
	draw bool
	f    func(screen *ebiten.Image)
	done chan struct{}
}

type harness struct {
	done chan struct{}
	mu   sync.Mutex
	// game, when set, is updated on every tick with Ebiten's real input.
	game *Game
}

var jobs = make(chan job)

// theHarness is the running harness.
var theHarness *harness

// setGame makes the harness run g's Update, with Ebiten's real input, on
// every tick (nil stops it).
func (h *harness) setGame(g *Game) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.game = g
}

func (h *harness) Update() error {
	select {
	case <-h.done:
		return ebiten.Termination
	default:
	}
	h.mu.Lock()
	g := h.game
	h.mu.Unlock()
	if g != nil {
		if err := g.Update(); err != nil {
			return nil
		}
	}
	h.run(false, nil)
	return nil
}

func (h *harness) Draw(screen *ebiten.Image) {
	h.run(true, screen)
}

// run does the jobs waiting for this phase.
func (h *harness) run(draw bool, screen *ebiten.Image) {
	for {
		select {
		case j := <-jobs:
			if j.draw != draw {
				// Wrong phase: hand it back for the other one.
				go func() { jobs <- j }()
				return
			}
			j.f(screen)
			close(j.done)
		default:
			return
		}
	}
}

func (h *harness) Layout(int, int) (int, int) { return ScreenWidth, ScreenHeight }

// onDraw runs f inside Ebiten's Draw and waits for it.
func onDraw(f func(screen *ebiten.Image)) {
	j := job{draw: true, f: f, done: make(chan struct{})}
	jobs <- j
	<-j.done
}

// onUpdate runs f inside Ebiten's Update and waits for it.
func onUpdate(f func()) {
	j := job{f: func(*ebiten.Image) { f() }, done: make(chan struct{})}
	jobs <- j
	<-j.done
}
