package arena

import (
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

func TestDefaultKeymapsAreValid(t *testing.T) {
	k := DefaultKeymaps()
	if err := k.Check(); err != nil {
		t.Fatal(err)
	}
	if len(KeyNames) > 128 {
		t.Fatalf("%d key names do not fit a keySet", len(KeyNames))
	}
}

func TestKeymapsCheckRefuses(t *testing.T) {
	for name, edit := range map[string]func(*Keymaps){
		"unknown key":          func(k *Keymaps) { k[0][BLight] = "Banana" },
		"empty":                func(k *Keymaps) { k[1][BDash] = "" },
		"menu key":             func(k *Keymaps) { k[0][BBlock] = "Escape" },
		"twice for one player": func(k *Keymaps) { k[0][BHeavy] = k[0][BLight] },
		"shared by both":       func(k *Keymaps) { k[1][BLeft] = k[0][BLeft] },
	} {
		k := DefaultKeymaps()
		edit(&k)
		if err := k.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Rebinding a key that is in use swaps it with the old key, so no button is
// left unbound and no key does two things.
func TestAssignSwaps(t *testing.T) {
	k := DefaultKeymaps()
	oldLight := k[0][BLight]
	sw, ok, err := k.Assign(0, BLight, k[1][BUp])
	if err != nil || !ok || sw != (Binding{Player: 1, Button: BUp}) {
		t.Fatalf("Assign = %v %v %v, want a swap with player 2 up", sw, ok, err)
	}
	if k[0][BLight] != "ArrowUp" || k[1][BUp] != oldLight {
		t.Fatalf("after the swap: p1 light %s, p2 up %s", k[0][BLight], k[1][BUp])
	}
	if err := k.Check(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := k.Assign(0, BDash, "F5"); err != nil || ok || k[0][BDash] != "F5" {
		t.Fatalf("a free key: ok %v err %v", ok, err)
	}
	if _, _, err := k.Assign(0, BDash, "Enter"); err == nil || !strings.Contains(err.Error(), "menus") {
		t.Fatalf("Enter accepted: %v", err)
	}
}

func TestButtonsThroughBindingsAndPads(t *testing.T) {
	d := NewDevices(DefaultKeymaps())
	d.Press("A")
	d.Press("J")
	d.Press("ArrowRight") // player 2's
	d.Update()
	if got := d.Buttons(0); got != game.Left|game.Light {
		t.Fatalf("player 1 holds %v", got)
	}
	if got := d.Buttons(1); got != game.Right {
		t.Fatalf("player 2 holds %v", got)
	}
	d.Release("J")
	d.SetPad(1, Pad{Connected: true, Buttons: 1<<PadA | 1<<PadRB, StickY: 0.9})
	d.Update()
	if got := d.Buttons(0); got != game.Left {
		t.Fatalf("player 1 after releasing J holds %v", got)
	}
	if got := d.Buttons(1); got != game.Right|game.Light|game.Block|game.Down {
		t.Fatalf("player 2 with a pad holds %v", got)
	}
	// A disconnected pad's stale state counts for nothing.
	d.SetPad(1, Pad{Buttons: 1 << PadA})
	d.Update()
	if got := d.Buttons(1); got != game.Right {
		t.Fatalf("player 2 with the pad unplugged holds %v", got)
	}
}

func TestMenuEdgesAndRepeat(t *testing.T) {
	d := NewDevices(DefaultKeymaps())
	d.Press("ArrowDown")
	fired := 0
	for range 60 {
		d.Update()
		if d.Menu(MenuDown) {
			fired++
		}
	}
	// Once on the press, then every repeatEvery frames after repeatDelay.
	want := 1 + (60-repeatDelay+repeatEvery-1)/repeatEvery
	if fired != want {
		t.Fatalf("a held direction fired %d times in 60 frames, want %d", fired, want)
	}
	d.Press("Enter")
	d.Update()
	if !d.Menu(MenuConfirm) {
		t.Fatal("Enter did not confirm")
	}
	for range 40 {
		d.Update()
		if d.Menu(MenuConfirm) {
			t.Fatal("a held Enter confirmed again")
		}
	}
	d.SetKeys(nil)
	d.SetPad(0, Pad{Connected: true, Buttons: 1 << PadStart})
	d.Update()
	if !d.Menu(MenuPause) {
		t.Fatal("Start did not pause")
	}
}

func TestHumanAnswersInTheObservationFrame(t *testing.T) {
	d := NewDevices(DefaultKeymaps())
	d.Press("D") // right on screen
	d.Update()
	h := Human{Devices: d, Player: 0}
	var o game.Observation
	if got := h.Decide(&o); got != game.Right {
		t.Fatalf("plain frame: %v", got)
	}
	o[game.ObsMirrored] = 1
	if got := h.Decide(&o); got != game.Left {
		t.Fatalf("mirrored frame: %v, want Left (the world's right)", got)
	}
}
