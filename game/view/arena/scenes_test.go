package arena

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training/demo"
)

// localFighter gives the app a local fighter (no token) and shows Training.
func localFighter(t *testing.T, a *App) *Fighter {
	t.Helper()
	f, err := a.Training.NewFighter("Tester", brain.Swift, assets.RandomForm(9), 9)
	if err != nil {
		t.Fatal(err)
	}
	a.Training.Hub()
	return f
}

// recordFor plays a recorded session for n frames of live play with a
// persona at the keys, then stops it through the pause menu.
func recordFor(t *testing.T, a *App, n int, seed uint64) {
	t.Helper()
	choose(t, a, "Record my play")
	bot, _ := game.NewPersona("wall", seed)
	p := &synthPlayer{bot: bot}
	for range IntroFrames + n {
		p.frame(t, a)
	}
	p.set(a, 0)
	tap(t, a, "Escape")
	choose(t, a, "Stop and keep the recording")
}

// Sessions: Enter leaves a session out of Teach (and back in), Delete
// discards one (moved, not deleted), and Teach trains on the chosen ones
// only.
func TestSessionsChooseAndDiscard(t *testing.T) {
	a := NewApp(t.TempDir(), 3)
	f := localFighter(t, a)
	for i := range 3 {
		recordFor(t, a, 600, uint64(i))
	}
	sess, err := f.Sessions()
	if err != nil || len(sess) != 3 {
		t.Fatalf("%d sessions (%v)", len(sess), err)
	}
	choose(t, a, "Sessions")
	if a.Scene != SceneSessions {
		t.Fatalf("scene %v", a.Scene)
	}
	tap(t, a, "Enter") // the first: left out
	tap(t, a, "ArrowDown")
	tap(t, a, "Delete") // the second: discarded
	sess, _ = f.Sessions()
	if len(sess) != 2 || sess[0].Chosen || !sess[1].Chosen || sess[1].Name != "0003.demo" {
		t.Fatalf("after leaving out 0001 and discarding 0002: %+v", sess)
	}
	if _, err := os.Stat(filepath.Join(f.Dir, "discarded", "0002.demo")); err != nil {
		t.Fatalf("the discarded session is not kept: %v", err)
	}
	tap(t, a, "Escape")
	choose(t, a, "Teach")
	for !a.Training.TeachState.Done {
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		waitBriefly()
	}
	if st := a.Training.TeachState; st.Err != nil || st.Samples != sess[1].Decisions {
		t.Fatalf("Teach trained on %d decisions (%v); the one chosen session holds %d", st.Samples, st.Err, sess[1].Decisions)
	}
	// And back in.
	choose(t, a, "Back to Training")
	choose(t, a, "Sessions")
	tap(t, a, "Enter")
	if sess, _ = f.Sessions(); !sess[0].Chosen {
		t.Fatal("Enter did not choose the session again")
	}
}

// Correct: the fighter plays until the player holds a button; the windows
// the player took over are recorded as corrections labelled with what the
// player did, the others with the fighter's own action.
func TestCorrectRecordsTakeovers(t *testing.T) {
	a := NewApp(t.TempDir(), 4)
	f := localFighter(t, a)
	choose(t, a, "Correct my fighter")
	if a.Scene != SceneCorrect {
		t.Fatalf("scene %v", a.Scene)
	}
	const hold = 40 // ticks the player blocks
	for i := range IntroFrames + 400 {
		live := i - IntroFrames
		if live >= 200 && live < 200+hold {
			a.Dev.Press(a.Settings.Keys[0][BBlock])
		} else {
			a.Dev.Release(a.Settings.Keys[0][BBlock])
		}
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
	}
	c := a.Training.Correcting
	if c == nil || c.Takeovers != hold {
		t.Fatalf("the player took over for %v ticks, want %d", c, hold)
	}
	tap(t, a, "Escape")
	choose(t, a, "Stop and keep the corrections")
	sess, _ := f.Sessions()
	if len(sess) != 1 || sess[0].Kind != "correct" {
		t.Fatalf("sessions after Correct: %+v", sess)
	}
	set, err := demo.Load(sess[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	block := game.TickAction(game.Block)
	corrections := 0
	for i := range set.Len() {
		if set.Flags[i]&demo.Correction == 0 {
			continue
		}
		corrections++
		if int(set.Actions[i]) != block {
			t.Fatalf("correction %d is labelled %d, the player blocked (%d)", i, set.Actions[i], block)
		}
	}
	// 40 ticks of blocking cover 10 or 11 windows of 4.
	if corrections < hold/4 || corrections > hold/4+1 {
		t.Fatalf("%d corrections recorded for %d ticks of takeover", corrections, hold)
	}
	if set.Len() < 90 {
		t.Fatalf("only %d decisions recorded in 400 ticks", set.Len())
	}
}

// The replay player plays a saved fight back to the same final state; pause
// stops it, a frame step advances one tick, and the speeds change how many
// ticks a frame plays.
func TestReplayPlayer(t *testing.T) {
	a := NewApp(t.TempDir(), 6)
	opts := a.Options()
	a.StartFight(opts[2], opts[3]) // two bots
	for a.Scene != SceneResults {
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
	}
	want := a.Fight.Driver.Match.Result().FinalHash
	choose(t, a, "Save the replay")
	choose(t, a, "Back")
	tap(t, a, "Escape")
	choose(t, a, "Replays")
	if a.Scene != SceneReplays || len(a.Replays.List) != 1 {
		t.Fatalf("scene %v, %d replays", a.Scene, len(a.Replays.List))
	}
	tap(t, a, "Enter")
	if a.Scene != SceneReplay {
		t.Fatalf("scene %v (%s)", a.Scene, a.Notice)
	}
	run := func(n int) {
		for range n {
			a.Dev.Update()
			if err := a.Update(); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(IntroFrames + 20)
	tick, total := a.Replays.Tick(a.Fight)
	if tick == 0 || total == 0 {
		t.Fatalf("the replay is at tick %d of %d", tick, total)
	}
	tap(t, a, "Space") // pause
	t0, _ := a.Replays.Tick(a.Fight)
	run(30)
	if t1, _ := a.Replays.Tick(a.Fight); t1 != t0 {
		t.Fatalf("paused, the replay moved from %d to %d", t0, t1)
	}
	tap(t, a, "ArrowRight")
	if t1, _ := a.Replays.Tick(a.Fight); t1 != t0+1 {
		t.Fatalf("a frame step went from %d to %d", t0, t1)
	}
	tap(t, a, "Space")   // resume
	tap(t, a, "ArrowUp") // 2x
	tap(t, a, "ArrowUp") // 4x
	if Speeds[a.Replays.Speed] != 4 {
		t.Fatalf("speed %gx", Speeds[a.Replays.Speed])
	}
	t0, _ = a.Replays.Tick(a.Fight)
	run(10)
	if t1, _ := a.Replays.Tick(a.Fight); t1-t0 < 30 { // 4 a frame, less any round breaks
		t.Fatalf("at 4x, 10 frames went from tick %d to %d", t0, t1)
	}
	for a.Fight.Phase() != PhaseOver {
		run(1)
	}
	if got := a.Fight.Driver.Match.Result().FinalHash; got != want {
		t.Fatalf("the replay ended in state %x, the fight in %x", got, want)
	}
}

// A gamepad alone reaches the scenes: the d-pad moves, A confirms, B goes
// back, Start pauses a fight.
func TestMenusByGamepad(t *testing.T) {
	a := NewApp(t.TempDir(), 7)
	press := func(b PadButton) {
		t.Helper()
		a.Dev.SetPad(0, Pad{Connected: true, Buttons: 1 << b})
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		a.Dev.SetPad(0, Pad{Connected: true})
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
	}
	press(PadDown) // Training
	press(PadA)
	if a.Scene != SceneTraining {
		t.Fatalf("d-pad down and A lead to %v", a.Scene)
	}
	press(PadB)
	if a.Scene != SceneTitle {
		t.Fatalf("B leads to %v", a.Scene)
	}
	press(PadA) // Fight
	press(PadA) // Start (the cursor starts there)
	if a.Scene != SceneFight {
		t.Fatalf("A, A leads to %v", a.Scene)
	}
	press(PadStart)
	if a.Paused == nil {
		t.Fatal("Start did not pause the fight")
	}
	press(PadStart)
	if a.Paused != nil {
		t.Fatal("Start did not resume the fight")
	}
}

// Settings: a button is rebound by pressing the new key, the new key plays
// at once, sound goes off, and both are saved in the data directory.
func TestRebindAndSoundSaved(t *testing.T) {
	dir := t.TempDir()
	a := NewApp(dir, 8)
	choose(t, a, "Settings")
	choose(t, a, "Sound")
	if a.Settings.Sound {
		t.Fatal("Sound is still on")
	}
	choose(t, a, "Player 1  light")
	if a.Rebind == nil {
		t.Fatal("no key is awaited")
	}
	tap(t, a, "Z")
	if a.Rebind != nil || a.Settings.Keys[0][BLight] != "Z" {
		t.Fatalf("light is bound to %s", a.Settings.Keys[0][BLight])
	}
	a.Dev.Press("Z")
	a.Dev.Update()
	if a.Dev.Buttons(0) != BLight.Input() {
		t.Fatalf("Z plays %v", a.Dev.Buttons(0))
	}
	saved, err := LoadSettings(filepath.Join(dir, "arena"))
	if err != nil || saved.Keys[0][BLight] != "Z" || saved.Sound {
		t.Fatalf("saved %+v (%v)", saved, err)
	}
	// A new arena on the same directory starts with them.
	if b := NewApp(dir, 9); b.Settings != saved {
		t.Fatal("a new arena does not read the saved settings")
	}
}
