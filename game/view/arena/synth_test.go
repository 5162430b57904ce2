package arena

import (
	"testing"
	"time"

	"github.com/dojo-arena/dojo/game"
)

// synthPlayer is a synthetic person at the keyboard: a bot decides, on the
// decision ticks a Brain would have, what to hold, and the player presses and
// releases player 1's bound keys to hold it, through the arena's own input
// layer (Devices.Press and Release).
type synthPlayer struct {
	bot  game.Controller
	held game.Input // world directions: the keys as pressed
	obs  game.Observation
}

// frame plays one frame: it decides (when the next Update is a live game
// step on a decision tick) and turns the change in buttons into key events,
// then updates the devices and the app.
func (s *synthPlayer) frame(t *testing.T, a *App) {
	t.Helper()
	f := a.Fight
	if s.bot != nil && f != nil && a.Paused == nil && f.Phase() == PhaseLive && !f.Driver.Match.Over &&
		f.Driver.Match.RoundTick%game.DefaultInterval == 0 {
		f.Driver.Match.Observe(0, &s.obs)
		in := s.bot.Decide(&s.obs) & game.AllButtons
		if s.obs.Mirrored() {
			in = in.Mirror()
		}
		s.set(a, in)
	}
	a.Dev.Update()
	if err := a.Update(); err != nil {
		t.Fatal(err)
	}
}

// set presses and releases player 1's keys so that in is held.
func (s *synthPlayer) set(a *App, in game.Input) {
	for b := range NumButtons {
		k := a.Settings.Keys[0][b]
		was, now := s.held&b.Input() != 0, in&b.Input() != 0
		switch {
		case now && !was:
			a.Dev.Press(k)
		case was && !now:
			a.Dev.Release(k)
		}
	}
	s.held = in
}

// tap presses key for one frame and releases it on the next.
func tap(t *testing.T, a *App, key Key) {
	t.Helper()
	if err := a.Tap(key); err != nil {
		t.Fatal(err)
	}
}

// choose picks the menu item labelled label, as a player would.
func choose(t *testing.T, a *App, label string) {
	t.Helper()
	if err := a.Choose(label); err != nil {
		t.Fatal(err)
	}
}

// waitBriefly lets the background training run between bursts of frames,
// as a real frame's wait for vsync does.
func waitBriefly() { time.Sleep(2 * time.Millisecond) }

// waitJob runs frames until the Token scene's mint or save is done.
func waitJob(t *testing.T, a *App) TokenState {
	t.Helper()
	if a.Scene != SceneToken || a.Job == nil {
		t.Fatalf("scene %v: no mint or save under way", a.Scene)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for !a.jobSeen {
		if time.Now().After(deadline) {
			t.Fatal("the mint or save did not finish")
		}
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		waitBriefly()
	}
	return a.Job.State()
}
