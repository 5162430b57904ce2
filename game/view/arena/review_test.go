package arena

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// Two copies of one fighter (the hub's and a save's) each change
// fighter.json: neither undoes the other.
func TestFighterCopiesDoNotUndoEachOther(t *testing.T) {
	a := NewApp(t.TempDir(), 1)
	f := localFighter(t, a)
	other, err := LoadFighter(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	trained := f.Core.Clone()
	trained.Memories.Lineage.Parent = "sha256:trained"
	if err := f.SetCore(trained); err != nil { // Teach adopts, on one copy
		t.Fatal(err)
	}
	if err := other.SetSaved(7, "bafkreitest"); err != nil { // a save lands, on the other
		t.Fatal(err)
	}
	disk, err := LoadFighter(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := trained.ID()
	if id, _ := disk.Core.ID(); id != want || disk.Token != 7 || disk.Saved != "bafkreitest" {
		t.Fatalf("on disk: core %d (%s), token %d, saved %q", disk.CoreN, id, disk.Token, disk.Saved)
	}
	if id, _ := other.Core.ID(); id != want {
		t.Fatal("the copy that saved still holds the old Core")
	}
}

// Quitting a fight from its pause menu leaves no pause menu behind.
func TestQuitTheFightClearsThePause(t *testing.T) {
	a := NewApp(t.TempDir(), 2)
	choose(t, a, "Fight")
	choose(t, a, "Start")
	tap(t, a, "Escape")
	choose(t, a, "Quit the fight")
	if a.Scene != SceneSelect || a.Paused != nil {
		t.Fatalf("scene %v, paused %v", a.Scene, a.Paused != nil)
	}
}

// A replay never takes the name of a file already there, its sidecar
// included, and no file is overwritten.
func TestReplaySaveNeverOverwrites(t *testing.T) {
	a := NewApp(t.TempDir(), 3)
	if err := os.MkdirAll(a.Replays.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(a.Replays.Dir, "00001.json")
	if err := os.WriteFile(stale, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	opts := a.Options()
	a.StartFight(opts[2], opts[3])
	for a.Scene != SceneResults {
		a.Dev.Update()
		_ = a.Update()
	}
	name, err := a.Replays.Save(a.Fight)
	if err != nil || name != "00002" {
		t.Fatalf("saved as %q (%v), want 00002", name, err)
	}
	if data, _ := os.ReadFile(stale); string(data) != "mine" {
		t.Fatal("the file already there was overwritten")
	}
}

// A settings.json the arena cannot read is moved aside, not overwritten,
// when the settings are first saved.
func TestUnreadableSettingsAreKept(t *testing.T) {
	dir := t.TempDir()
	arenaDir := filepath.Join(dir, "arena")
	if err := os.MkdirAll(arenaDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(arenaDir, "settings.json"), []byte(`{"version":9}`), 0o600); err != nil {
		t.Fatal(err)
	}
	a := NewApp(dir, 4)
	choose(t, a, "Settings")
	choose(t, a, "Sound")
	kept, err := os.ReadFile(filepath.Join(arenaDir, "settings.json.unreadable-1"))
	if err != nil || string(kept) != `{"version":9}` {
		t.Fatalf("the unreadable file: %q %v", kept, err)
	}
	if s, err := LoadSettings(arenaDir); err != nil || s.Sound {
		t.Fatalf("the new settings: %+v %v", s, err)
	}
}

// A mint that finishes while the player records another fighter does not
// change the fighter of the recording: stopping and discarding it acts on
// the fighter that was recorded.
func TestMintFinishingDuringARecording(t *testing.T) {
	a := NewApp(t.TempDir(), 5)
	t.Cleanup(a.Tokens.Close)
	b := localFighter(t, a)
	a.Mint = &MintEditor{Codes: assets.RandomForm(1).Codes()}
	a.Training.Hub()
	a.jobForm = a.Mint.Form()
	a.Job = a.Tokens.Mint(MintRequest{Name: "Later", Archetype: brain.Swift, Form: a.jobForm, Seed: 3})
	a.jobName, a.jobSeen = "Later", false
	choose(t, a, "Record my play")
	if a.Scene != SceneRecord {
		t.Fatalf("scene %v", a.Scene)
	}
	a.Job.Wait()
	for range IntroFrames + 50 {
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
	}
	if !a.jobSeen {
		t.Fatal("the mint's result was not taken")
	}
	tap(t, a, "Escape")
	choose(t, a, "Stop and discard it")
	if !strings.Contains(a.Notice+strings.Join(a.notices, "|"), "discarded") {
		t.Fatalf("notices: %q %q", a.Notice, a.notices)
	}
	if _, err := os.Stat(filepath.Join(b.Dir, "discarded", "0001.demo")); err != nil {
		t.Fatalf("the recorded fighter's session was not discarded: %v", err)
	}
	if cur := a.Training.Fighter(); cur == nil || cur.Dir != b.Dir {
		t.Fatalf("the current fighter changed under the recording to %v", cur)
	}
	if len(a.Training.Fighters) != 2 {
		t.Fatalf("%d fighters after the mint", len(a.Training.Fighters))
	}
}

// Watch's action usage: the player's most frequent actions, with the
// fighter's share of each, from their decisions.
func TestActionShares(t *testing.T) {
	tr := &Training{PlayerStyle: &training.StyleProfile{}, Mind: &Mind{}}
	var o game.Observation
	s := training.Situation(&o)
	tr.PlayerStyle.Decisions[s][7] = 60 // jab
	tr.PlayerStyle.Decisions[s][2] = 30 // walk forward
	tr.PlayerStyle.Decisions[s][0] = 10 // wait: not listed
	tr.Mind.Style.Decisions[s][7] = 50
	tr.Mind.Style.Decisions[s][10] = 150
	tr.Mind.Decisions = 199
	if tr.ActionShares(2) != nil {
		t.Fatal("shares shown before 200 decisions were watched")
	}
	tr.Mind.Decisions = 200
	got := tr.ActionShares(2)
	if len(got) != 2 || got[0] != (ActionShare{Action: 7, You: 0.6, It: 0.25}) || got[1] != (ActionShare{Action: 2, You: 0.3, It: 0}) {
		t.Fatalf("shares %+v", got)
	}
}
