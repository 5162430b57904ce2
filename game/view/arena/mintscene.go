package arena

import (
	"fmt"
	"math/big"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
)

// fighterNames are the names the Mint scene offers (a number follows when
// a name is taken).
var fighterNames = []string{"Kaze", "Tora", "Hana", "Ryu", "Mori", "Sora", "Kumo", "Yuki", "Iwa", "Hoshi", "Nami", "Ren"}

// traitNames name the Form's traits in the order of Form.Codes.
var traitNames = [assets.TraitCount]string{"build", "height", "head", "skin", "primary colour", "secondary colour", "headwear", "face"}

// MintEditor is the Mint scene's new fighter: its Form (shown live), its
// archetype and its name.
type MintEditor struct {
	Codes     [assets.TraitCount]uint8
	Archetype int // index into brain.Archetypes()
	Name      int // index into fighterNames
	// Local keeps the fighter on this machine without a token.
	Local bool
}

// Form is the editor's Form.
func (m *MintEditor) Form() assets.Form {
	f, err := assets.FormFromCodes(m.Codes)
	if err != nil {
		return assets.RandomForm(0) // cannot happen: every code is kept below its limit
	}
	return f
}

// OpenMint shows the Mint scene with a random Form.
func (a *App) OpenMint() {
	if a.Mint == nil {
		a.Mint = &MintEditor{Codes: assets.RandomForm(a.nextSeed()).Codes()}
		for i, arch := range brain.Archetypes() {
			if arch == brain.Swift { // the default: it learns from little play
				a.Mint.Archetype = i
			}
		}
	}
	m := a.Mint
	a.Scene, a.Fight, a.Paused = SceneMint, nil, nil
	items := []Item{{
		Label: "Name", Value: func() string { return fighterNames[m.Name] },
		Change: func(d int) { cycle(&m.Name, d, len(fighterNames)) },
	}}
	for i := range assets.TraitCount {
		items = append(items, Item{
			Label: traitNames[i],
			Value: func() string { return m.Form().Trait(i) },
			Change: func(d int) {
				v := int(m.Codes[i])
				cycle(&v, d, int(assets.TraitLimits[i]))
				m.Codes[i] = uint8(v)
			},
			Hint: "left and right change it; the preview shows it at once",
		})
	}
	archs := brain.Archetypes()
	items = append(items,
		Item{Label: "Brain", Value: func() string { return archs[m.Archetype] }, Change: func(d int) { cycle(&m.Archetype, d, len(archs)) },
			Hint: "swift learns fast from little play; sage is bigger and needs more"},
		Item{Label: "Random look", Do: func() { m.Codes = assets.RandomForm(a.nextSeed()).Codes() }},
		Item{Label: "Token", Value: func() string {
			if m.Local {
				return "keep it local (no token)"
			}
			return "mint it on-chain"
		}, Change: func(int) { m.Local = !m.Local }, Hint: "a token lets you save your training on-chain and take the fighter anywhere"},
		Item{Label: "Create the fighter", Do: a.mintNow},
		Item{Label: "Back", Do: a.Title},
	)
	a.Menu = &MenuList{Title: "Mint a fighter", Items: items, Back: a.Title}
}

// fighterName is the editor's name, numbered if a fighter has it already.
func (a *App) fighterName() string {
	base := fighterNames[a.Mint.Name]
	name := base
	for n := 2; ; n++ {
		taken := false
		for _, f := range a.Training.Fighters {
			taken = taken || f.Name == name
		}
		if !taken {
			return name
		}
		name = fmt.Sprintf("%s %d", base, n)
	}
}

// mintNow creates the edited fighter: locally at once, or through a mint.
func (a *App) mintNow() {
	m := a.Mint
	a.Training.load(a)
	name := a.fighterName()
	arch := brain.Archetypes()[m.Archetype]
	seed := a.nextSeed()
	if m.Local {
		if _, err := a.Training.NewFighter(name, arch, m.Form(), seed); err != nil {
			a.Say("no fighter created: " + err.Error())
			return
		}
		a.Say(name + " is ready: record your play to teach it")
		a.Mint = nil
		a.Training.Hub()
		return
	}
	if a.jobRunning() {
		return
	}
	a.jobForm = m.Form()
	a.Job = a.Tokens.Mint(MintRequest{Name: name, Archetype: arch, Form: a.jobForm, Seed: seed})
	a.jobName, a.jobSeen = name, false
	a.openToken()
}

// SaveFighter saves the current fighter's Core to its token.
func (a *App) SaveFighter() {
	cur := a.Training.Fighter()
	if cur == nil {
		return
	}
	// What is on disk is what is saved: the Core Teach adopted last.
	f, err := LoadFighter(cur.Dir)
	if err != nil {
		a.Say("cannot save: " + err.Error())
		return
	}
	if f.Token == 0 {
		a.Say(f.Name + " has no token: Mint a fighter to save on-chain")
		return
	}
	if a.jobRunning() {
		return
	}
	a.Job = a.Tokens.Save(f.Token, f.Core)
	a.jobName, a.jobFighter, a.jobSeen = f.Name, f, false
	a.openToken()
}

// jobRunning reports (and says, showing it) that a mint or a save is under
// way: one at a time, so that none is lost.
func (a *App) jobRunning() bool {
	if a.Job == nil || a.Job.State().Done {
		return false
	}
	a.Say("a mint or a save is under way: wait for it")
	a.openToken()
	return true
}

// openToken shows the Token scene for a.Job.
func (a *App) openToken() {
	a.Scene, a.Paused = SceneToken, nil
	a.Menu = &MenuList{Items: []Item{{Label: "Back to Training", Do: a.Training.Hub}}, Back: a.Training.Hub}
}

// JobName is the fighter the Token scene is about.
func (a *App) JobName() string { return a.jobName }

// updateJob finishes a mint or a save when it is done: a minted fighter
// joins the player's fighters, a save is recorded in fighter.json.
func (a *App) updateJob() {
	if a.Job == nil || a.jobSeen {
		return
	}
	st := a.Job.State()
	if !st.Done {
		return
	}
	a.jobSeen = true
	if st.Err != nil {
		a.play(assets.EffectBlock)
		return
	}
	a.play(assets.EffectConfirm)
	switch st.Kind {
	case "mint":
		f, err := CreateFighter(a.Training.dir, a.jobName, a.jobForm, st.Core, st.Token)
		if err == nil {
			err = f.SetSaved(st.Token, st.CID)
		}
		if err != nil {
			a.Say("minted as token " + new(big.Int).SetUint64(st.Token).String() + ", but not kept here: " + err.Error())
			return
		}
		a.Mint = nil
		// The new fighter becomes the current one only if the player is
		// looking at the mint: a scene in progress keeps its fighter.
		if a.Scene == SceneToken {
			a.Training.Fighters = append(a.Training.Fighters, f)
			a.Training.Current = len(a.Training.Fighters) - 1
		}
		a.Training.load(a)
	case "save":
		if f := a.jobFighter; f != nil && !st.Pending {
			if err := f.SetSaved(st.Token, st.CID); err != nil {
				a.Say("saved, but not recorded here: " + err.Error())
			}
			a.Training.load(a)
		}
	}
}
