package view

import (
	"image"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/game/view/arena"
)

// tour drives one arena through every scene as a player would, with key
// presses through its input layer.
type tour struct {
	t    *testing.T
	g    *Game
	last *image.RGBA
	seen map[string]bool
}

// do runs f inside Ebiten's Update.
func (tr *tour) do(f func(a *arena.App) error) {
	tr.t.Helper()
	var err error
	onUpdate(func() { err = f(tr.g.App) })
	if err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *tour) choose(label string) {
	tr.t.Helper()
	tr.do(func(a *arena.App) error { return a.Choose(label) })
}

func (tr *tour) tap(k arena.Key) {
	tr.t.Helper()
	tr.do(func(a *arena.App) error { return a.Tap(k) })
}

// frames runs n ticks; before each, hold (if set) chooses what to hold.
func (tr *tour) frames(n int, hold func(i int, d *arena.Devices)) {
	tr.t.Helper()
	onUpdate(func() {
		for i := range n {
			if hold != nil {
				hold(i, tr.g.App.Dev)
			}
			tr.g.App.Dev.Update()
			if err := tr.g.Step(); err != nil {
				tr.t.Errorf("tick: %v", err)
				return
			}
		}
	})
}

// until runs ticks (letting background work run) until done says so.
func (tr *tour) until(what string, done func(a *arena.App) bool) {
	tr.t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		ok := false
		onUpdate(func() {
			for range 30 {
				tr.g.App.Dev.Update()
				_ = tr.g.Step()
				if ok = done(tr.g.App); ok {
					return
				}
			}
		})
		if ok {
			return
		}
		if time.Now().After(deadline) {
			tr.t.Fatalf("%s did not happen", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// shot takes a screenshot of the scene, checks it is a picture and not the
// last one again, and keeps it under name.
func (tr *tour) shot(name string, scene arena.Scene) {
	tr.t.Helper()
	if got := tr.g.App.Scene; got != scene {
		tr.t.Fatalf("%s: the arena shows scene %v, want %v (notice: %q)", name, got, scene, tr.g.App.Notice)
	}
	onUpdate(tr.g.prepare)
	img := shot(tr.g)
	if n := colours(img); n < 40 {
		tr.t.Errorf("%s: %d colours, nearly blank", name, n)
	}
	if tr.last != nil && diff(img, tr.last, img.Bounds()) < 0.02 {
		tr.t.Errorf("%s looks like the screen before it", name)
	}
	tr.last = img
	tr.seen[name] = true
	savePNG(tr.t, name+".png", img)
}

// walkAndJab holds right and taps light every 16 ticks (player 1).
func walkAndJab(i int, d *arena.Devices) {
	d.Press("D")
	if i%16 < 2 {
		d.Press("J")
	} else {
		d.Release("J")
	}
}

func releaseAll(_ int, d *arena.Devices) { d.SetKeys(nil) }

// Every scene is reached by keys alone and draws a readable picture:
// title, fight set-up, fight and its pause menu, Mint and its outcome,
// Training, Record, Sessions, Teach, Watch, Correct, Save, the results of a
// fight, Replays and the replay player, Settings and a rebinding.
func TestTourEveryScene(t *testing.T) {
	if testing.Short() {
		t.Skip("plays, trains and mints")
	}
	g := newTestGame(t)
	t.Cleanup(g.App.Tokens.Close)
	tr := &tour{t: t, g: g, seen: map[string]bool{}}
	tr.shot("title", arena.SceneTitle)

	tr.choose("Fight")
	tr.shot("select", arena.SceneSelect)
	tr.choose("Start")
	tr.frames(arena.IntroFrames/2, nil)
	tr.shot("round", arena.SceneFight)
	tr.frames(arena.IntroFrames/2+150, walkAndJab)
	tr.frames(1, releaseAll)
	tr.shot("fight", arena.SceneFight)
	tr.tap("Escape")
	tr.shot("pause", arena.SceneFight)
	tr.choose("Quit to the title")

	tr.choose("Mint")
	tr.shot("mint", arena.SceneMint)
	tr.tap("ArrowDown")
	tr.tap("ArrowDown")
	tr.tap("ArrowRight") // another head
	tr.choose("Create the fighter")
	tr.until("the mint", func(a *arena.App) bool { return a.Job.State().Done })
	tr.shot("minted", arena.SceneToken)
	if st := g.App.Job.State(); st.Err != nil {
		t.Fatal(st.Err)
	}
	tr.choose("Back to Training")
	tr.shot("training", arena.SceneTraining)

	tr.choose("Record my play")
	tr.frames(arena.IntroFrames+300, walkAndJab)
	tr.shot("record", arena.SceneRecord)
	tr.until("the end of the recorded match", func(a *arena.App) bool {
		if a.Scene != arena.SceneRecord {
			return true
		}
		walkAndJab(int(a.Fight.Driver.Match.Tick), a.Dev)
		return false
	})
	tr.frames(1, releaseAll)
	tr.choose("Sessions")
	tr.shot("sessions", arena.SceneSessions)
	tr.tap("Escape")
	tr.choose("Teach")
	tr.until("Teach", func(a *arena.App) bool { return a.Training.TeachState.Done })
	tr.shot("teach", arena.SceneTeach)
	tr.choose("Watch my fighter")
	tr.frames(arena.IntroFrames+1000, nil) // enough decisions for the style distance
	tr.shot("watch", arena.SceneWatch)
	if _, ok := g.App.Training.StyleDistance(); !ok {
		t.Error("Watch shows no style distance after 1000 frames")
	}
	tr.tap("Escape")
	tr.choose("Back to Training")
	tr.choose("Correct my fighter")
	tr.frames(arena.IntroFrames+200, nil)
	tr.frames(20, func(_ int, d *arena.Devices) { d.Press("A") })
	tr.shot("correct", arena.SceneCorrect)
	tr.frames(1, releaseAll)
	tr.tap("Escape")
	tr.choose("Stop and keep the corrections")
	tr.choose("Save to my token")
	tr.until("the save", func(a *arena.App) bool { return a.Job.State().Done })
	tr.shot("saved", arena.SceneToken)
	tr.choose("Back to Training")
	tr.tap("Escape")

	// Two bots fight to the end; the replay is saved and played again.
	tr.choose("Fight")
	tr.tap("ArrowUp") // the Player 2 side row
	tr.tap("ArrowUp") // the Player 1 side row
	tr.tap("ArrowLeft")
	tr.choose("Start")
	tr.until("the end of the fight", func(a *arena.App) bool { return a.Scene == arena.SceneResults })
	tr.shot("results", arena.SceneResults)
	tr.choose("Save the replay")
	tr.choose("Back")
	tr.tap("Escape")
	tr.choose("Replays")
	tr.shot("replays", arena.SceneReplays)
	tr.tap("Enter")
	tr.frames(arena.IntroFrames+240, nil)
	tr.tap("Space")
	tr.tap("ArrowRight")
	tr.shot("replay", arena.SceneReplay)
	tr.tap("Escape")
	tr.tap("Escape")

	tr.choose("Settings")
	tr.shot("settings", arena.SceneSettings)
	tr.tap("ArrowDown")
	tr.tap("Enter")
	tr.shot("rebind", arena.SceneSettings)
	tr.tap("Escape")
}
