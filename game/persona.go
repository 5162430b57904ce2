package game

// Personas are scripted teachers that play like people rather than like
// rules: they draw from a seeded stream (so a match is still a pure function
// of its seed), they keep state (combos of several moves, habits), they see
// their opponent late, and they fumble.
//
// What every persona shares:
//   - Reaction delay: a persona sees its own fighter and where things are
//     as they are now, but what its opponent does (its state and move, a
//     jump, a fireball thrown) as it was ReactionDecisions decisions ago:
//     12 ticks at the default interval of 4, so it answers an action 12 to
//     15 ticks after it happens.
//   - Combos: sequences of three moves, started on purpose and pressed one
//     after another as soon as the previous move ends. Each persona's combos
//     start with different pairs of moves (ComboPrefix), so the last two
//     moves always tell which combo is under way.
//   - Mistakes: on a small share of decisions it presses a random action,
//     and now and then drops a combo half way.

// ReactionDecisions is how many decisions late a persona sees its opponent.
const ReactionDecisions = 3

// Persona is a stateful, seeded teacher bot (see the package comment above
// and PersonaStyle). It is a Controller; use one per match.
type Persona struct {
	style *personaStyle
	rng   SplitMix64
	// past holds the last views of the opponent, one per decision, so that
	// the persona reacts to what it saw ReactionDecisions decisions ago.
	past [ReactionDecisions + 1]botView
	n    int
	// timer is the round timer at the last decision: when it goes up, a
	// new round has begun and the old views are forgotten.
	timer int32
	// combo is the action ids of the combo under way still to press.
	combo []int
	// habit is a style-specific plan that spans decisions (e.g. a jump-in).
	habit int
}

// personaStyle is what makes one persona differ from another.
type personaStyle struct {
	mistakes int     // percent of decisions that press a random action
	drops    int     // percent chance, per combo step, of dropping the combo
	combos   [][]int // action ids, three per combo
	decide   func(p *Persona, s *selfView, v *botView) int
}

// selfView is what a persona knows of its own fighter: the present.
type selfView struct {
	grounded   bool
	free       bool // on the ground and able to act (not attacking or stunned)
	stunned    bool // in hitstun or blockstun
	blocking   bool
	dashReady  bool
	ownProj    bool
	wall       int32 // pixels to the wall behind
	last, prev MoveID
	since      int32 // ticks since the last move started
	result     MoveResult
}

func viewSelf(o *Observation) selfView {
	s := selfView{
		grounded:  o[ObsSelf+FGrounded] != 0,
		dashReady: o[ObsSelf+FDashReady] != 0,
		ownProj:   o[ObsSelfProj+PActive] != 0,
		wall:      px(o[ObsSelfWall], StageWidth),
		since:     int32(int64(o[ObsSinceMove]) * MaxSinceMove / ObsOne),
	}
	st := StateNeutral
	for i := State(0); i < numStates; i++ {
		if o[ObsSelf+FState+int(i)] != 0 {
			st = i
		}
	}
	s.blocking = st == StateBlock
	s.stunned = st == StateHitstun || st == StateBlockstun
	s.free = s.grounded && (st == StateNeutral || st == StateCrouch || st == StateBlock)
	for k := MoveID(0); k < numMoves-1; k++ {
		if o[ObsLastMove+int(k)] != 0 {
			s.last = MoveJab + k
		}
		if o[ObsPrevMove+int(k)] != 0 {
			s.prev = MoveJab + k
		}
	}
	switch {
	case o[ObsLastResult] > 0:
		s.result = ResultHit
	case o[ObsLastResult] < 0:
		s.result = ResultBlocked
	}
	return s
}

// chance reports true pct percent of the time.
func (p *Persona) chance(pct int) bool { return p.rng.Intn(100) < int32(pct) }

// pick returns one of the actions with probability proportional to its
// weight; weights and actions alternate: pick(60, actBlock, 40, actBack).
func (p *Persona) pick(weightsAndActions ...int) int {
	total := 0
	for i := 0; i < len(weightsAndActions); i += 2 {
		total += weightsAndActions[i]
	}
	r := int(p.rng.Intn(int32(total)))
	for i := 0; i < len(weightsAndActions); i += 2 {
		if r < weightsAndActions[i] {
			return weightsAndActions[i+1]
		}
		r -= weightsAndActions[i]
	}
	return actNone
}

// startCombo begins combo i and returns its first action.
func (p *Persona) startCombo(i int) int {
	c := p.style.combos[i]
	p.combo = append(p.combo[:0], c[1:]...)
	return c[0]
}

// Decide implements Controller.
func (p *Persona) Decide(o *Observation) Input {
	s := viewSelf(o)
	if o[ObsTimer] > p.timer {
		// A new round: what it saw in the last one no longer counts.
		p.n, p.habit, p.combo = 0, habitNone, p.combo[:0]
	}
	p.timer = o[ObsTimer]
	now := view(o)
	p.past[p.n%len(p.past)] = now
	// At the start of a round it has seen nothing older than the start.
	seen := p.perceive(&now, &p.past[max(p.n-ReactionDecisions, 0)%len(p.past)])
	p.n++
	if p.chance(p.style.mistakes) {
		return actions[p.rng.Intn(NumActions)]
	}
	if len(p.combo) > 0 {
		if !s.grounded || s.stunned {
			p.combo = p.combo[:0] // knocked out of it
		} else if !s.free {
			return 0 // let go, so the next move starts when this one ends
		} else if p.chance(p.style.drops) {
			p.combo = p.combo[:0]
		} else {
			a := p.combo[0]
			p.combo = p.combo[1:]
			return actions[a]
		}
	}
	return actions[p.style.decide(p, &s, &seen)]
}

// perceive is the opponent as the persona sees it: where things are now
// (positions move smoothly and people track them), but what the opponent
// does (its state, its move, a jump, a fireball thrown) as of then, the
// view ReactionDecisions decisions ago.
func (p *Persona) perceive(now, then *botView) botView {
	v := *now
	v.oppState, v.oppPhase, v.oppReach, v.oppAir = then.oppState, then.oppPhase, then.oppReach, then.oppAir
	// A fireball is noticed late, then tracked.
	v.oppProj = now.oppProj && then.oppProj
	v.oppProjTowardsSelf = now.oppProjTowardsSelf && then.oppProj
	return v
}

// NewPersona returns a fresh persona called name, drawing from seed.
func NewPersona(name string, seed uint64) (*Persona, bool) {
	st, ok := personas[name]
	if !ok {
		return nil, false
	}
	return &Persona{style: st, rng: SplitMix64{seed}}, true
}

// PersonaCombos returns the combos of the persona called name, as moves.
func PersonaCombos(name string) [][]MoveID {
	st, ok := personas[name]
	if !ok {
		return nil
	}
	out := make([][]MoveID, len(st.combos))
	for i, c := range st.combos {
		for _, a := range c {
			out[i] = append(out[i], actionMove(a))
		}
	}
	return out
}

// actionMove is the ground move an attack action starts.
func actionMove(a int) MoveID {
	switch a {
	case actLight:
		return MoveJab
	case actHeavy:
		return MoveStrong
	case actLow:
		return MoveLow
	case actUppercut:
		return MoveUppercut
	case actSpecial:
		return MoveFireball
	case actThrow:
		return MoveThrow
	}
	return MoveNone
}

var personas = map[string]*personaStyle{
	"brawler": {mistakes: 6, drops: 8, decide: brawler, combos: [][]int{
		{actLight, actLight, actHeavy}, // jab, jab, strong
		{actLow, actLow, actUppercut},  // low, low, uppercut
		{actLight, actLow, actThrow},   // jab, low, throw
	}},
	"sniper": {mistakes: 5, drops: 10, decide: sniper, combos: [][]int{
		{actLow, actLight, actSpecial}, // low, jab, fireball: pokes, then zone again
	}},
	"wall": {mistakes: 5, drops: 6, decide: wall, combos: [][]int{
		{actHeavy, actLight, actLight}, // punish: strong, jab, jab
		{actLow, actHeavy, actThrow},   // low, strong, throw
	}},
}

// Habits, kept in Persona.habit across decisions.
const (
	habitNone    = iota
	habitJumpIn  // sniper: jump in after a whiffed fireball
	habitCounter // wall: counter right after blocking
)

// brawler presses forward and lives for combos: it walks or dashes in,
// opens with one of three combos up close, throws after a blocked string,
// jumps in with air attacks and blocks only some of the time.
func brawler(p *Persona, s *selfView, v *botView) int {
	if !s.grounded {
		if v.dist < 75 && v.dy < 50 {
			return p.pick(60, actHeavy, 40, actLight)
		}
		return actForward
	}
	if !s.free {
		return actNone
	}
	switch {
	case s.result == ResultBlocked && s.since < 24 && v.dist < 60 && p.chance(60):
		return actThrow // a blocked string ends in a throw
	case v.threat() && p.chance(55):
		return p.pick(80, actBlock, 20, actJumpBack)
	case v.projectileClose(110):
		return p.pick(70, actJumpForward, 30, actBlock)
	case v.oppAir && v.dist < 80 && v.dy > 30 && p.chance(60):
		return actUppercut
	case v.dist < 60:
		if v.oppState == StateBlock && p.chance(50) {
			return actThrow
		}
		return p.startCombo(p.pick(50, 0, 30, 1, 20, 2))
	case v.dist < 200:
		return p.pick(65, actForward, 20, actJumpForward, 15, actNone)
	case s.dashReady && p.chance(50):
		return actDashForward
	}
	return actForward
}

// sniper zones with fireballs at an uneven rhythm, backs off when pressed
// and anti-airs; its habit: when its fireball whiffs it often jumps in
// behind it with an air attack.
func sniper(p *Persona, s *selfView, v *botView) int {
	if !s.grounded {
		if p.habit == habitJumpIn && v.dist < 90 {
			p.habit = habitNone
			return actHeavy
		}
		if v.dist < 60 {
			return actLight
		}
		if p.habit == habitJumpIn {
			return actForward
		}
		return actBack
	}
	if !s.free {
		return actNone
	}
	if p.habit == habitJumpIn {
		p.habit = habitNone // landed: the jump-in is over
	}
	whiffed := s.last == MoveFireball && s.result == ResultNone && !s.ownProj && s.since < MaxSinceMove
	switch {
	case whiffed && v.dist > 120 && v.dist < 330 && p.chance(45):
		p.habit = habitJumpIn
		return actJumpForward
	case v.projectileClose(120):
		if !s.ownProj && p.chance(35) {
			return actSpecial
		}
		return p.pick(60, actJump, 40, actBlock)
	case v.oppAir && v.dist < 90 && v.dy > 20 && p.chance(55):
		return actUppercut
	case v.dist < 55 && p.chance(40):
		return p.startCombo(0)
	case v.dist < 100:
		if s.wall < 60 {
			return p.pick(60, actJumpForward, 40, actLight)
		}
		if s.dashReady {
			return p.pick(45, actDashBack, 25, actBack, 20, actLight, 10, actBlock)
		}
		return p.pick(50, actBack, 30, actLight, 20, actBlock)
	case !s.ownProj && v.dist > 150:
		return p.pick(55, actSpecial, 30, actNone, 15, actBack)
	case v.dist < 180:
		return p.pick(60, actBack, 40, actNone)
	case v.dist > 420:
		return actForward
	}
	return p.pick(70, actNone, 15, actCrouch, 15, actBack)
}

// wall guards at mid range and counters: it blocks most pressure, punishes
// recovery with a strong-led combo, uppercuts jumps, and right after it has
// blocked something it answers with a throw or a low poke.
func wall(p *Persona, s *selfView, v *botView) int {
	if !s.grounded {
		return actNone
	}
	if !s.free {
		// Blockstun or recovery: plan the counter for when it ends.
		if v.dist < 70 {
			p.habit = habitCounter
		}
		return actBlock
	}
	if p.habit == habitCounter {
		p.habit = habitNone
		if v.dist < 60 && p.chance(70) {
			return p.pick(55, actThrow, 45, actLow)
		}
	}
	switch {
	case v.projectileClose(140):
		return p.pick(80, actBlock, 20, actJump)
	case v.threat():
		return p.pick(85, actBlock, 15, actCrouch)
	case v.oppAir && v.dist < 90 && v.dy > 20 && p.chance(70):
		return actUppercut
	case v.dist < 85 && (v.oppPhase == 2 || v.oppState == StateHitstun) && p.chance(75):
		return p.startCombo(0)
	case v.dist < 55 && v.oppState != StateAttack && p.chance(30):
		return p.startCombo(1)
	case v.dist > 220:
		return p.pick(60, actForward, 40, actNone)
	case v.dist < 160:
		return p.pick(75, actBlock, 10, actCrouch, 10, actBack, 5, actNone)
	}
	return p.pick(50, actForward, 50, actBlock)
}

// Sparring is the baseline opponent of win-rate checks: a sensible rule
// four times in five and a random action otherwise. It ducks fireballs
// (a crouching body is below them), walks in between them and pokes up
// close, so it beats random clearly and a fighter that merely spams one
// action, fireballs included, does not beat it.
type Sparring struct{ r SplitMix64 }

// NewSparring returns a sparring bot drawing from seed.
func NewSparring(seed uint64) *Sparring { return &Sparring{SplitMix64{seed}} }

// Decide implements Controller.
func (b *Sparring) Decide(o *Observation) Input {
	v := view(o)
	r := b.r.Intn(100)
	switch {
	case r < 20:
		return actions[b.r.Intn(NumActions)]
	case !(o[ObsSelf+FGrounded] != 0):
		return actions[actLight]
	case v.oppProj && (v.projectileClose(90) || abs32(v.oppProjDX) < 50),
		v.oppState == StateAttack && v.oppPhase == 0 && v.oppReach < 20 && v.dist < 200:
		return actions[actCrouch] // a fireball flies over a crouching body
	case v.threat() && r < 60:
		return actions[actBlock]
	case v.dist < 60:
		return actions[[...]int{actLight, actLight, actLow, actThrow, actHeavy}[b.r.Intn(5)]]
	case v.dist < 250:
		return actions[actForward]
	case r < 45:
		return actions[actSpecial]
	}
	return actions[actForward]
}
