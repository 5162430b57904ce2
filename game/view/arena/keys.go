package arena

import (
	"fmt"
	"slices"

	"github.com/dojo-arena/dojo/game"
)

// Key names a keyboard key as Ebiten's ebiten.Key.String spells it ("A",
// "ArrowLeft", "Numpad1", "Space"), so that package view can translate
// between the two without this package importing Ebiten.
type Key string

// KeyNames lists every key a binding may use, in Ebiten's spelling. The view's
// tests check that each one names an Ebiten key.
var KeyNames = func() []Key {
	var ks []Key
	for c := 'A'; c <= 'Z'; c++ {
		ks = append(ks, Key(string(c)))
	}
	for c := '0'; c <= '9'; c++ {
		ks = append(ks, Key("Digit"+string(c)), Key("Numpad"+string(c)))
	}
	for i := 1; i <= 12; i++ {
		ks = append(ks, Key(fmt.Sprintf("F%d", i)))
	}
	return append(ks,
		"ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown",
		"Space", "Enter", "Escape", "Backspace", "Tab",
		"ShiftLeft", "ShiftRight", "ControlLeft", "ControlRight", "AltLeft", "AltRight",
		"Comma", "Period", "Slash", "Semicolon", "Quote", "BracketLeft", "BracketRight",
		"Backslash", "Minus", "Equal", "Backquote",
		"Insert", "Delete", "Home", "End", "PageUp", "PageDown",
		"NumpadAdd", "NumpadSubtract", "NumpadMultiply", "NumpadDivide", "NumpadDecimal", "NumpadEnter",
	)
}()

// keyIndex maps a key name to its index in KeyNames.
var keyIndex = func() map[Key]int {
	m := make(map[Key]int, len(KeyNames))
	for i, k := range KeyNames {
		m[k] = i
	}
	return m
}()

// ValidKey reports whether k is a key a binding may use.
func ValidKey(k Key) bool { _, ok := keyIndex[k]; return ok }

// Button is one of a fighter's ten buttons, in game.Input bit order: the
// button's Input is 1 << Button.
type Button uint8

// The fighter's buttons.
const (
	BLeft Button = iota
	BRight
	BUp
	BDown
	BLight
	BHeavy
	BSpecial
	BBlock
	BThrow
	BDash
	NumButtons
)

var buttonNames = [NumButtons]string{"left", "right", "up", "down", "light", "heavy", "special", "block", "throw", "dash"}

// String is the button's name as settings.json and the screen spell it.
func (b Button) String() string {
	if b < NumButtons {
		return buttonNames[b]
	}
	return fmt.Sprintf("button(%d)", uint8(b))
}

// Input is the game input of the button alone.
func (b Button) Input() game.Input { return game.Input(1) << b }

// ParseButton reads a button name.
func ParseButton(s string) (Button, bool) {
	i := slices.Index(buttonNames[:], s)
	return Button(i), i >= 0
}

// Keymap binds each of a player's buttons to one key.
type Keymap [NumButtons]Key

// Keymaps holds both players' bindings. Two players on one keyboard use one
// each; a player alone is player 1.
type Keymaps [2]Keymap

// DefaultKeymaps are the bindings of a new arena: player 1 on WASD with
// J K L (light, heavy, special), U (block), I (throw) and O (dash); player 2
// on the arrows with the numpad's 1 2 3 (light, heavy, special), 4 (block),
// 5 (throw) and 6 (dash).
func DefaultKeymaps() Keymaps {
	return Keymaps{
		{"A", "D", "W", "S", "J", "K", "L", "U", "I", "O"},
		{"ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Numpad1", "Numpad2", "Numpad3", "Numpad4", "Numpad5", "Numpad6"},
	}
}

// menuKeys are the keys the menus keep whatever the bindings: they cannot be
// bound to a fighter's button, so that a player can always find their way
// back (Escape pauses and goes back; Enter confirms).
var menuKeys = []Key{"Escape", "Enter", "F11", "F12"}

// Check reports the first problem with the bindings: a key that is not a
// key, a menu key, or a key bound twice (for one player or across both).
func (k *Keymaps) Check() error {
	seen := map[Key]string{}
	for p := range k {
		for b, key := range k[p] {
			where := fmt.Sprintf("player %d %s", p+1, Button(b))
			switch {
			case key == "":
				return fmt.Errorf("%s has no key", where)
			case !ValidKey(key):
				return fmt.Errorf("%s: %q is not a key name", where, key)
			case slices.Contains(menuKeys, key):
				return fmt.Errorf("%s: %s is kept for the menus", where, key)
			}
			if other, dup := seen[key]; dup {
				return fmt.Errorf("%s: %s is already bound to %s", where, key, other)
			}
			seen[key] = where
		}
	}
	return nil
}

// Assign binds key to player's button b. A key bound elsewhere swaps places
// with the button's old key, so the bindings stay one key per button; the
// button that gave its key away is returned (ok false when none did). A menu
// key or an unknown key is refused.
func (k *Keymaps) Assign(player int, b Button, key Key) (swapped Binding, ok bool, err error) {
	if player < 0 || player > 1 || b >= NumButtons {
		return Binding{}, false, fmt.Errorf("no player %d button %d", player+1, b)
	}
	if !ValidKey(key) {
		return Binding{}, false, fmt.Errorf("%q is not a key name", key)
	}
	if slices.Contains(menuKeys, key) {
		return Binding{}, false, fmt.Errorf("%s is kept for the menus", key)
	}
	old := k[player][b]
	for p := range k {
		for ob := range k[p] {
			if k[p][ob] == key && (p != player || Button(ob) != b) {
				k[p][ob] = old
				swapped, ok = Binding{Player: p, Button: Button(ob)}, true
			}
		}
	}
	k[player][b] = key
	return swapped, ok, nil
}

// Binding names one player's button.
type Binding struct {
	Player int
	Button Button
}
