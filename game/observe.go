package game

// ObsSpecVersion versions the layout and scaling of Observation.
//
// Version 2 added a short memory (the buttons held, the last two moves and
// what the last one did) and a fine close-range distance; version 1
// observations are refused by every reader (demonstrations, Brains).
const ObsSpecVersion = 2

// ObsLen is the number of features in an Observation.
const ObsLen = 96

// ObsOne is the fixed-point scale of observation features: a feature value v
// stands for v/ObsOne. Features are integers so that every consumer, float or
// integer, sees exactly the same numbers on every machine.
const ObsOne = 1 << 12

// Observation is one fighter's view of the match: a fixed-length feature vector
// in fixed point (see ObsOne), from that fighter's point of view.
//
// The world is mirrored, when needed, so that the observing fighter ("self")
// is always on the left of its opponent (at equal x: facing right). Left and
// Right in the Input a Controller returns are read in the same mirrored
// frame; Mirrored tells whether this observation was mirrored.
//
// Layout (ObsSpecVersion 2), scales in brackets:
//
//	 0 round timer left [RoundTicks]     4 opponent's distance to the wall behind it [StageWidth]
//	 1 dx = opponent x - self x [StageWidth]  5 self's round wins [RoundsToWin]
//	 2 dy = opponent y - self y [StageHeight] 6 opponent's round wins [RoundsToWin]
//	 3 self's distance to the wall behind it [StageWidth]  7 1 if mirrored, else 0
//	 8..31 self (fighter block), 32..55 opponent (fighter block)
//	56..59 self's projectile, 60..63 opponent's projectile:
//	       active (0/1), x - self x [StageWidth], y [StageHeight], vx [16 px/tick]
//
// A fighter block, at offset o:
//
//	o+0 x [StageWidth]   o+1 y [StageHeight]   o+2 vx, o+3 vy [16 px/tick]
//	o+4 health [MaxHealth]   o+5 facing (+1 towards the right)   o+6 grounded (0/1)
//	o+7 on a platform (0/1)  o+8 air jumps left  o+9 dash ready (0/1)
//	o+10..o+17 state one-hot, in State order (neutral, crouch, air, dash, attack,
//	           hitstun, blockstun, block)
//	o+18..o+20 move phase one-hot (startup, active, recovery); all 0 when not attacking
//	o+21 move damage [100]   o+22 move reach: front edge of its hitbox [100 px]
//	o+23 ticks left in the current move or stun [64]
//
// Memory and close range (self's own history this round; features 64..95):
//
//	64..73 the buttons self held on the previous tick, one per button in
//	       Input bit order (left, right, up, down, light, heavy, special,
//	       block, throw, dash), left and right in this observation's frame
//	74..81 self's last move started, one-hot in MoveID order from MoveJab
//	       (jab, strong, low, uppercut, air light, air heavy, fireball, throw);
//	       all 0 before the first move of the round
//	82..89 self's move before that, the same way
//	90 ticks since self's last move started [MaxSinceMove], 1 when none yet
//	91 what the last move did: 1 hit, 0 nothing yet, -1 blocked
//	92 the gap between the two bodies when under 64 px [64 px], else 1
//	93 the opponent's ticks since its last move started [MaxSinceMove]
//	94 1 if the opponent's last move was a fireball, else 0
//	95 what the opponent's last move did: 1 hit, 0 nothing yet, -1 blocked
type Observation [ObsLen]int32

// Indices of Observation features; the fighter fields are offsets within a
// fighter block (ObsSelf or ObsOpp).
const (
	ObsTimer       = 0
	ObsDX          = 1
	ObsDY          = 2
	ObsSelfWall    = 3
	ObsOppWall     = 4
	ObsSelfWins    = 5
	ObsOppWins     = 6
	ObsMirrored    = 7
	ObsSelf        = 8
	ObsOpp         = 32
	ObsSelfProj    = 56
	ObsOppProj     = 60
	ObsHeld        = 64 // + button bit index
	ObsLastMove    = 74 // + MoveID - MoveJab
	ObsPrevMove    = 82 // + MoveID - MoveJab
	ObsSinceMove   = 90
	ObsLastResult  = 91
	ObsGap         = 92
	ObsOppSince    = 93
	ObsOppFireball = 94
	ObsOppResult   = 95
	obsGapScale    = 64 * Unit
	FX             = 0
	FY             = 1
	FVX            = 2
	FVY            = 3
	FHealth        = 4
	FFacing        = 5
	FGrounded      = 6
	FOnPlatform    = 7
	FAirJumps      = 8
	FDashReady     = 9
	FState         = 10 // + State
	FPhase         = 18 // + 0 startup, 1 active, 2 recovery
	FMoveDamage    = 21
	FMoveReach     = 22
	FLeft          = 23
	PActive        = 0
	PDX            = 1
	PY             = 2
	PVX            = 3
	obsSpeedScale  = 16 * Unit
	obsFrameScale  = 64
	obsDamageScale = 100
	obsReachScale  = 100 * Unit
)

// Mirrored reports whether the observation's frame is the mirror image of the
// world's, so that a Controller's Left and Right are swapped.
func (o *Observation) Mirrored() bool { return o[ObsMirrored] != 0 }

// scale returns v/den in fixed point, rounding toward zero.
func scale(v, den int32) int32 { return int32(int64(v) * ObsOne / int64(den)) }

func bit(b bool) int32 {
	if b {
		return ObsOne
	}
	return 0
}

// Observe writes side's observation of the match into o. It allocates
// nothing.
func (m *Match) Observe(side int, o *Observation) {
	self, opp := &m.Fighters[side], &m.Fighters[1-side]
	mir := self.X > opp.X || (self.X == opp.X && self.Facing < 0)
	// x maps a world x into the observation frame; d a world velocity or
	// facing.
	x := func(v int32) int32 {
		if mir {
			return StageWidth*Unit - v
		}
		return v
	}
	d := func(v int32) int32 {
		if mir {
			return -v
		}
		return v
	}
	sx, ox := x(self.X), x(opp.X)
	o[ObsTimer] = scale(RoundTicks-m.RoundTick, RoundTicks)
	o[ObsDX] = scale(ox-sx, StageWidth*Unit)
	o[ObsDY] = scale(opp.Y-self.Y, StageHeight*Unit)
	o[ObsSelfWall] = scale(sx-halfWidth, StageWidth*Unit)
	o[ObsOppWall] = scale(StageWidth*Unit-halfWidth-ox, StageWidth*Unit)
	o[ObsSelfWins] = scale(m.Wins[side], RoundsToWin)
	o[ObsOppWins] = scale(m.Wins[1-side], RoundsToWin)
	o[ObsMirrored] = bit(mir)
	observeFighter(o[ObsSelf:ObsSelf+24], self, sx, d)
	observeFighter(o[ObsOpp:ObsOpp+24], opp, ox, d)
	observeProj(o[ObsSelfProj:ObsSelfProj+4], &self.Proj, sx, x, d)
	observeProj(o[ObsOppProj:ObsOppProj+4], &opp.Proj, sx, x, d)

	held := self.PrevInput
	if mir {
		held = held.Mirror()
	}
	for b := 0; b < numButtons; b++ {
		o[ObsHeld+b] = bit(held&(1<<b) != 0)
	}
	for k := 0; k < int(numMoves-1); k++ {
		o[ObsLastMove+k] = bit(self.LastMoves[0] == MoveJab+MoveID(k))
		o[ObsPrevMove+k] = bit(self.LastMoves[1] == MoveJab+MoveID(k))
	}
	o[ObsSinceMove] = since(self)
	o[ObsLastResult] = result(self.LastResult)
	gap := abs32(self.X-opp.X) - 2*halfWidth
	o[ObsGap] = scale(min(max(gap, 0), obsGapScale), obsGapScale)
	o[ObsOppSince] = since(opp)
	o[ObsOppFireball] = bit(opp.LastMoves[0] == MoveFireball)
	o[ObsOppResult] = result(opp.LastResult)
}

// since is f's ticks since its last move started, 1 when it has none.
func since(f *Fighter) int32 {
	if f.LastMoves[0] == MoveNone {
		return ObsOne
	}
	return scale(f.SinceMove, MaxSinceMove)
}

func result(r MoveResult) int32 {
	switch r {
	case ResultHit:
		return ObsOne
	case ResultBlocked:
		return -ObsOne
	}
	return 0
}

func observeFighter(o []int32, f *Fighter, fx int32, d func(int32) int32) {
	o[FX] = scale(fx, StageWidth*Unit)
	o[FY] = scale(f.Y, StageHeight*Unit)
	o[FVX] = scale(d(f.VX), obsSpeedScale)
	o[FVY] = scale(f.VY, obsSpeedScale)
	o[FHealth] = scale(f.Health, MaxHealth)
	o[FFacing] = d(f.Facing) * ObsOne
	o[FGrounded] = bit(f.Grounded)
	o[FOnPlatform] = bit(f.Platform != 0)
	o[FAirJumps] = f.AirJumps * ObsOne
	o[FDashReady] = bit(f.DashCool == 0)
	for s := State(0); s < numStates; s++ {
		o[FState+int(s)] = bit(f.State == s)
	}
	ph := f.phase()
	for p := 0; p < 3; p++ {
		o[FPhase+p] = bit(ph == p)
	}
	var left int32
	switch f.State {
	case StateAttack:
		mv := &moves[f.Move]
		o[FMoveDamage] = scale(mv.Damage, obsDamageScale)
		o[FMoveReach] = scale(mv.Hit.X1, obsReachScale)
		left = mv.Total() - f.Frame
	case StateHitstun, StateBlockstun:
		o[FMoveDamage], o[FMoveReach] = 0, 0
		left = f.Stun
	case StateDash:
		o[FMoveDamage], o[FMoveReach] = 0, 0
		left = dashTicks - f.Frame
	default:
		o[FMoveDamage], o[FMoveReach] = 0, 0
	}
	o[FLeft] = scale(left, obsFrameScale)
}

func observeProj(o []int32, p *ProjectileState, sx int32, x, d func(int32) int32) {
	if p.Active == 0 {
		o[PActive], o[PDX], o[PY], o[PVX] = 0, 0, 0, 0
		return
	}
	o[PActive] = ObsOne
	o[PDX] = scale(x(p.X)-sx, StageWidth*Unit)
	o[PY] = scale(p.Y, StageHeight*Unit)
	o[PVX] = scale(d(p.VX), obsSpeedScale)
}
