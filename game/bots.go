package game

import (
	"fmt"
	"strings"
)

// BotFunc is a scripted bot that decides from its observation alone: the
// same observation always gives the same action id. That makes the scripted
// bots exact teachers for imitation learning. It returns an index into
// the action space (see Action).
type BotFunc func(o *Observation) int

// Decide makes a BotFunc a Controller.
func (b BotFunc) Decide(o *Observation) Input { return actions[b(o)] }

// botView is an observation decoded into pixels and ticks, in the
// observation's frame (self on the left).
type botView struct {
	dist, dy           int32 // opponent minus self, pixels
	selfWall           int32 // pixels between self and the wall behind it
	selfGrounded       bool
	selfDash           bool
	oppState           State
	oppPhase           int // -1 none, 0 startup, 1 active, 2 recovery
	oppReach           int32
	oppAir             bool
	ownProj            bool
	oppProj            bool
	oppProjDX          int32 // pixels from self to the opponent's projectile
	oppProjTowardsSelf bool
}

func px(v, scale int32) int32 { return int32(int64(v) * int64(scale) / ObsOne) }

func view(o *Observation) botView {
	var v botView
	v.dist = px(o[ObsDX], StageWidth)
	v.dy = px(o[ObsDY], StageHeight)
	v.selfWall = px(o[ObsSelfWall], StageWidth)
	v.selfGrounded = o[ObsSelf+FGrounded] != 0
	v.selfDash = o[ObsSelf+FDashReady] != 0
	for s := State(0); s < numStates; s++ {
		if o[ObsOpp+FState+int(s)] != 0 {
			v.oppState = s
		}
	}
	v.oppPhase = -1
	for p := 0; p < 3; p++ {
		if o[ObsOpp+FPhase+p] != 0 {
			v.oppPhase = p
		}
	}
	v.oppReach = px(o[ObsOpp+FMoveReach], 100)
	v.oppAir = o[ObsOpp+FGrounded] == 0
	v.ownProj = o[ObsSelfProj+PActive] != 0
	v.oppProj = o[ObsOppProj+PActive] != 0
	v.oppProjDX = px(o[ObsOppProj+PDX], StageWidth)
	v.oppProjTowardsSelf = v.oppProj && (o[ObsOppProj+PVX] < 0) == (v.oppProjDX > 0)
	return v
}

// Action ids, named for the bots' readability.
const (
	actNone = iota
	actBack
	actForward
	actJump
	actJumpBack
	actJumpForward
	actCrouch
	actLight
	actHeavy
	actSpecial
	actBlock
	actThrow
	actDashBack
	actDashForward
	actLow
	actUppercut
)

// threat reports whether the opponent's move can still hit from where it is.
func (v *botView) threat() bool {
	return v.oppState == StateAttack && v.oppPhase <= 1 && v.dist < v.oppReach+halfWidth/Unit+30
}

// projectileClose reports whether the opponent's fireball will reach self
// within about n pixels.
func (v *botView) projectileClose(n int32) bool {
	return v.oppProjTowardsSelf && abs32(v.oppProjDX) < n
}

// Rushdown closes the distance and keeps attacking: jabs, strongs when the
// opponent is already hit, throws against a block, uppercuts against jumps.
func Rushdown(o *Observation) int {
	v := view(o)
	switch {
	case !v.selfGrounded:
		if v.dist < 70 && v.dy < 40 {
			return actLight
		}
		return actForward
	case v.projectileClose(110):
		return actJumpForward
	case v.oppAir && v.dist < 70 && v.dy > 30:
		return actUppercut
	case v.dist < 55 && (v.oppState == StateBlock || v.oppState == StateCrouch):
		return actThrow
	case v.dist < 80 && (v.oppState == StateHitstun || v.oppPhase == 2):
		return actHeavy
	case v.dist < 60:
		return actLight
	case v.dist > 220 && v.selfDash:
		return actDashForward
	}
	return actForward
}

// Turtle waits behind its guard and counters: it walks in to mid range and
// blocks there, punishes recovery with a strong, answers jumps with an
// uppercut, pokes low at an idle opponent up close and throws one that
// blocks too.
func Turtle(o *Observation) int {
	v := view(o)
	switch {
	case !v.selfGrounded:
		return actNone
	case v.projectileClose(140):
		return actBlock
	case v.threat():
		return actBlock
	case v.oppAir && v.dist < 90 && v.dy > 20:
		return actUppercut
	case v.dist < 85 && (v.oppPhase == 2 || v.oppState == StateHitstun):
		return actHeavy
	case v.dist < 50 && v.oppState == StateBlock:
		return actThrow
	case v.dist < 60 && v.oppState != StateAttack:
		return actLow
	case v.dist > 180:
		return actForward
	}
	return actBlock
}

// Zoner keeps its distance and fires: it throws a fireball whenever it has
// none in flight, jumps the opponent's, backs off (dashing, or jumping out
// of a corner) when the opponent gets close, and uppercuts jump-ins.
func Zoner(o *Observation) int {
	v := view(o)
	switch {
	case !v.selfGrounded:
		if v.dist < 60 {
			return actLight
		}
		return actBack
	case v.projectileClose(120) && !v.ownProj && abs32(v.oppProjDX) > 60:
		return actSpecial
	case v.projectileClose(120):
		return actJump
	case v.oppAir && v.dist < 90 && v.dy > 20:
		return actUppercut
	case v.dist < 70 && v.threat():
		return actBlock
	case v.dist < 60:
		return actLight
	case v.dist < 200 && v.selfWall < 60:
		return actJumpForward
	case v.dist < 200 && v.selfDash:
		return actDashBack
	case v.dist < 200:
		return actBack
	case !v.ownProj:
		return actSpecial
	case v.dist > 420:
		return actForward
	}
	return actNone
}

// RandomBot presses a uniformly random action at every decision, from its own
// seeded stream.
type RandomBot struct{ r SplitMix64 }

// NewRandomBot returns a random bot seeded with seed.
func NewRandomBot(seed uint64) *RandomBot { return &RandomBot{SplitMix64{seed}} }

// Decide implements Controller.
func (b *RandomBot) Decide(*Observation) Input { return actions[b.r.Intn(NumActions)] }

// BotInfo describes a bot that NewBot knows.
type BotInfo struct {
	// Name is what NewBot and the bot:NAME fighter spec take.
	Name string `json:"name"`
	// Version changes whenever the bot's play changes: a replay names a bot
	// by name and version (see ID), so a replay of an older version is
	// refused rather than re-run with different play.
	Version int `json:"version"`
	// Style is a one-line description of how the bot plays.
	Style string `json:"style"`
	// Stateless bots decide from their observation alone (a BotFunc);
	// the others keep state or draw from a seeded stream.
	Stateless bool `json:"stateless"`

	fn  BotFunc
	new func(seed uint64) Controller
}

// ID is the bot's identity by content, as replays record it:
// "bot:NAME@VERSION".
func (b BotInfo) ID() string { return fmt.Sprintf("bot:%s@%d", b.Name, b.Version) }

// bots is every bot NewBot knows, sorted by name.
var bots = []BotInfo{
	{Name: "brawler", Version: 1, Style: "a combo player: rushes in, opens with jab-jab-strong, low-low-uppercut or jab-low-throw, throws after a blocked string; reacts 12-15 ticks late, fumbles 6%",
		new: func(seed uint64) Controller { p, _ := NewPersona("brawler", seed); return p }},
	{Name: "random", Version: 1, Style: "presses a uniformly random action at every decision",
		new: func(seed uint64) Controller { return NewRandomBot(seed) }},
	{Name: "rushdown", Version: 1, Stateless: true, fn: Rushdown,
		Style: "closes in and keeps attacking: jabs, strongs on a hit opponent, throws against a block"},
	{Name: "sniper", Version: 1, Style: "a zoning player: fireballs at an uneven rhythm, backs off when pressed, jumps in behind a fireball that whiffed; reacts 12-15 ticks late, fumbles 5%",
		new: func(seed uint64) Controller { p, _ := NewPersona("sniper", seed); return p }},
	{Name: "sparring", Version: 1, Style: "the baseline of win-rate checks: a sensible rule three times in four, a random action otherwise; beats random, loses to every style",
		new: func(seed uint64) Controller { return NewSparring(seed) }},
	{Name: "turtle", Version: 1, Stateless: true, fn: Turtle,
		Style: "blocks at mid range and counters: punishes recovery, uppercuts jumps, pokes low"},
	{Name: "wall", Version: 1, Style: "a patient defender: blocks most pressure, counters right after blocking with a throw or a low, punishes recovery with strong-jab-jab; reacts 12-15 ticks late, fumbles 5%",
		new: func(seed uint64) Controller { p, _ := NewPersona("wall", seed); return p }},
	{Name: "zoner", Version: 1, Stateless: true, fn: Zoner,
		Style: "keeps its distance and fires: a fireball whenever none is in flight, backs off when pressed"},
}

// Bots lists every bot NewBot knows, sorted by name.
func Bots() []BotInfo { return append([]BotInfo(nil), bots...) }

// LookupBot returns the description of the bot called name.
func LookupBot(name string) (BotInfo, bool) {
	for _, b := range bots {
		if b.Name == name {
			return b, true
		}
	}
	return BotInfo{}, false
}

// BotNames lists every bot NewBot knows, sorted.
func BotNames() []string {
	names := make([]string, len(bots))
	for i, b := range bots {
		names[i] = b.Name
	}
	return names
}

// ScriptedBot returns the stateless scripted bot called name.
func ScriptedBot(name string) (BotFunc, bool) {
	b, ok := LookupBot(name)
	if !ok || b.fn == nil {
		return nil, false
	}
	return b.fn, true
}

// NewBot returns a fresh controller for the bot called name; seed feeds the
// bots that draw random numbers, so the same seed gives the same play.
func NewBot(name string, seed uint64) (Controller, error) {
	b, ok := LookupBot(name)
	switch {
	case !ok:
		return nil, fmt.Errorf("unknown bot %q (known bots: %s)", name, strings.Join(BotNames(), ", "))
	case b.fn != nil:
		return b.fn, nil
	}
	return b.new(seed), nil
}
