package arena

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
	"github.com/dojo-arena/dojo/training/demo"
)

// Training is Training mode: the player's fighters, the chosen one, its
// sparring partner, the recording in progress, and Teach.
type Training struct {
	Fighters []*Fighter
	Current  int
	// Sparring is the index in game.Bots() of the bot the player spars with.
	Sparring int
	// Sessions are the current fighter's, as the Sessions scene lists them.
	Sessions []Session
	// Teach is the current or last training run, and its fighter.
	Teach        *Teach
	TeachFighter *Fighter
	TeachState   TeachState
	// Mind is the fighter playing in Watch and Correct.
	Mind *Mind
	// PlayerStyle is the player's own style, from their chosen sessions,
	// for Watch's style distance.
	PlayerStyle *training.StyleProfile
	// Recorder and its file, while Record or Correct runs, at the
	// decision interval recInterval.
	Recorder    *demo.WindowRecorder
	writer      *demo.Writer
	path        string
	recInterval int
	// Correcting is Correct mode's controller.
	Correcting *Correcting
	// recFighter is the fighter being recorded; sessFighter the one whose
	// sessions the Sessions scene lists. A mint finishing meanwhile may
	// change the current fighter; these do not change.
	recFighter, sessFighter *Fighter
	// said holds the load errors already shown, so each is said once.
	said map[string]bool

	dir string
	app *App
}

func newTraining(a *App) *Training {
	return &Training{dir: filepath.Join(a.ArenaDir, "fighters"), Sparring: botIndex("sparring"), app: a}
}

// load reads the fighters from disk, keeping the current one current.
func (t *Training) load(a *App) {
	cur := ""
	if f := t.Fighter(); f != nil {
		cur = f.Dir
	}
	fs, errs := LoadFighters(t.dir)
	for _, err := range errs {
		if t.said == nil {
			t.said = map[string]bool{}
		}
		if msg := err.Error(); !t.said[msg] {
			t.said[msg] = true
			a.Say("a fighter was left out: " + msg)
		}
	}
	t.Fighters = fs
	t.Current = min(t.Current, max(len(fs)-1, 0))
	for i, f := range fs {
		if f.Dir == cur {
			t.Current = i
		}
	}
}

// Fighter is the chosen fighter, or nil when the player has none.
func (t *Training) Fighter() *Fighter {
	if t.Current < len(t.Fighters) {
		return t.Fighters[t.Current]
	}
	return nil
}

func (t *Training) sparring() string { return game.Bots()[t.Sparring].Name }

// NewFighter creates a local fighter with a fresh Core of archetype and the
// Form form, and makes it the current one.
func (t *Training) NewFighter(name, archetype string, form assets.Form, seed uint64) (*Fighter, error) {
	spec, err := brain.NewSpec(archetype)
	if err != nil {
		return nil, err
	}
	core, err := brain.NewCore(spec, seed)
	if err != nil {
		return nil, err
	}
	f, err := CreateFighter(t.dir, name, form, core, 0)
	if err != nil {
		return nil, err
	}
	t.Fighters = append(t.Fighters, f)
	t.Current = len(t.Fighters) - 1
	return f, nil
}

// fighterSeat seats a fighter's current Core by its identity, as every
// match does (its decisions are the integer Policy's).
func fighterSeat(f *Fighter) (game.SeatFunc, error) {
	return training.CoreSeat(f.Name, f.Core)
}

// Hub shows Training mode's menu.
func (t *Training) Hub() { t.hub(t.app) }

func (t *Training) hub(a *App) {
	t.load(a)
	a.Scene, a.Fight, a.Paused = SceneTraining, nil, nil
	f := t.Fighter()
	if f == nil {
		a.Menu = &MenuList{Title: "Training", Items: []Item{
			{Label: "Create my fighter", Do: a.OpenMint, Hint: "a new fighter who knows nothing yet: you will teach it"},
			{Label: "Bring a token here", Do: a.OpenOwned, Hint: "train a fighter you own that was minted elsewhere (dojo mint)"},
			{Label: "Back", Do: a.Title},
		}, Back: a.Title}
		return
	}
	sess, err := f.Sessions()
	if err != nil {
		a.Say("sessions not read: " + err.Error())
	}
	chosen, mins := 0, 0.0
	for _, s := range sess {
		if s.Chosen {
			chosen++
			mins += s.Minutes()
		}
	}
	a.Menu = &MenuList{Title: "Training", Back: a.Title, Items: []Item{
		{Label: "Fighter", Value: func() string { return t.Fighter().Name }, Change: func(d int) {
			cycle(&t.Current, d, len(t.Fighters))
			t.hub(a)
		}, Hint: "left and right choose which of your fighters to train"},
		{Label: "Sparring partner", Value: func() string { return t.sparring() }, Change: func(d int) {
			cycle(&t.Sparring, d, len(game.Bots()))
		}, Hint: "the bot you play against while you record"},
		{Label: "Record my play", Do: func() { t.startRecord(a) }, Hint: "fight the sparring partner: your fighter learns from what you do"},
		{Label: "Sessions", Value: func() string { return fmt.Sprintf("%d recorded, %d chosen (%.1f min)", len(sess), chosen, mins) }, Do: func() { t.openSessions(a) },
			Hint: "choose what Teach learns from, discard bad sessions"},
		{Label: "Teach", Do: func() { t.startTeach(a) }, Disabled: chosen == 0,
			Hint: teachHint(chosen)},
		{Label: "Watch my fighter", Do: func() { t.startWatch(a) }, Hint: "see it play, and what it thinks"},
		{Label: "Correct my fighter", Do: func() { t.startCorrect(a) }, Hint: "take over whenever it does something you would not"},
		{Label: "Save to my token", Do: a.SaveFighter, Disabled: f.Token == 0, Hint: saveHint(f)},
		{Label: "New fighter", Do: a.OpenMint, Hint: "mint another fighter"},
		{Label: "Bring a token here", Do: a.OpenOwned, Hint: "train a fighter you own that was minted elsewhere (dojo mint)"},
		{Label: "Back", Do: a.Title},
	}}
}

func saveHint(f *Fighter) string {
	if f.Token == 0 {
		return "this fighter has no token: it stays on this machine"
	}
	return fmt.Sprintf("store its Core on IPFS and move token #%d to it", f.Token)
}

func teachHint(chosen int) string {
	if chosen == 0 {
		return "record some play first"
	}
	return "train your fighter on the chosen sessions"
}

// sparringFight starts, in scene, a fight of me against the sparring
// partner on seed.
func (t *Training) sparringFight(a *App, seed uint64, me Entrant, scene Scene) error {
	opp, err := game.BotSeat(t.sparring(), 0)
	if err != nil {
		return err
	}
	a.Fight = NewFight(seed, [2]Entrant{me, {Name: t.sparring(), Form: assets.FormOf(t.sparring()), Seat: opp, Human: -1}})
	a.Scene, a.Menu, a.Paused = scene, nil, nil
	return nil
}

// recordSession records side 0 of the fight just started, a person's seat,
// as f's next session (meta completed with the fight's details), in
// windows of f's Brain, until the fight ends or the player stops it.
func (t *Training) recordSession(a *App, f *Fighter, seed uint64, meta demo.Meta) {
	iv := f.Core.Spec.Interval // the windows of the Brain that will learn from it
	meta.Opponent, meta.Seed, meta.Side, meta.Interval = "bot:"+t.sparring(), seed, 0, iv
	meta.RulesVersion, meta.CreatedBy = game.RulesVersion, "dojo-arena"
	w, path, err := f.NewSession(meta)
	if err != nil {
		a.Say("cannot record: " + err.Error())
		t.hub(a)
		return
	}
	t.Recorder = demo.NewWindowRecorder(w, 0, iv)
	t.Recorder.Attach(a.Fight.Driver)
	t.writer, t.path, t.recFighter, t.recInterval = w, path, f, iv
	a.onOver = func() { t.stopRecording(a, true) }
}

// startRecord starts a recorded fight: player 1 against the sparring bot.
func (t *Training) startRecord(a *App) {
	f := t.Fighter()
	seed := a.nextSeed()
	me := Entrant{Name: f.Name, Form: f.Form, Seat: HumanSeat(a.Dev, 0, "human:player 1"), Human: 0}
	if err := t.sparringFight(a, seed, me, SceneRecord); err != nil {
		a.Say(err.Error())
		return
	}
	t.recordSession(a, f, seed, demo.Meta{Source: "human:player 1"})
}

// stopRecording ends Record or Correct, keeping or discarding the session.
func (t *Training) stopRecording(a *App, keep bool) {
	if t.Recorder == nil {
		t.hub(a)
		return
	}
	t.Recorder.Flush()
	err := t.Recorder.Err()
	n, c := t.Recorder.Decisions(), t.Recorder.Corrections()
	if cerr := t.writer.Close(); err == nil {
		err = cerr
	}
	f := t.recFighter
	name := filepath.Base(t.path)
	t.Recorder, t.writer, t.recFighter = nil, nil, nil
	switch {
	case err != nil:
		a.Say("the recording failed: " + err.Error())
	case !keep || n == 0:
		if derr := f.Discard(name); derr != nil {
			a.Say("could not discard the session: " + derr.Error())
		} else if keep {
			a.Say("nothing was recorded")
		} else {
			a.Say("session discarded (it is in " + filepath.Join(filepath.Base(f.Dir), "discarded") + ")")
		}
	case a.Scene == SceneCorrect:
		a.Say(fmt.Sprintf("kept %d decisions, %d of them your corrections: Teach to learn from them", n, c))
	default:
		a.Say(fmt.Sprintf("recorded %d decisions (%.1f min of play): Teach to learn from them", n, playMinutes(n, t.recInterval)))
	}
	t.Correcting = nil
	t.hub(a)
}

// RecordedMinutes is how many minutes of play the recording in progress
// holds.
func (t *Training) RecordedMinutes() float64 {
	return playMinutes(t.RecordedDecisions(), t.recInterval)
}

// RecordedDecisions is how many decisions the recording in progress holds.
func (t *Training) RecordedDecisions() int {
	if t.Recorder == nil {
		return 0
	}
	return t.Recorder.Decisions()
}

// openSessions shows the Sessions scene.
func (t *Training) openSessions(a *App) { t.openSessionsOf(a, t.Fighter()) }

// openSessionsOf shows the Sessions scene of fighter f.
func (t *Training) openSessionsOf(a *App, f *Fighter) {
	t.sessFighter = f
	sess, err := f.Sessions()
	if err != nil {
		a.Say(err.Error())
	}
	t.Sessions = sess
	a.Scene = SceneSessions
	var items []Item
	for i := range sess {
		s := &t.Sessions[i]
		label := fmt.Sprintf("%s  %-7s vs %-9s %5.1f min", s.Name[:len(s.Name)-5], s.Kind, trimBot(s.Opponent), s.Minutes())
		if s.Corrections > 0 {
			label += fmt.Sprintf("  %d corrections", s.Corrections)
		}
		if s.Err != nil {
			label = s.Name + "  unreadable: " + s.Err.Error()
		}
		items = append(items, Item{Label: label, Value: func() string {
			if s.Chosen {
				return "[x] train on it"
			}
			return "[ ] left out"
		}, Change: func(int) {
			if s.Err != nil {
				return
			}
			if err := f.SetChosen(s.Name, !s.Chosen); err != nil {
				a.Say(err.Error())
				return
			}
			s.Chosen = !s.Chosen
		}, Hint: "Enter: train on it or not   Delete (Y on a pad): discard it"})
	}
	items = append(items, Item{Label: "Back", Do: func() { t.hub(a) }})
	a.Menu = &MenuList{Title: "Sessions of " + f.Name, Items: items, Back: func() { t.hub(a) }}
}

// discardSelected discards the session under the cursor.
func (t *Training) discardSelected(a *App) {
	i := a.Menu.Cursor
	if i >= len(t.Sessions) {
		return
	}
	s := t.Sessions[i]
	if err := t.sessFighter.Discard(s.Name); err != nil {
		a.Say("not discarded: " + err.Error())
		return
	}
	a.Say(s.Name + " discarded")
	cur, f := a.Menu.Cursor, t.sessFighter
	t.openSessionsOf(a, f)
	a.Menu.Cursor = min(cur, len(a.Menu.Items)-1)
}

func trimBot(s string) string {
	if len(s) > 4 && s[:4] == "bot:" {
		return s[4:]
	}
	return s
}

// startTeach starts training the fighter on its chosen sessions.
func (t *Training) startTeach(a *App) {
	f := t.Fighter()
	if t.Teach != nil && !t.TeachState.Done {
		a.Scene = SceneTeach
		t.teachMenu(a)
		return
	}
	sess, err := f.Sessions()
	if err != nil {
		a.Say(err.Error())
		return
	}
	tc, err := StartTeach(f, sess)
	if err != nil {
		a.Say(err.Error())
		return
	}
	t.Teach, t.TeachFighter, t.TeachState = tc, f, TeachState{Loading: true}
	t.PlayerStyle = nil
	a.Scene = SceneTeach
	t.teachMenu(a)
}

func (t *Training) teachMenu(a *App) {
	a.Menu = &MenuList{Items: []Item{
		{Label: "Watch my fighter", Do: func() { t.startWatch(a) }, Hint: "it goes on training meanwhile"},
		{Label: "Back to Training", Do: func() { t.hub(a) }},
	}, Back: func() { t.hub(a) }}
}

// updateTeach polls the training run and adopts its Core when it is done;
// it runs every frame in every scene, so leaving the screen loses nothing.
func (t *Training) updateTeach(a *App) {
	if t.Teach == nil {
		return
	}
	st, ready := t.Teach.State()
	t.TeachState = st
	if ready {
		if ok, err := t.Teach.Adopt(); err != nil {
			a.Say("the trained Core was not kept: " + err.Error())
		} else if ok {
			t.load(a) // every copy of the fighter now has its new Core
			t.TeachState, _ = t.Teach.State()
			m := t.TeachState.Metrics
			a.Say(fmt.Sprintf("%s learned: it agrees with %.0f%% of your held-out decisions", t.TeachFighter.Name, 100*m.Best.HoldoutAccuracy))
		}
	}
}

// startWatch shows the fighter playing the sparring bot, match after
// match.
func (t *Training) startWatch(a *App) {
	f := t.Fighter()
	mind, err := NewMind(f.Core)
	if err != nil {
		a.Say(err.Error())
		return
	}
	t.Mind = mind
	t.PlayerStyle = t.playerStyle(f)
	t.watchMatch(a, f)
}

// watchMatch plays the next watched match; the Mind, and so its style
// counts, carries over from match to match.
func (t *Training) watchMatch(a *App, f *Fighter) {
	id, _ := f.Core.ID()
	mind := t.Mind
	mine := Entrant{Name: f.Name, Form: f.Form, Human: -1, Seat: func(uint64) game.Seat {
		return game.Seat{Name: f.Name, ID: id, Controller: mind, Interval: f.Core.Spec.Interval}
	}}
	if err := t.sparringFight(a, a.nextSeed(), mine, SceneWatch); err != nil {
		a.Say(err.Error())
		return
	}
	a.onOver = func() { t.watchMatch(a, f) }
}

// playerStyle counts the player's own decisions in the chosen sessions.
func (t *Training) playerStyle(f *Fighter) *training.StyleProfile {
	sess, _ := f.Sessions()
	var paths []string
	for _, s := range sess {
		if s.Chosen && s.Kind == "play" {
			paths = append(paths, s.Path)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	set, err := demo.LoadPaths(paths...)
	if err != nil {
		return nil
	}
	var p training.StyleProfile
	for i := range set.Len() {
		o := set.Obs.At(i)
		if training.CanAct(&o) {
			p.Add(&o, int(set.Actions[i]))
		}
	}
	return &p
}

// StyleDistance is how far the watched fighter's play is from the player's
// (training.StyleDistance: 0 alike, 1 nothing alike), and whether there is
// enough of both to say.
func (t *Training) StyleDistance() (float64, bool) {
	if t.PlayerStyle == nil || t.Mind == nil || t.Mind.Decisions < 200 {
		return 0, false
	}
	return training.StyleDistance(t.PlayerStyle, &t.Mind.Style), true
}

// ActionShare is how often the player and their fighter take one action,
// among their decisions where they were free to act.
type ActionShare struct {
	Action  int
	You, It float64
}

// ActionShares are the player's n most frequent actions (wait excluded),
// with how often the watched fighter takes each: the fidelity measure's
// action usage, live. Nil until there is enough of both.
func (t *Training) ActionShares(n int) []ActionShare {
	if t.PlayerStyle == nil || t.Mind == nil || t.Mind.Decisions < 200 {
		return nil
	}
	var you, it [game.NumActions]float64
	var sumYou, sumIt float64
	for s := range t.PlayerStyle.Decisions {
		for a := range game.NumActions {
			you[a] += float64(t.PlayerStyle.Decisions[s][a])
			it[a] += float64(t.Mind.Style.Decisions[s][a])
		}
	}
	for a := range game.NumActions {
		sumYou += you[a]
		sumIt += it[a]
	}
	if sumYou == 0 || sumIt == 0 {
		return nil
	}
	var out []ActionShare
	for a := 1; a < game.NumActions; a++ {
		out = append(out, ActionShare{Action: a, You: you[a] / sumYou, It: it[a] / sumIt})
	}
	slices.SortStableFunc(out, func(x, y ActionShare) int { return cmp.Compare(y.You, x.You) })
	return out[:min(n, len(out))]
}

// startCorrect shows the fighter playing, the player taking over at will,
// recording the corrections.
func (t *Training) startCorrect(a *App) {
	f := t.Fighter()
	mind, err := NewMind(f.Core)
	if err != nil {
		a.Say(err.Error())
		return
	}
	t.Mind = mind
	c := &Correcting{Mind: mind, Player: Human{Devices: a.Dev, Player: 0}, Interval: f.Core.Spec.Interval}
	mine := Entrant{Name: f.Name, Form: f.Form, Human: -1, Seat: func(uint64) game.Seat {
		return game.Seat{Name: f.Name + " (corrected)", Controller: c, Interval: 1}
	}}
	seed := a.nextSeed()
	if err := t.sparringFight(a, seed, mine, SceneCorrect); err != nil {
		a.Say(err.Error())
		return
	}
	c.Match = a.Fight.Driver.Match
	t.Correcting = c
	t.recordSession(a, f, seed, demo.Meta{Source: "fighter:" + f.Name, Teacher: "human:player 1"})
}

// afterTick runs after each tick of the Training scenes' fights.
func (t *Training) afterTick(a *App) {
	if t.Recorder != nil && t.Recorder.Err() != nil {
		a.Say("recording stopped: " + t.Recorder.Err().Error())
		t.stopRecording(a, true)
	}
}
