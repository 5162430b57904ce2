package game

import "testing"

// TestLabelWindowBotActions: a window in which one action is held
// throughout is labelled with that action, whatever its length.
func TestLabelWindowBotActions(t *testing.T) {
	for id := range NumActions {
		if got := TickAction(Action(id)); got != id {
			t.Errorf("TickAction(%v) = %d, want %d", Action(id), got, id)
		}
		for n := 1; n <= 8; n++ {
			w := make([]Input, n)
			for i := range w {
				w[i] = Action(id)
			}
			if got := LabelWindow(w); got != id {
				t.Errorf("%d ticks of %v labelled %d", n, Action(id), got)
			}
		}
	}
}

// TestLabelWindowPerson: what people do with a keyboard.
func TestLabelWindowPerson(t *testing.T) {
	const (
		none = Input(0)
		L    = Left
		R    = Right
	)
	for _, c := range []struct {
		name   string
		window []Input
		want   int
	}{
		{"a one-tick jab tap while walking", []Input{R, R | Light, R, R}, 7},
		{"a late tap still counts", []Input{none, none, none, Heavy}, 8},
		{"down first, light a tick later: the low", []Input{Down, Down | Light, Down | Light, none}, 14},
		{"the first move wins", []Input{Special, Light, Light, Light}, 9},
		{"throw outranks light on the same tick", []Input{Light | Throw, none, none, none}, 11},
		{"a jump back", []Input{L, L | Up, L | Up, L}, 4},
		{"a jump with both directions is straight up", []Input{L | R | Up, none, none, none}, 3},
		{"a dash without a direction goes forward", []Input{Dash, none, none, none}, 13},
		{"blocking half the window", []Input{Block, Block, R, R}, 10},
		{"walking back most of it", []Input{none, L, L, L}, 1},
		{"crouch beats walk on a tie", []Input{Down, Down, R, R}, 6},
		{"a brief twitch is nothing", []Input{none, R, none, none}, 0},
		{"both directions are neither", []Input{L | R, L | R, L | R, L | R}, 0},
		{"an empty window", nil, 0},
	} {
		if got := LabelWindow(c.window); got != c.want {
			t.Errorf("%s: %v labelled %d (%v), want %d (%v)", c.name, c.window, got, Action(got), c.want, Action(c.want))
		}
	}
}
