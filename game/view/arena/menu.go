package arena

// Item is one line of a menu: a label, an optional value the player changes
// with left and right, and what confirming it does.
type Item struct {
	Label string
	// Value, when set, is shown after the label.
	Value func() string
	// Change, when set, is called with -1 or +1 on left or right.
	Change func(delta int)
	// Do, when set, is called on confirm.
	Do func()
	// Hint is a line shown while the item is selected.
	Hint string
	// Disabled items are shown dimmed and cannot be confirmed; Hint says why.
	Disabled bool
}

// MenuList is a vertical menu with a cursor.
type MenuList struct {
	Title  string
	Items  []Item
	Cursor int
	// Back, when set, is called on the back control.
	Back func()
}

// Update moves the cursor and acts on the devices' menu controls. It reports
// whether a control did something (for the menu's sound).
func (m *MenuList) Update(d *Devices) bool {
	if len(m.Items) == 0 {
		if d.Menu(MenuBack) && m.Back != nil {
			m.Back()
			return true
		}
		return false
	}
	m.Cursor = min(max(m.Cursor, 0), len(m.Items)-1)
	it := &m.Items[m.Cursor]
	switch {
	case d.Menu(MenuUp):
		m.Cursor = (m.Cursor + len(m.Items) - 1) % len(m.Items)
	case d.Menu(MenuDown):
		m.Cursor = (m.Cursor + 1) % len(m.Items)
	case d.Menu(MenuLeft) && it.Change != nil:
		it.Change(-1)
	case d.Menu(MenuRight) && it.Change != nil:
		it.Change(+1)
	case d.Menu(MenuConfirm) && it.Do != nil && !it.Disabled:
		it.Do()
	case d.Menu(MenuConfirm) && it.Change != nil && !it.Disabled:
		it.Change(+1)
	case d.Menu(MenuBack) && m.Back != nil:
		m.Back()
	default:
		return false
	}
	return true
}

// Selected is the item under the cursor, or nil.
func (m *MenuList) Selected() *Item {
	if m.Cursor < 0 || m.Cursor >= len(m.Items) {
		return nil
	}
	return &m.Items[m.Cursor]
}

// cycle moves *i by delta through n choices, wrapping around.
func cycle(i *int, delta, n int) {
	if n > 0 {
		*i = ((*i+delta)%n + n) % n
	}
}
