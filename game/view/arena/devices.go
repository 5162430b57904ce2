package arena

import "github.com/dojo-arena/dojo/game"

// PadButton is a button of Ebiten's standard gamepad layout, in the order of
// ebiten.StandardGamepadButton (the view's tests hold the two together).
type PadButton uint8

// The standard gamepad's buttons: the right cluster (A, B, X, Y on an Xbox
// pad), the shoulders, the centre, the sticks' clicks and the d-pad.
const (
	PadA          PadButton = iota // RightBottom
	PadB                           // RightRight
	PadX                           // RightLeft
	PadY                           // RightTop
	PadLB                          // FrontTopLeft
	PadRB                          // FrontTopRight
	PadLT                          // FrontBottomLeft
	PadRT                          // FrontBottomRight
	PadBack                        // CenterLeft
	PadStart                       // CenterRight
	PadLeftStick                   // LeftStick
	PadRightStick                  // RightStick
	PadUp                          // LeftTop
	PadDown                        // LeftBottom
	PadLeft                        // LeftLeft
	PadRight                       // LeftRight
	PadHome                        // CenterCenter
	NumPadButtons
)

// Pad is one standard gamepad's state in one frame.
type Pad struct {
	Connected bool
	Buttons   uint32 // bit i set: PadButton i held
	// StickX, StickY are the left stick's axes in [-1, 1], +Y down.
	StickX, StickY float64
}

// Held reports whether b is held.
func (p Pad) Held(b PadButton) bool { return p.Buttons&(1<<b) != 0 }

// stickDead is how far the stick must lean to count as a direction.
const stickDead = 0.5

// padButtons maps a gamepad to a fighter's buttons. The layout is fixed: d-pad
// or left stick to move, A light, X heavy, Y special, B throw, the bumpers
// block and the triggers dash.
func padButtons(p Pad) game.Input {
	if !p.Connected {
		return 0
	}
	var in game.Input
	set := func(ok bool, b Button) {
		if ok {
			in |= b.Input()
		}
	}
	set(p.Held(PadLeft) || p.StickX < -stickDead, BLeft)
	set(p.Held(PadRight) || p.StickX > stickDead, BRight)
	set(p.Held(PadUp) || p.StickY < -stickDead, BUp)
	set(p.Held(PadDown) || p.StickY > stickDead, BDown)
	set(p.Held(PadA), BLight)
	set(p.Held(PadX), BHeavy)
	set(p.Held(PadY), BSpecial)
	set(p.Held(PadB), BThrow)
	set(p.Held(PadLB) || p.Held(PadRB), BBlock)
	set(p.Held(PadLT) || p.Held(PadRT), BDash)
	return in
}

// Menu is a menu control: moving the cursor, confirming, going back, pausing.
type Menu uint8

// The menu controls.
const (
	MenuUp Menu = iota
	MenuDown
	MenuLeft
	MenuRight
	MenuConfirm
	MenuBack
	MenuPause
	MenuAlt // a screen's second action (discard a session): Delete, Tab or Y
	numMenus
)

// Repeat timing of a held menu direction, in frames: the first repeat after
// repeatDelay, then one every repeatEvery.
const (
	repeatDelay = 18
	repeatEvery = 5
)

type keySet [2]uint64

func (s *keySet) set(i int, on bool) {
	if on {
		s[i/64] |= 1 << (i % 64)
	} else {
		s[i/64] &^= 1 << (i % 64)
	}
}

func (s keySet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

// Devices is the arena's input layer: the keys and gamepads held this frame
// and the last, read through the players' bindings. The view fills it from
// Ebiten once per Update (SetKeys, SetPad, then Update); tests fill it with
// synthetic key events (Press, Release, then Update). Everything that plays
// or navigates reads it, never Ebiten.
//
// Player 1 is Keymaps[0] and the first gamepad; player 2 is Keymaps[1] and
// the second.
type Devices struct {
	Keymaps Keymaps

	pending, held, prev keySet
	pendingPads         [2]Pad
	pads, prevPads      [2]Pad
	menuFrames          [numMenus]int // frames each menu control has been held
}

// NewDevices returns an input layer with the given bindings.
func NewDevices(k Keymaps) *Devices { return &Devices{Keymaps: k} }

// SetKeys makes keys the keys held from the next Update on. Names that are
// not in KeyNames are ignored.
func (d *Devices) SetKeys(keys []Key) {
	d.pending = keySet{}
	for _, k := range keys {
		d.Press(k)
	}
}

// Press is the event of k going down; it counts from the next Update.
func (d *Devices) Press(k Key) {
	if i, ok := keyIndex[k]; ok {
		d.pending.set(i, true)
	}
}

// Release is the event of k going up; it counts from the next Update.
func (d *Devices) Release(k Key) {
	if i, ok := keyIndex[k]; ok {
		d.pending.set(i, false)
	}
}

// SetPad sets gamepad i's state (0 or 1) from the next Update.
func (d *Devices) SetPad(i int, p Pad) {
	if i == 0 || i == 1 {
		d.pendingPads[i] = p
	}
}

// Update starts a frame: what was set since the last Update becomes held.
// Call it once per tick, before anything reads the devices.
func (d *Devices) Update() {
	d.prev, d.held = d.held, d.pending
	d.prevPads, d.pads = d.pads, d.pendingPads
	for m := range d.menuFrames {
		if d.menuHeld(Menu(m)) {
			d.menuFrames[m]++
		} else {
			d.menuFrames[m] = 0
		}
	}
}

// Held reports whether key k is held this frame.
func (d *Devices) Held(k Key) bool {
	i, ok := keyIndex[k]
	return ok && d.held.has(i)
}

// JustPressed reports whether key k went down this frame.
func (d *Devices) JustPressed(k Key) bool {
	i, ok := keyIndex[k]
	return ok && d.held.has(i) && !d.prev.has(i)
}

// FirstPressed returns the first key (in KeyNames order) that went down this
// frame: the key a player pressed to rebind a button.
func (d *Devices) FirstPressed() (Key, bool) {
	for i, k := range KeyNames {
		if d.held.has(i) && !d.prev.has(i) {
			return k, true
		}
	}
	return "", false
}

// PadPressed reports whether button b went down this frame on either pad.
func (d *Devices) PadPressed(b PadButton) bool {
	for i := range d.pads {
		if d.pads[i].Connected && d.pads[i].Held(b) && !d.prevPads[i].Held(b) {
			return true
		}
	}
	return false
}

// AnyPressed reports whether any key or gamepad button went down this frame.
func (d *Devices) AnyPressed() bool {
	if _, ok := d.FirstPressed(); ok {
		return true
	}
	for i := range d.pads {
		if d.pads[i].Buttons&^d.prevPads[i].Buttons != 0 {
			return true
		}
	}
	return false
}

// Buttons is what player (0 or 1) holds this frame, on the keyboard through
// their bindings and on their gamepad, as a game input in screen directions
// (the world's: the camera never mirrors).
func (d *Devices) Buttons(player int) game.Input {
	if player != 0 && player != 1 {
		return 0
	}
	var in game.Input
	for b, k := range d.Keymaps[player] {
		if d.Held(k) {
			in |= Button(b).Input()
		}
	}
	return in | padButtons(d.pads[player])
}

// menuControls are what holds each menu control: fixed keys, player 1's key
// for a fighter button (none: NumButtons), pad buttons, and a direction of
// any pad's d-pad or stick (none: NumButtons), read as padButtons reads it.
var menuControls = [numMenus]struct {
	keys   []Key
	button Button
	pad    []PadButton
	dir    Button
}{
	MenuUp:      {keys: []Key{"ArrowUp"}, button: BUp, dir: BUp},
	MenuDown:    {keys: []Key{"ArrowDown"}, button: BDown, dir: BDown},
	MenuLeft:    {keys: []Key{"ArrowLeft"}, button: BLeft, dir: BLeft},
	MenuRight:   {keys: []Key{"ArrowRight"}, button: BRight, dir: BRight},
	MenuConfirm: {keys: []Key{"Enter", "Space"}, button: BLight, pad: []PadButton{PadA}, dir: NumButtons},
	MenuBack:    {keys: []Key{"Escape", "Backspace"}, button: NumButtons, pad: []PadButton{PadB, PadBack}, dir: NumButtons},
	MenuPause:   {keys: []Key{"Escape"}, button: NumButtons, pad: []PadButton{PadStart}, dir: NumButtons},
	MenuAlt:     {keys: []Key{"Delete", "Tab"}, button: NumButtons, pad: []PadButton{PadY}, dir: NumButtons},
}

// menuHeld reports whether menu control m is held this frame, on any of its
// keys or any gamepad.
func (d *Devices) menuHeld(m Menu) bool {
	c := &menuControls[m]
	for _, k := range c.keys {
		if d.Held(k) {
			return true
		}
	}
	if c.button < NumButtons && d.Held(d.Keymaps[0][c.button]) {
		return true
	}
	for _, p := range d.pads {
		if c.dir < NumButtons && padButtons(p)&c.dir.Input() != 0 {
			return true
		}
		for _, b := range c.pad {
			if p.Connected && p.Held(b) {
				return true
			}
		}
	}
	return false
}

// Menu reports whether menu control m fires this frame: when it goes down,
// and for a held direction again after repeatDelay frames and then every
// repeatEvery frames.
func (d *Devices) Menu(m Menu) bool {
	if m >= numMenus {
		return false
	}
	n := d.menuFrames[m]
	if n == 1 {
		return true
	}
	if m > MenuRight || n <= repeatDelay {
		return false
	}
	return (n-repeatDelay)%repeatEvery == 1
}

// Human is a person playing through the devices: a game.Controller that
// answers with the buttons player holds, turned into the observation's frame.
// Seat it with interval 1, so that every tick reads the keys.
type Human struct {
	Devices *Devices
	Player  int
}

// Decide returns what the player holds now, mirrored when o is.
func (h Human) Decide(o *game.Observation) game.Input {
	in := h.Devices.Buttons(h.Player)
	if o.Mirrored() {
		in = in.Mirror()
	}
	return in
}
