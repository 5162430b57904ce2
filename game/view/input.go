package view

import (
	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// reader fills the arena's input layer from Ebiten once per Update.
type reader struct {
	keys  []ebiten.Key
	ids   []ebiten.GamepadID
	names []arena.Key
}

// read gives d this frame's keys and the first two standard gamepads, and
// updates it.
func (r *reader) read(d *arena.Devices) {
	r.keys = inpututil.AppendPressedKeys(r.keys[:0])
	r.names = r.names[:0]
	for _, k := range r.keys {
		r.names = append(r.names, arena.Key(k.String()))
	}
	d.SetKeys(r.names)
	r.ids = ebiten.AppendGamepadIDs(r.ids[:0])
	n := 0
	for _, id := range r.ids {
		if n == 2 || !ebiten.IsStandardGamepadLayoutAvailable(id) {
			continue
		}
		var p arena.Pad
		p.Connected = true
		for b := arena.PadButton(0); b < arena.NumPadButtons; b++ {
			if ebiten.IsStandardGamepadButtonPressed(id, ebiten.StandardGamepadButton(b)) {
				p.Buttons |= 1 << b
			}
		}
		p.StickX = ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickHorizontal)
		p.StickY = ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickVertical)
		d.SetPad(n, p)
		n++
	}
	for ; n < 2; n++ {
		d.SetPad(n, arena.Pad{})
	}
	d.Update()
}
