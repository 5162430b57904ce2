package view

import (
	"os/exec"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/hajimehoshi/ebiten/v2"
)

// A real key press, sent by the X server to the arena's window (xdotool),
// goes through Ebiten and the arena's input layer and moves player 1's
// fighter: the whole path a player's finger takes.
func TestRealKeyPressMovesTheFighter(t *testing.T) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Skip("xdotool is not installed (scripts/arena-deps.sh --test installs it)")
	}
	g := newTestGame(t)
	onUpdate(func() {
		opts := g.App.Options()
		g.App.StartFight(opts[0], opts[2+1]) // player 1 against a bot
	})
	step(t, g, arena.IntroFrames+5)
	xdo := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v: %s", args, err, out)
		}
	}
	// The harness window gets the keys: it is the only window, focused.
	xdo("search", "--sync", "--name", "Dojo test", "windowfocus", "--sync")
	theHarness.setGame(g)
	defer theHarness.setGame(nil)
	x0 := fighterX(g)
	xdo("keydown", "d")
	time.Sleep(700 * time.Millisecond)
	xdo("keyup", "d")
	time.Sleep(100 * time.Millisecond)
	theHarness.setGame(nil)
	if x1 := fighterX(g); x1 <= x0+20 {
		t.Fatalf("holding D for 0.7 s moved player 1 from x %d to %d", x0, x1)
	}
}

func fighterX(g *Game) int32 {
	var x int32
	onUpdate(func() { x = g.App.Fight.Driver.Match.Fighters[0].X / 256 })
	return x
}

// The arena's key names are Ebiten's, and its gamepad buttons are in the
// order of Ebiten's standard layout.
func TestArenaNamesAreEbitens(t *testing.T) {
	for _, k := range arena.KeyNames {
		var ek ebiten.Key
		if err := ek.UnmarshalText([]byte(k)); err != nil || ek.String() != string(k) {
			t.Errorf("key %q is not an Ebiten key name (%v)", k, err)
		}
	}
	pairs := map[arena.PadButton]ebiten.StandardGamepadButton{
		arena.PadA: ebiten.StandardGamepadButtonRightBottom, arena.PadB: ebiten.StandardGamepadButtonRightRight,
		arena.PadX: ebiten.StandardGamepadButtonRightLeft, arena.PadY: ebiten.StandardGamepadButtonRightTop,
		arena.PadLB: ebiten.StandardGamepadButtonFrontTopLeft, arena.PadRB: ebiten.StandardGamepadButtonFrontTopRight,
		arena.PadLT: ebiten.StandardGamepadButtonFrontBottomLeft, arena.PadRT: ebiten.StandardGamepadButtonFrontBottomRight,
		arena.PadBack: ebiten.StandardGamepadButtonCenterLeft, arena.PadStart: ebiten.StandardGamepadButtonCenterRight,
		arena.PadLeftStick: ebiten.StandardGamepadButtonLeftStick, arena.PadRightStick: ebiten.StandardGamepadButtonRightStick,
		arena.PadUp: ebiten.StandardGamepadButtonLeftTop, arena.PadDown: ebiten.StandardGamepadButtonLeftBottom,
		arena.PadLeft: ebiten.StandardGamepadButtonLeftLeft, arena.PadRight: ebiten.StandardGamepadButtonLeftRight,
		arena.PadHome: ebiten.StandardGamepadButtonCenterCenter,
	}
	if len(pairs) != int(arena.NumPadButtons) || arena.NumPadButtons != arena.PadButton(ebiten.StandardGamepadButtonMax)+1 {
		t.Fatalf("%d pad buttons, Ebiten has %d", arena.NumPadButtons, ebiten.StandardGamepadButtonMax+1)
	}
	for a, e := range pairs {
		if int(a) != int(e) {
			t.Errorf("pad button %d is Ebiten's %d", a, e)
		}
	}
}
