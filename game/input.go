package game

import "strings"

// Input is the set of buttons one fighter holds during one tick, as a bitmask.
//
// Left and Right are screen directions in the frame of whoever produced the
// Input: a Controller answers in the frame of the Observation it was given
// (where it may have been mirrored), and the match turns that into world
// directions before stepping. Inputs stored in replays are world inputs.
type Input uint16

// The buttons. Up jumps (a second press in the air double-jumps), Down
// crouches on the ground, fast-falls in the air and drops through a platform.
const (
	Left Input = 1 << iota
	Right
	Up
	Down
	Light
	Heavy
	Special
	Block
	Throw
	Dash

	// AllButtons is the mask of every defined button.
	AllButtons = Left | Right | Up | Down | Light | Heavy | Special | Block | Throw | Dash
)

// numButtons is the number of defined buttons (bits of AllButtons).
const numButtons = 10

var buttonNames = [numButtons]string{"left", "right", "up", "down", "light", "heavy", "special", "block", "throw", "dash"}

// String lists the held buttons joined by "+", or "none".
func (in Input) String() string {
	if in&AllButtons == 0 {
		return "none"
	}
	var parts []string
	for i, name := range buttonNames {
		if in&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, "+")
}

// Mirror swaps Left and Right: it turns an Input from a mirrored frame into the
// world frame and back.
func (in Input) Mirror() Input {
	out := in &^ (Left | Right)
	if in&Left != 0 {
		out |= Right
	}
	if in&Right != 0 {
		out |= Left
	}
	return out
}

// NumActions is the size of the discrete action space that policies choose from.
const NumActions = 16

// Action returns the input of action id, an index into the action space
// below; ids outside it give no buttons.
func Action(id int) Input {
	if id < 0 || id >= NumActions {
		return 0
	}
	return actions[id]
}

// actions is the discrete action space: the button combinations a policy (and
// every scripted bot except random ones) picks from, in the controller's own
// frame. The index into this table is the action id used by demonstrations and
// by the Brain's output head; it is part of the action spec and changes only
// with ActionSpecVersion.
//
//	0 none         4 up+left    8 heavy      12 dash+left
//	1 left         5 up+right   9 special    13 dash+right
//	2 right        6 down      10 block      14 down+light (low)
//	3 up           7 light     11 throw      15 down+heavy (uppercut)
var actions = [NumActions]Input{
	0, Left, Right, Up,
	Up | Left, Up | Right, Down, Light,
	Heavy, Special, Block, Throw,
	Dash | Left, Dash | Right, Down | Light, Down | Heavy,
}

// ActionSpecVersion versions the action space (see Action).
const ActionSpecVersion = 1

// ActionOf returns the id of in in the action space, and false when in is
// not one of its actions.
func ActionOf(in Input) (int, bool) {
	for i, a := range actions {
		if a == in {
			return i, true
		}
	}
	return 0, false
}
