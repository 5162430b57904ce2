package arena

import "fmt"

// Tap presses key for one tick and releases it on the next, running the
// arena through both ticks: a player's key press, for scripts and tests.
func (a *App) Tap(key Key) error {
	a.Dev.Press(key)
	a.Dev.Update()
	if err := a.Update(); err != nil {
		return err
	}
	a.Dev.Release(key)
	a.Dev.Update()
	return a.Update()
}

// Choose moves the current menu's cursor (the pause menu's when paused) to
// the item labelled label with the arrow keys and confirms it with Enter,
// as a player would.
func (a *App) Choose(label string) error {
	m := a.Menu
	if a.Paused != nil {
		m = a.Paused
	}
	if m == nil {
		return fmt.Errorf("scene %v has no menu to choose %q from", a.Scene, label)
	}
	for range len(m.Items) {
		if m.Selected().Label == label {
			return a.Tap("Enter")
		}
		if err := a.Tap("ArrowDown"); err != nil {
			return err
		}
	}
	return fmt.Errorf("scene %v: no item %q", a.Scene, label)
}
