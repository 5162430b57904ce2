package arena

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// maxReplayFile bounds a replay file before it is read: a best-of-3 at
// 60 ticks/s is under 100 KB.
const maxReplayFile = 4 << 20

// replayName is the form of the names Save gives replays.
var replayName = regexp.MustCompile(`^[0-9]{5,7}$`)

// Speeds are the replay player's speeds, in game steps per frame
// (fractions: one step every 1/s frames).
var Speeds = []float64{0.25, 0.5, 1, 2, 4}

// Replays is the replay list and the replay player.
type Replays struct {
	Dir  string
	List []ReplayInfo

	// The replay playing.
	Playing *ReplayInfo
	Paused  bool
	Speed   int // index into Speeds
	acc     float64
	tape    *game.Replay
}

// ReplayInfo is one saved replay: the file and who played.
type ReplayInfo struct {
	Name  string
	Path  string
	Names [2]string
	Forms [2]assets.Form
	Err   error
}

// replaySide is the sidecar JSON beside a replay: how the arena showed the
// fighters (names and Forms). The replay itself names them by content.
type replaySide struct {
	Version int                `json:"version"`
	Names   [2]string          `json:"names"`
	Forms   [2]json.RawMessage `json:"forms"`
}

// Save writes the fight's replay to the replays folder, with its sidecar,
// each whole or not at all, under a new name. It returns the name.
func (r *Replays) Save(f *Fight) (string, error) {
	if f == nil || f.Driver.Replay == nil {
		return "", errors.New("no replay was recorded")
	}
	data, err := f.Driver.Replay.MarshalBinary()
	if err != nil {
		return "", err
	}
	side := replaySide{Version: 1}
	for i, e := range f.Entrants {
		side.Names[i] = e.Name
		if side.Forms[i], err = assets.MarshalForm(e.Form); err != nil {
			return "", err
		}
	}
	js, err := jsonIndent(side)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(r.Dir, 0o700); err != nil {
		return "", err
	}
	for n := 1; n < 1000000; n++ {
		name := fmt.Sprintf("%05d", n)
		path := filepath.Join(r.Dir, name+".replay")
		side := filepath.Join(r.Dir, name+".json")
		if exists(path) || exists(side) {
			continue
		}
		// The replay claims the name (WriteNew: one writer wins), then its
		// sidecar; neither ever replaces a file. A replay whose sidecar is
		// missing is listed with default names.
		if err := atomicfile.WriteNew(path, data); err != nil {
			if errors.Is(err, os.ErrExist) {
				continue
			}
			return "", err
		}
		if err := atomicfile.WriteNew(side, js); err != nil && !errors.Is(err, os.ErrExist) {
			return name, fmt.Errorf("replay %s saved without its names: %w", name, err)
		}
		return name, nil
	}
	return "", errors.New("too many replays")
}

// Load lists the saved replays, newest first.
func (r *Replays) Load() {
	r.List = r.List[:0]
	entries, _ := os.ReadDir(r.Dir)
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".replay")
		if !ok || !e.Type().IsRegular() || !replayName.MatchString(name) {
			continue // only the names Save gives: nothing to escape on screen
		}
		info := ReplayInfo{Name: name, Path: filepath.Join(r.Dir, e.Name()), Names: [2]string{"player 1", "player 2"}}
		info.Forms = [2]assets.Form{assets.RandomForm(1), assets.RandomForm(2)}
		if data, err := boundedfile.Read(filepath.Join(r.Dir, name+".json"), 16<<10); err == nil {
			var side replaySide
			if strictjson.Unmarshal(data, &side) == nil && side.Version == 1 {
				for i := range 2 {
					if CheckName(side.Names[i]) == nil {
						info.Names[i] = side.Names[i]
					}
					if f, err := assets.ParseForm(side.Forms[i]); err == nil {
						info.Forms[i] = f
					}
				}
			}
		}
		r.List = append(r.List, info)
	}
	slices.Reverse(r.List)
}

// open returns the Title menu's action for Replays.
func (r *Replays) open(a *App) func() {
	return func() { r.Open(a) }
}

// Open shows the replay list.
func (r *Replays) Open(a *App) {
	r.Load()
	a.Scene, a.Fight, a.Paused = SceneReplays, nil, nil
	var items []Item
	for i := range r.List {
		info := &r.List[i]
		items = append(items, Item{Label: info.Name + "   " + info.Names[0] + " vs " + info.Names[1], Do: func() { r.Play(a, info) }})
	}
	if len(items) == 0 {
		items = append(items, Item{Label: "No replays yet", Disabled: true, Hint: "after a fight, choose \"Save the replay\""})
	}
	items = append(items, Item{Label: "Back", Do: a.Title})
	a.Menu = &MenuList{Title: "Replays", Items: items, Back: a.Title}
}

// tapeController plays one side of a replay: the recorded world input of
// every tick, turned into the observation's frame (the Driver turns it back).
type tapeController struct {
	tape  *game.Replay
	match *game.Match
	side  int
}

func (c *tapeController) Decide(o *game.Observation) game.Input {
	t := int(c.match.Tick)
	if t >= len(c.tape.Inputs) {
		return 0
	}
	in := c.tape.Inputs[t][c.side]
	if o.Mirrored() {
		in = in.Mirror()
	}
	return in
}

// ReadReplay reads and verifies a replay file: its inputs must give its
// checkpoints before it is shown.
func ReadReplay(path string) (*game.Replay, error) {
	data, err := boundedfile.Read(path, maxReplayFile)
	if err != nil {
		return nil, err
	}
	var rep game.Replay
	if err := rep.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, err := rep.Verify(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &rep, nil
}

// Play starts the replay player on info.
func (r *Replays) Play(a *App, info *ReplayInfo) {
	rep, err := ReadReplay(info.Path)
	if err != nil {
		a.Say("cannot play it: " + err.Error())
		return
	}
	var tapes [2]*tapeController
	var es [2]Entrant
	for i := range 2 {
		tapes[i] = &tapeController{tape: rep, side: i}
		c := tapes[i]
		es[i] = Entrant{Name: info.Names[i], Form: info.Forms[i], Human: -1, Seat: func(uint64) game.Seat {
			return game.Seat{Name: info.Names[i], Controller: c, Interval: 1}
		}}
	}
	a.Fight = NewFight(rep.Seed, es)
	for i := range tapes {
		tapes[i].match = a.Fight.Driver.Match
	}
	r.Playing, r.tape, r.Paused, r.Speed, r.acc = info, rep, false, 2, 0
	a.Scene, a.Menu, a.Paused = SceneReplay, nil, nil
}

// update runs the replay player: Space or Enter pauses, right steps one
// frame while paused, up and down change the speed, Escape goes back.
func (r *Replays) update(a *App) {
	d := a.Dev
	switch {
	case d.Menu(MenuBack):
		r.Open(a)
		return
	case d.Menu(MenuConfirm):
		r.Paused = !r.Paused
	case d.Menu(MenuUp):
		r.Speed = min(r.Speed+1, len(Speeds)-1)
	case d.Menu(MenuDown):
		r.Speed = max(r.Speed-1, 0)
	}
	f := a.Fight
	if r.Paused {
		if d.Menu(MenuRight) {
			f.Update()
		}
		return
	}
	r.acc += Speeds[r.Speed]
	for r.acc >= 1 && f.Phase() != PhaseOver {
		r.acc--
		f.Update()
	}
}

// Tick is the replay's position and length in ticks.
func (r *Replays) Tick(f *Fight) (int, int) {
	if r.tape == nil || f == nil {
		return 0, 0
	}
	return int(f.Driver.Match.Tick), len(r.tape.Inputs)
}
