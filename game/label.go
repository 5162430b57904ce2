package game

// TickAction returns the action whose buttons the game acts on when a
// fighter holds in on the ground: the first that applies of Throw (11),
// Special (9), Down+Heavy (15), Heavy (8), Down+Light (14), Light (7),
// Block (10), Dash (12 with Left, else 13), Up (4 with Left, 5 with Right,
// else 3), Down (6), Left (1), Right (2), and nothing (0) — the order in
// which the simulation reads held buttons (sim.go). Left and Right held
// together count as neither. It is the identity on the action space:
// TickAction(Action(id)) == id for every id.
func TickAction(in Input) int {
	left := in&Left != 0 && in&Right == 0
	right := in&Right != 0 && in&Left == 0
	switch {
	case in&Throw != 0:
		return 11
	case in&Special != 0:
		return 9
	case in&Heavy != 0 && in&Down != 0:
		return 15
	case in&Heavy != 0:
		return 8
	case in&Light != 0 && in&Down != 0:
		return 14
	case in&Light != 0:
		return 7
	case in&Block != 0:
		return 10
	case in&Dash != 0 && left:
		return 12
	case in&Dash != 0:
		return 13
	case in&Up != 0 && left:
		return 4
	case in&Up != 0 && right:
		return 5
	case in&Up != 0:
		return 3
	case in&Down != 0:
		return 6
	case left:
		return 1
	case right:
		return 2
	}
	return 0
}

// isMove reports whether an action starts something (an attack, a jump or a
// dash) rather than a state held for as long as its buttons are.
func isMove(id int) bool {
	switch id {
	case 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 15:
		return true
	}
	return false
}

// LabelWindow turns what a person held during one decision window (the
// buttons of each tick, in the player's own frame: mirror first) into the
// action a Brain would have chosen for it: the label of a demonstration
// recorded from a keyboard or a gamepad.
//
// A person presses buttons on any tick, for one tick or many; a Brain picks
// one action per window and holds it. The rule:
//
//  1. Each tick's buttons are read as the game reads them (TickAction).
//  2. If any tick starts something — an attack, a jump or a dash — the
//     window's label is the first such tick's action: a tap of a single
//     tick is an intent, and the game acts on it.
//  3. Otherwise the label is the held state that filled at least half the
//     window, Block first, then Down, Left, Right (the most ticks wins; on
//     a tie, that order); failing that, nothing (0).
//
// A bot that holds one action for the whole window gets that action back
// (TestLabelWindowBotActions), so demonstrations recorded from people and
// from bots label alike.
func LabelWindow(window []Input) int {
	counts := [NumActions]int{}
	for _, in := range window {
		id := TickAction(in)
		if isMove(id) {
			return id
		}
		counts[id]++
	}
	best, label := 0, 0
	for _, id := range [4]int{10, 6, 1, 2} {
		if counts[id] > best {
			best, label = counts[id], id
		}
	}
	if 2*best >= len(window) && best > 0 {
		return label
	}
	return 0
}
