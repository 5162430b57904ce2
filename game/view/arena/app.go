package arena

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/nft/connect"
	"github.com/dojo-arena/dojo/training"
)

// Scene is a screen of the arena.
type Scene uint8

// The scenes.
const (
	SceneTitle    Scene = iota
	SceneSelect         // fight set-up: who plays each side
	SceneFight          // a fight (with its pause menu)
	SceneResults        // a fight's result
	SceneTraining       // Training mode's hub
	SceneRecord         // the player's play being recorded
	SceneSessions       // choosing and discarding recorded sessions
	SceneTeach          // training in the background, with its curve
	SceneWatch          // the fighter playing, and what it thinks
	SceneCorrect        // the fighter playing, the player taking over
	SceneReplays        // the saved replays
	SceneReplay         // a replay playing
	SceneSettings       // sound and key bindings
	SceneMint           // a new fighter: Form with a live preview, archetype, name
	SceneToken          // a mint or a save on its way to the chain, and its outcome
	SceneOwned          // the player's tokens that are not in the arena yet
	numScenes
)

var sceneNames = [numScenes]string{"title", "select", "fight", "results", "training", "record", "sessions", "teach", "watch", "correct", "replays", "replay", "settings", "mint", "token", "owned"}

// String is the scene's name (as --scene and the screenshots spell it).
func (s Scene) String() string {
	if s < numScenes {
		return sceneNames[s]
	}
	return fmt.Sprintf("scene(%d)", uint8(s))
}

// ErrQuit is what App.Update returns when the player quits.
var ErrQuit = errors.New("quit")

// App is the whole arena without a window: the scene the player is in and
// everything the scenes share. Package view calls Update once per tick and
// draws what the fields say.
type App struct {
	// ArenaDir is the data directory's arena/ folder.
	ArenaDir string
	Settings Settings
	Dev      *Devices
	Scene    Scene
	// Menu is the current scene's menu (most scenes have one).
	Menu *MenuList
	// Fight is the fight of the fight-like scenes.
	Fight *Fight
	// Notice is a message shown at the bottom of the screen for
	// NoticeFrames frames; Notices queue behind it.
	Notice       string
	NoticeFrames int
	notices      []string
	// Sounds are the effects of this frame.
	Sounds []assets.Effect
	// Seed is the next match's seed; each match takes the next one.
	Seed uint64

	// Fight set-up.
	Sides  [2]int // indexes into Options
	Rivals []Option

	// Training mode.
	Training *Training
	// Replays.
	Replays *Replays
	// Settings scene.
	Rebind *Binding // the binding waiting for a key, or nil
	// Tokens reaches the chain and IPFS; Mint is the Mint scene's editor;
	// Job is the mint or save the Token scene follows.
	Tokens *Tokens
	Mint   *MintEditor
	Job    *TokenJob

	// Cores are fighters given on the command line (Core directories),
	// offered in the fight set-up.
	Cores []Option
	// Owned is the scan for the player's tokens (SceneOwned).
	Owned *OwnedJob

	ownedShown bool
	// settingsBroken: settings.json could not be used; it is moved aside,
	// not overwritten, the first time the settings are saved.
	settingsBroken bool
	jobName        string
	jobForm        assets.Form
	jobFighter     *Fighter
	jobSeen        bool

	quit bool
	// onOver is what the end of the fight leads to.
	onOver func()
	// resume is where the pause menu's "quit" goes.
	back func()
	// paused is the fight's pause menu, shown over it.
	Paused *MenuList
}

// NoticeFrames is how long a notice stays on screen.
const NoticeFrames = 240

// NewApp starts the arena on its title screen, on the data directory
// dataDir (its arena/ folder, and its embedded chain and IPFS node for
// tokens: set a.Tokens.Options for others), with the settings found there
// (the defaults, and a notice, if they cannot be read). seed seeds the
// matches.
func NewApp(dataDir string, seed uint64) *App {
	arenaDir := filepath.Join(dataDir, "arena")
	s, err := LoadSettings(arenaDir)
	a := &App{ArenaDir: arenaDir, Settings: s, Dev: NewDevices(s.Keys), Seed: seed}
	if err != nil {
		a.Say(fmt.Sprintf("settings not read (%v); using the defaults", err))
		a.settingsBroken = true
	}
	a.Training = newTraining(a)
	a.Replays = &Replays{Dir: filepath.Join(arenaDir, "replays")}
	a.Tokens = &Tokens{Options: connect.Options{DataDir: dataDir}}
	a.Title()
	return a
}

// Say queues a notice.
func (a *App) Say(msg string) {
	if a.NoticeFrames == 0 {
		a.Notice, a.NoticeFrames = msg, NoticeFrames
		return
	}
	a.notices = append(a.notices, msg)
}

func (a *App) play(s assets.Effect) { a.Sounds = append(a.Sounds, s) }

// nextSeed hands out match seeds.
func (a *App) nextSeed() uint64 {
	a.Seed = game.Mix(a.Seed, 1)
	return a.Seed
}

// Update runs one tick of the arena: the devices must have been updated for
// this frame. It returns ErrQuit when the player quits.
func (a *App) Update() error {
	a.Sounds = a.Sounds[:0]
	if a.NoticeFrames > 0 {
		if a.NoticeFrames--; a.NoticeFrames == 0 && len(a.notices) > 0 {
			a.Notice, a.NoticeFrames, a.notices = a.notices[0], NoticeFrames, a.notices[1:]
		}
	}
	switch a.Scene {
	case SceneFight, SceneRecord, SceneWatch, SceneCorrect:
		a.updateFight()
	case SceneReplay:
		a.Replays.update(a)
	case SceneSettings:
		a.updateSettings()
	case SceneSessions:
		if a.Dev.Menu(MenuAlt) {
			a.Training.discardSelected(a)
			a.play(assets.EffectConfirm)
		} else {
			a.menu()
		}
	default:
		a.menu()
	}
	// Teach runs in the background whatever the scene.
	a.Training.updateTeach(a)
	a.updateJob()
	if a.Scene == SceneOwned {
		a.updateOwned()
	}
	if a.quit {
		return ErrQuit
	}
	return nil
}

func (a *App) menu() {
	if a.Menu == nil {
		return
	}
	cur := a.Menu.Cursor
	if a.Menu.Update(a.Dev) {
		if a.Menu != nil && a.Menu.Cursor != cur {
			a.play(assets.EffectMove)
		} else {
			a.play(assets.EffectConfirm)
		}
	}
}

// Title shows the title screen.
func (a *App) Title() {
	a.Scene, a.Fight, a.Paused = SceneTitle, nil, nil
	a.Menu = &MenuList{Items: []Item{
		{Label: "Fight", Do: a.Select, Hint: "you against a bot, a fighter, or a friend"},
		{Label: "Training", Do: a.Training.Hub, Hint: "teach your fighter to play like you"},
		{Label: "Replays", Do: a.Replays.open(a), Hint: "watch saved matches again"},
		{Label: "Mint", Do: a.OpenMint, Hint: "create a new fighter: its look, its brain, its token"},
		{Label: "Settings", Do: a.OpenSettings, Hint: "sound and keys"},
		{Label: "Quit", Do: func() { a.quit = true }},
	}}
}

// Option is a choice of who plays one side of a fight.
type Option struct {
	Name  string
	Form  assets.Form
	Human int // 0 or 1 for a player at the devices, else -1
	seat  func(a *App) (game.SeatFunc, error)
}

// Options are everyone who can play a side: the two players, every bot,
// and the player's fighters.
func (a *App) Options() []Option {
	opts := []Option{
		{Name: "Player 1", Form: assets.RandomForm(1), Human: 0},
		{Name: "Player 2", Form: assets.RandomForm(2), Human: 1},
	}
	for _, b := range game.Bots() {
		name := b.Name
		opts = append(opts, Option{Name: "bot " + name, Form: assets.FormOf(name), Human: -1, seat: func(*App) (game.SeatFunc, error) {
			return game.BotSeat(name, 0)
		}})
	}
	for _, f := range a.Training.Fighters {
		opts = append(opts, Option{Name: f.Name, Form: f.Form, Human: -1, seat: func(*App) (game.SeatFunc, error) {
			return fighterSeat(f)
		}})
	}
	return append(opts, a.Cores...)
}

// CoreOption offers Core c, from a directory given on the command line, as
// a fighter called name.
func CoreOption(name string, c *brain.Core) Option {
	return Option{Name: name, Form: assets.FormOf(name), Human: -1, seat: func(*App) (game.SeatFunc, error) {
		return training.CoreSeat(name, c)
	}}
}

func (a *App) entrant(o Option) (Entrant, error) {
	e := Entrant{Name: o.Name, Form: o.Form, Human: o.Human}
	if o.Human >= 0 {
		e.Seat = HumanSeat(a.Dev, o.Human, "human:player "+strconv.Itoa(o.Human+1))
		return e, nil
	}
	s, err := o.seat(a)
	e.Seat = s
	return e, err
}

// Select shows the fight set-up.
func (a *App) Select() {
	a.Scene, a.Fight, a.Paused = SceneSelect, nil, nil
	a.Training.load(a)
	a.Rivals = a.Options()
	if a.Sides == [2]int{} {
		a.Sides = [2]int{0, 2 + botIndex("brawler")}
	}
	for i := range a.Sides {
		a.Sides[i] = min(a.Sides[i], len(a.Rivals)-1)
	}
	side := func(i int) Item {
		return Item{
			Label: "Player " + strconv.Itoa(i+1) + " side", Value: func() string { return a.Rivals[a.Sides[i]].Name },
			Change: func(d int) { cycle(&a.Sides[i], d, len(a.Rivals)) },
			Hint:   "left and right choose who plays this side",
		}
	}
	a.Menu = &MenuList{Title: "Fight", Items: []Item{
		side(0), side(1),
		{Label: "Start", Do: func() { a.StartFight(a.Rivals[a.Sides[0]], a.Rivals[a.Sides[1]]) }},
		{Label: "Back", Do: a.Title},
	}, Back: a.Title, Cursor: 2}
}

func botIndex(name string) int {
	for i, b := range game.Bots() {
		if b.Name == name {
			return i
		}
	}
	return 0
}

// StartFight starts a fight between two options.
func (a *App) StartFight(p1, p2 Option) {
	var es [2]Entrant
	for i, o := range [2]Option{p1, p2} {
		e, err := a.entrant(o)
		if err != nil {
			a.Say(fmt.Sprintf("%s cannot fight: %v", o.Name, err))
			return
		}
		es[i] = e
	}
	if es[0].Human >= 0 && es[0].Human == es[1].Human {
		a.Say("one player cannot play both sides: choose Player 2 for the other side")
		return
	}
	a.Fight = NewFight(a.nextSeed(), es)
	a.Scene, a.Paused, a.Menu = SceneFight, nil, nil
	a.back = a.Select
	last := [2]Option{p1, p2}
	a.onOver = func() { a.Results(last) }
}

// updateFight runs the fight-like scenes: the pause menu, the fight, and
// what its end leads to.
func (a *App) updateFight() {
	f := a.Fight
	if a.Paused != nil {
		cur := a.Paused.Cursor
		if a.Dev.Menu(MenuPause) {
			a.resume()
			return
		}
		if a.Paused.Update(a.Dev) {
			if a.Paused != nil && a.Paused.Cursor != cur {
				a.play(assets.EffectMove)
			} else {
				a.play(assets.EffectConfirm)
			}
		}
		return
	}
	if a.Dev.Menu(MenuPause) {
		f.SetPaused(true)
		a.Paused = &MenuList{Title: "Paused", Items: a.pauseItems(), Back: a.resume}
		return
	}
	f.Update()
	for _, e := range f.Events() {
		switch e.Kind {
		case EventHit:
			a.play(assets.EffectHit)
		case EventHeavyHit:
			a.play(assets.EffectHeavy)
		case EventBlock:
			a.play(assets.EffectBlock)
		case EventKO:
			a.play(assets.EffectKO)
		case EventRound:
			a.play(assets.EffectRound)
		}
	}
	if a.Scene == SceneWatch || a.Scene == SceneCorrect || a.Scene == SceneRecord {
		a.Training.afterTick(a)
	}
	if f.Phase() == PhaseOver && a.onOver != nil {
		over := a.onOver
		a.onOver = nil
		over()
	}
}

func (a *App) resume() {
	a.Paused = nil
	if a.Fight != nil {
		a.Fight.SetPaused(false)
	}
}

func (a *App) pauseItems() []Item {
	switch a.Scene {
	case SceneRecord:
		return []Item{
			{Label: "Resume", Do: a.resume},
			{Label: "Stop and keep the recording", Do: func() { a.Training.stopRecording(a, true) }},
			{Label: "Stop and discard it", Do: func() { a.Training.stopRecording(a, false) }},
		}
	case SceneCorrect:
		return []Item{
			{Label: "Resume", Do: a.resume},
			{Label: "Stop and keep the corrections", Do: func() { a.Training.stopRecording(a, true) }},
			{Label: "Stop and discard them", Do: func() { a.Training.stopRecording(a, false) }},
		}
	case SceneWatch:
		return []Item{{Label: "Resume", Do: a.resume}, {Label: "Back to Training", Do: a.Training.Hub}}
	}
	return []Item{
		{Label: "Resume", Do: a.resume},
		{Label: "Quit the fight", Do: a.back},
		{Label: "Quit to the title", Do: a.Title},
	}
}

// Results shows a fight's result.
func (a *App) Results(sides [2]Option) {
	f := a.Fight
	a.Scene = SceneResults
	saved := false
	a.Menu = &MenuList{Items: []Item{
		{Label: "Rematch", Do: func() { a.StartFight(sides[0], sides[1]) }},
		{Label: "Save the replay", Do: func() {
			if saved {
				a.Say("the replay is saved already")
				return
			}
			name, err := a.Replays.Save(f)
			if err != nil {
				a.Say("replay not saved: " + err.Error())
				return
			}
			saved = true
			a.Say("replay saved as " + name)
		}, Hint: "watch it again from Replays"},
		{Label: "Back", Do: a.Select},
	}, Back: a.Select}
}
