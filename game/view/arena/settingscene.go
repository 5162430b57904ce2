package arena

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/internal/atomicfile"
)

// OpenSettings shows the settings: sound, then each player's bindings.
func (a *App) OpenSettings() {
	a.Scene, a.Rebind, a.Paused = SceneSettings, nil, nil
	items := []Item{{
		Label: "Sound", Value: func() string {
			if a.Settings.Sound {
				return "on"
			}
			return "off"
		}, Change: func(int) {
			a.Settings.Sound = !a.Settings.Sound
			a.saveSettings()
		},
	}}
	for p := range 2 {
		for b := range NumButtons {
			items = append(items, Item{
				Label: fmt.Sprintf("Player %d  %s", p+1, b),
				Value: func() string { return string(a.Settings.Keys[p][b]) },
				Do:    func() { a.Rebind = &Binding{Player: p, Button: b} },
				Hint:  "Enter, then press the new key (Esc, or B on a pad, cancels)",
			})
		}
	}
	items = append(items,
		Item{Label: "Restore the default keys", Do: func() {
			a.Settings.Keys = DefaultKeymaps()
			a.saveSettings()
		}},
		Item{Label: "Back", Do: a.Title})
	a.Menu = &MenuList{Title: "Settings", Items: items, Back: a.Title}
}

func (a *App) saveSettings() {
	a.Dev.Keymaps = a.Settings.Keys
	if a.settingsBroken {
		old := settingsPath(a.ArenaDir)
		for n := 1; n < 1000; n++ {
			kept := fmt.Sprintf("%s.unreadable-%d", old, n)
			err := atomicfile.RenameNoReplace(old, kept)
			if errors.Is(err, os.ErrExist) {
				continue
			}
			if err == nil {
				a.Say("the settings.json that could not be read is kept as " + filepath.Base(kept))
			}
			break
		}
		a.settingsBroken = false
	}
	if err := SaveSettings(a.ArenaDir, a.Settings); err != nil {
		a.Say("settings not saved: " + err.Error())
	}
}

// updateSettings runs the settings menu, or waits for the key of a binding.
func (a *App) updateSettings() {
	if a.Rebind == nil {
		a.menu()
		return
	}
	if a.Dev.JustPressed("Escape") || a.Dev.PadPressed(PadB) || a.Dev.PadPressed(PadBack) {
		a.Rebind = nil
		return
	}
	k, ok := a.Dev.FirstPressed()
	if !ok {
		return
	}
	b := *a.Rebind
	sw, swapped, err := a.Settings.Keys.Assign(b.Player, b.Button, k)
	if err != nil {
		a.Say(err.Error())
		return
	}
	a.Rebind = nil
	if swapped {
		a.Say(fmt.Sprintf("%s moved here from player %d %s, which now has %s", k, sw.Player+1, sw.Button, a.Settings.Keys[sw.Player][sw.Button]))
	}
	a.saveSettings()
	a.play(assets.EffectConfirm)
}
