package arena

import "fmt"

// OpenOwned shows the player's tokens that are not in the arena yet, found
// in the background.
func (a *App) OpenOwned() {
	a.Training.load(a)
	skip := map[uint64]bool{}
	for _, f := range a.Training.Fighters {
		if f.Token != 0 {
			skip[f.Token] = true
		}
	}
	a.Owned = a.Tokens.Owned(skip)
	a.Scene = SceneOwned
	a.ownedShown = false
	a.Menu = &MenuList{Title: "Your tokens", Items: []Item{
		{Label: "Looking for your tokens...", Disabled: true},
		{Label: "Back", Do: a.Training.Hub},
	}, Back: a.Training.Hub}
}

// updateOwned lists the tokens once the scan is done.
func (a *App) updateOwned() {
	if a.Owned == nil || a.ownedShown {
		return
	}
	tokens, done, err := a.Owned.Result()
	if !done {
		return
	}
	a.ownedShown = true
	var items []Item
	for _, tok := range tokens {
		items = append(items, Item{
			Label: fmt.Sprintf("token #%d  %s  (%s brain)", tok.Token, tok.Name, tok.Core.Spec.Archetype),
			Do: func() {
				f, err := CreateFighter(a.Training.dir, tok.Name, tok.Form, tok.Core, tok.Token)
				if err == nil {
					err = f.SetSaved(tok.Token, tok.CID)
				}
				if err != nil {
					a.Say("not brought here: " + err.Error())
					return
				}
				a.Training.Fighters = append(a.Training.Fighters, f)
				a.Training.Current = len(a.Training.Fighters) - 1
				a.Say(fmt.Sprintf("%s (token #%d) is here: train it and save it to its token", tok.Name, tok.Token))
				a.Training.Hub()
			},
			Hint: "its current Core, fetched from IPFS with every link checked",
		})
	}
	switch {
	case err != nil:
		items = append(items, Item{Label: "Cannot look: " + err.Error(), Disabled: true})
	case len(items) == 0:
		items = append(items, Item{Label: "No other token of yours", Disabled: true, Hint: "dojo mint mints one from the command line"})
	}
	items = append(items, Item{Label: "Back", Do: a.Training.Hub})
	a.Menu = &MenuList{Title: "Your tokens", Items: items, Back: a.Training.Hub}
}
