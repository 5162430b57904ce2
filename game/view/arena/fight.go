package arena

import (
	"strconv"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/game"
)

// Entrant is one side of a fight as the arena shows it.
type Entrant struct {
	// Name is shown above the health bar.
	Name string
	// Form is how the fighter looks.
	Form assets.Form
	// Seat seats the side's controller (a person, a bot, a fighter's Core).
	Seat game.SeatFunc
	// Human is 0 or 1 for a side played by player 1 or 2 at the devices,
	// -1 for a side that plays itself.
	Human int
}

// HumanSeat seats player (0 or 1) at the devices: a controller asked on
// every tick, with no identity by content (a replay of it is verified from
// its inputs).
func HumanSeat(d *Devices, player int, name string) game.SeatFunc {
	return func(uint64) game.Seat {
		return game.Seat{Name: name, Controller: Human{Devices: d, Player: player}, Interval: 1}
	}
}

// Phase is where a fight is: a round being announced, live play, a round
// just won, or the match over.
type Phase uint8

// The phases of a fight.
const (
	PhaseIntro Phase = iota // "ROUND n" then "FIGHT": the match holds still
	PhaseLive               // each Update is one game step
	PhaseKO                 // the round's end is shown: the match holds still
	PhaseOver               // the match is over
)

// Lengths of the phases that hold the match still, and of the effects, in
// frames (1/60 s).
const (
	IntroFrames  = 75
	KOFrames     = 100
	HitstopHeavy = 6  // a heavy hit's freeze frame, drawn only
	ShakeFrames  = 14 // a heavy hit's screen shake
	SparkFrames  = 12
	ShakePixels  = 7
	heavyDamage  = 85 // a hit of this much damage or more is heavy
)

// EventKind is something a fighter did that the arena shows and sounds.
type EventKind uint8

// The events.
const (
	EventHit      EventKind = iota // a hit landed
	EventHeavyHit                  // a hit of heavyDamage or more landed
	EventBlock                     // a hit was blocked
	EventRound                     // a round starts ("FIGHT")
	EventKO                        // a round was won by KO (or time)
)

// Event is one thing that happened this frame.
type Event struct {
	Kind EventKind
	Side int // the side that was hit, blocked, or won; -1 for none
}

// Spark is a hit spark: where, and how many frames it has left.
type Spark struct {
	X, Y  int32 // world pixels, Y up from the floor
	Left  int
	Heavy bool
	Block bool
}

// Fight is a match as a player sees it: a game.Driver stepped once per
// Update during live play, and around it the round announcements, the KO,
// and the hits' sparks, freeze frame and shake.
//
// Update at 60 TPS advances exactly one game step while the fight is live.
// Between rounds (PhaseIntro, PhaseKO) it advances none: the match holds
// still while the round is announced and its end is shown. Hitstop and
// shake are drawn only: they never delay the simulation, so a replay of the
// fight runs at the same ticks as the fight.
type Fight struct {
	Driver   *game.Driver
	Entrants [2]Entrant

	phase      Phase
	phaseFrame int
	paused     bool
	frames     int // frames since the fight started, for the shake's pattern

	// shown is the picture's state: the match's fighters, or during the
	// freeze frame and the KO the state they had then.
	shown     [2]game.Fighter
	shownHeld int
	health    [2]int32 // the health bars (the round's final health during the KO)
	shake     int
	sparks    []Spark
	events    []Event
	lastRound game.RoundResult
}

// NewFight starts a match between two entrants, seeded with seed, recording
// its replay.
func NewFight(seed uint64, e [2]Entrant) *Fight {
	d := game.SeatMatch(seed, [2]game.SeatFunc{e[0].Seat, e[1].Seat}, game.DefaultHashEvery)
	f := &Fight{Driver: d, Entrants: e}
	f.shown = d.Match.Fighters
	f.health = [2]int32{game.MaxHealth, game.MaxHealth}
	return f
}

// Phase is the fight's phase.
func (f *Fight) Phase() Phase { return f.phase }

// Paused reports whether the fight is paused.
func (f *Fight) Paused() bool { return f.paused }

// SetPaused pauses or resumes the fight.
func (f *Fight) SetPaused(p bool) { f.paused = p }

// Events are what happened in the last Update.
func (f *Fight) Events() []Event { return f.events }

// Update advances the fight by one frame: one game step in live play.
func (f *Fight) Update() {
	f.events = f.events[:0]
	if f.paused || f.phase == PhaseOver {
		return
	}
	f.frames++
	f.effects()
	m := f.Driver.Match
	switch f.phase {
	case PhaseIntro:
		if f.phaseFrame == 0 {
			f.shown = m.Fighters
			f.health = [2]int32{m.Fighters[0].Health, m.Fighters[1].Health}
		}
		f.phaseFrame++
		if f.phaseFrame >= IntroFrames {
			f.setPhase(PhaseLive)
			f.events = append(f.events, Event{Kind: EventRound, Side: -1})
		}
	case PhaseLive:
		f.step()
	case PhaseKO:
		f.phaseFrame++
		if f.phaseFrame >= KOFrames {
			if m.Over {
				f.setPhase(PhaseOver)
			} else {
				f.setPhase(PhaseIntro)
			}
		}
	}
}

func (f *Fight) setPhase(p Phase) { f.phase, f.phaseFrame = p, 0 }

// effects ages the sparks, the shake and the freeze frame.
func (f *Fight) effects() {
	kept := f.sparks[:0]
	for _, s := range f.sparks {
		if s.Left--; s.Left > 0 {
			kept = append(kept, s)
		}
	}
	f.sparks = kept
	if f.shake > 0 {
		f.shake--
	}
	if f.shownHeld > 0 {
		f.shownHeld--
	}
}

// step plays one game step and turns what changed into events.
func (f *Fight) step() {
	m := f.Driver.Match
	before := m.Fighters
	st := m.Stats
	round := m.Round
	f.Driver.Step()
	after := m.Fighters
	ended := m.Round != round
	if ended {
		// The match has already set up the next round (or ended): the
		// hits of this last tick are judged on the round's final health.
		f.lastRound = m.Rounds[len(m.Rounds)-1]
		after[0].Health, after[1].Health = f.lastRound.Health[0], f.lastRound.Health[1]
	}
	for att := range 2 {
		def := 1 - att
		if m.Stats.HitsLanded[att] > st.HitsLanded[att] {
			dmg := before[def].Health - after[def].Health
			heavy := dmg >= heavyDamage
			kind := EventHit
			if heavy {
				kind = EventHeavyHit
				f.shake = ShakeFrames
				f.shownHeld = HitstopHeavy
			}
			f.events = append(f.events, Event{Kind: kind, Side: def})
			f.spark(&after[def], heavy, false)
		}
		if m.Stats.HitsBlocked[def] > st.HitsBlocked[def] {
			f.events = append(f.events, Event{Kind: EventBlock, Side: def})
			f.spark(&after[def], false, true)
		}
	}
	switch {
	case ended:
		f.shown = before
		f.shown[0].Health, f.shown[1].Health = after[0].Health, after[1].Health
		f.health = [2]int32{after[0].Health, after[1].Health}
		f.shownHeld = 0
		f.events = append(f.events, Event{Kind: EventKO, Side: f.lastRound.Winner})
		f.setPhase(PhaseKO)
	case f.shownHeld == HitstopHeavy:
		f.shown = after // the freeze frame: the moment of the heavy hit
		f.health = [2]int32{after[0].Health, after[1].Health}
	case f.shownHeld == 0:
		f.shown = after
		f.health = [2]int32{after[0].Health, after[1].Health}
	}
}

// spark puts a spark on the fighter that was hit, at chest height on the
// side facing its opponent.
func (f *Fight) spark(def *game.Fighter, heavy, block bool) {
	x := def.X/game.Unit + 14*def.Facing
	y := def.Y/game.Unit + 62
	f.sparks = append(f.sparks, Spark{X: x, Y: y, Left: SparkFrames, Heavy: heavy, Block: block})
}

// FightView is what a fight's picture shows this frame; package view draws
// it and changes nothing.
type FightView struct {
	Fighters [2]game.Fighter
	Health   [2]int32
	Wins     [2]int32
	Round    int // 1-based
	Seconds  int // left on the round's clock
	Sparks   []Spark
	// ShakeX, ShakeY offset the whole picture (a heavy hit's shake).
	ShakeX, ShakeY int
	// Banner is the big announcement ("ROUND 2", "FIGHT!", "K.O.", "TIME",
	// "PLAYER 1 WINS"), empty when there is none.
	Banner string
	// Sub is a smaller line under the banner.
	Sub    string
	Phase  Phase
	Paused bool
	// Freeze reports a heavy hit's freeze frame.
	Freeze bool
}

// View is the fight's picture this frame.
func (f *Fight) View() FightView {
	m := f.Driver.Match
	v := FightView{
		Fighters: f.shown, Health: f.health, Wins: m.Wins,
		Round:  int(m.Round) + 1,
		Sparks: f.sparks, Phase: f.phase, Paused: f.paused,
		Freeze: f.shownHeld > 0,
	}
	left := game.RoundTicks - int(m.RoundTick)
	v.Seconds = (left + game.TickRate - 1) / game.TickRate
	if f.shake > 0 {
		// A fixed pattern, fading with the shake: no randomness in the view.
		a := ShakePixels * f.shake / ShakeFrames
		pat := [4][2]int{{1, -1}, {-1, 1}, {1, 1}, {-1, -1}}[f.frames%4]
		v.ShakeX, v.ShakeY = a*pat[0], a*pat[1]/2
	}
	switch f.phase {
	case PhaseIntro:
		if f.phaseFrame < IntroFrames*2/3 {
			v.Banner = "ROUND " + strconv.Itoa(v.Round)
			if m.Wins[0] == game.RoundsToWin-1 && m.Wins[1] == game.RoundsToWin-1 {
				v.Banner = "FINAL ROUND"
			}
		} else {
			v.Banner = "FIGHT!"
		}
	case PhaseKO:
		v.Round = int(m.Round) // the round that just ended
		v.Seconds = (game.RoundTicks - f.lastRound.Ticks + game.TickRate - 1) / game.TickRate
		switch f.lastRound.Reason {
		case "timeout":
			v.Banner = "TIME"
		case "double-ko":
			v.Banner = "DOUBLE K.O."
		default:
			v.Banner = "K.O."
		}
		if w := f.lastRound.Winner; w >= 0 {
			v.Sub = f.Entrants[w].Name + " wins the round"
		} else {
			v.Sub = "a draw"
		}
	case PhaseOver:
		v.Round = int(m.Round)
		if w := m.Winner(); w >= 0 {
			v.Banner = f.Entrants[w].Name + " WINS"
		} else {
			v.Banner = "DRAW"
		}
	}
	return v
}

// PoseOf is the sprite pose and frame that shows fighter f; ko shows it
// knocked out.
func PoseOf(f *game.Fighter, ko bool) (assets.Pose, int) {
	pick := func(p assets.Pose, i int) (assets.Pose, int) {
		n := p.Frames()
		return p, ((i % n) + n) % n
	}
	switch {
	case ko:
		return pick(assets.KO, int(f.Frame)/8)
	case f.State == game.StateHitstun:
		return pick(assets.Hitstun, int(f.Frame)/4)
	case f.State == game.StateBlock || f.State == game.StateBlockstun:
		return pick(assets.Block, 0)
	case f.State == game.StateAttack:
		mv := game.MoveData(f.Move)
		n := assets.Attack.Frames()
		var i int
		switch {
		case f.Frame < mv.Startup:
			i = int(f.Frame) * (n - 2) / int(max(mv.Startup, 1))
		case f.Frame < mv.Startup+mv.Active:
			i = n - 2
		default:
			i = n - 1
		}
		return pick(assets.Attack, i)
	case !f.Grounded || f.State == game.StateAir:
		return pick(assets.Jump, int(f.Frame)/6)
	case f.State == game.StateDash || f.VX != 0:
		return pick(assets.Walk, int(f.Frame)/6)
	}
	return pick(assets.Idle, int(f.Frame)/10)
}
