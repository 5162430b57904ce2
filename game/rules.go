package game

// RulesVersion versions everything that decides how a match plays out: the
// stage, the physics constants, the frame data and the round rules. Any change
// that alters a state hash must bump it (and regenerate the golden hashes with
// go test ./game -run Golden -update).
//
// Version 2 added each fighter's memory of its own moves (Fighter.LastMoves,
// SinceMove, LastResult) to the state.
const RulesVersion = 2

// TickRate is the simulation rate: ticks per second of play.
const TickRate = 60

// Unit is the fixed-point scale of positions and speeds: one pixel is Unit
// units, so a speed of 2*Unit moves two pixels per tick.
const Unit = 256

// Stage geometry, in pixels. The floor is y = 0 and y grows upwards; the walls
// are x = 0 and x = StageWidth. The stage is symmetric about StageWidth/2.
const (
	StageWidth  = 960
	StageHeight = 540
)

// Platform is a one-way floating platform: a fighter falling onto its top
// lands on it; one jumping from below passes through; holding Down on it drops
// through. Coordinates are in units.
type Platform struct {
	X0, X1, Y int32
}

// Platforms returns the stage's two floating platforms, placed
// symmetrically. The table itself is private so that nothing outside the
// rules can change it without a RulesVersion bump.
func Platforms() [2]Platform { return platforms }

var platforms = [2]Platform{
	{X0: 150 * Unit, X1: 330 * Unit, Y: 100 * Unit},
	{X0: (StageWidth - 330) * Unit, X1: (StageWidth - 150) * Unit, Y: 100 * Unit},
}

// Fighter body and movement constants, in units (per tick where a speed).
const (
	MaxHealth     = 1000
	halfWidth     = 24 * Unit
	standHeight   = 96 * Unit
	crouchHeight  = 60 * Unit
	walkSpeed     = 4 * Unit
	airSpeed      = 3 * Unit
	dashSpeed     = 10 * Unit
	dashTicks     = 10
	dashCooldown  = 24
	jumpSpeed     = 11 * Unit
	airJumpSpeed  = 9*Unit + Unit/2
	gravity       = Unit / 2
	maxFallSpeed  = 14 * Unit
	fastFallSpeed = 12 * Unit
	friction      = Unit / 4
	startGap      = 300 * Unit // distance between fighters at round start, before jitter
	startJitter   = 32 * Unit  // up to this much is added to each side's distance from centre
)

// Round rules.
const (
	// RoundTicks is the round timer: 99 seconds.
	RoundTicks = 99 * TickRate
	// RoundsToWin is how many round wins take the match (best of 3).
	RoundsToWin = 2
	// MaxRounds caps a match whose rounds keep ending in draws.
	MaxRounds = 5
)

// The written rule for ending rounds and matches (RulesVersion 1):
//
//   - A round ends by KO when a fighter's health reaches 0. If both reach 0 on
//     the same tick (a trade or double KO), the round is a draw.
//   - A round that reaches RoundTicks ends by time-out: the fighter with more
//     health wins it; equal health makes it a draw.
//   - A drawn round counts for neither fighter.
//   - The match ends as soon as a fighter has RoundsToWin round wins (that
//     fighter wins), or after MaxRounds rounds, when the fighter with more round
//     wins wins and equal round wins make the match a draw.

// MoveID names an entry of the frame data table.
type MoveID uint8

// The moves. MoveNone is "not attacking".
const (
	MoveNone     MoveID = iota
	MoveJab             // light, standing
	MoveStrong          // heavy, standing
	MoveLow             // down+light: a low poke from a crouch
	MoveUppercut        // down+heavy: anti-air
	MoveAirLight        // light in the air
	MoveAirHeavy        // heavy in the air
	MoveFireball        // special: throws a projectile
	MoveThrow           // throw: beats block, only on grounded, unstunned targets
	numMoves
)

// MoveKind says how a move connects.
type MoveKind uint8

// The kinds of move.
const (
	Strike     MoveKind = iota // a hitbox that can be blocked
	Projectile                 // spawns a projectile at the end of startup
	Grab                       // ignores block; only grounded, unstunned targets
)

// Box is an axis-aligned box relative to a fighter's feet, for a fighter
// facing right: X grows forwards, Y upwards. Units.
type Box struct {
	X0, X1, Y0, Y1 int32
}

// Move is one row of the frame data table. Frames are ticks. Knockback is a
// speed in units per tick, away from the attacker (KnockY upwards).
type Move struct {
	Name                      string
	Kind                      MoveKind
	Startup, Active, Recovery int32
	Damage, Chip              int32
	Hitstun, Blockstun        int32
	KnockX, KnockY            int32
	Hit                       Box
	Crouching                 bool // the attacker's hurtbox is crouch height while it lasts
}

// Total is the whole duration of the move in ticks.
func (m *Move) Total() int32 { return m.Startup + m.Active + m.Recovery }

// MoveData returns the frame data of move id (a copy: the table itself is
// private so that nothing outside the rules can change it without a
// RulesVersion bump).
func MoveData(id MoveID) Move {
	if id >= numMoves {
		return moves[MoveNone]
	}
	return moves[id]
}

// NumMoves is the number of rows of the frame data table, MoveNone included.
const NumMoves = int(numMoves)

// moves is the frame data table, indexed by MoveID.
var moves = [numMoves]Move{
	MoveNone: {Name: "none"},
	MoveJab: {Name: "jab", Kind: Strike, Startup: 4, Active: 3, Recovery: 7,
		Damage: 40, Chip: 0, Hitstun: 14, Blockstun: 9, KnockX: 3 * Unit,
		Hit: Box{10 * Unit, 62 * Unit, 55 * Unit, 80 * Unit}},
	MoveStrong: {Name: "strong", Kind: Strike, Startup: 9, Active: 4, Recovery: 16,
		Damage: 100, Chip: 10, Hitstun: 22, Blockstun: 14, KnockX: 6 * Unit,
		Hit: Box{10 * Unit, 78 * Unit, 45 * Unit, 75 * Unit}},
	MoveLow: {Name: "low", Kind: Strike, Startup: 6, Active: 3, Recovery: 10,
		Damage: 50, Chip: 0, Hitstun: 15, Blockstun: 10, KnockX: 3 * Unit,
		Hit: Box{10 * Unit, 70 * Unit, 0, 20 * Unit}, Crouching: true},
	MoveUppercut: {Name: "uppercut", Kind: Strike, Startup: 6, Active: 6, Recovery: 22,
		Damage: 90, Chip: 5, Hitstun: 26, Blockstun: 12, KnockX: 2 * Unit, KnockY: 8 * Unit,
		Hit: Box{0, 45 * Unit, 60 * Unit, 130 * Unit}},
	MoveAirLight: {Name: "air-light", Kind: Strike, Startup: 4, Active: 5, Recovery: 8,
		Damage: 45, Chip: 0, Hitstun: 14, Blockstun: 8, KnockX: 3 * Unit,
		Hit: Box{5 * Unit, 50 * Unit, 10 * Unit, 50 * Unit}},
	MoveAirHeavy: {Name: "air-heavy", Kind: Strike, Startup: 8, Active: 5, Recovery: 14,
		Damage: 85, Chip: 8, Hitstun: 20, Blockstun: 12, KnockX: 5 * Unit,
		Hit: Box{5 * Unit, 60 * Unit, -10 * Unit, 40 * Unit}},
	MoveFireball: {Name: "fireball", Kind: Projectile, Startup: 12, Active: 1, Recovery: 22,
		Damage: 70, Chip: 10, Hitstun: 18, Blockstun: 12, KnockX: 4 * Unit,
		Hit: Box{-18 * Unit, 18 * Unit, 62 * Unit, 84 * Unit}},
	MoveThrow: {Name: "throw", Kind: Grab, Startup: 4, Active: 2, Recovery: 18,
		Damage: 120, Hitstun: 30, KnockX: 7 * Unit, KnockY: 5 * Unit,
		Hit: Box{10 * Unit, 45 * Unit, 20 * Unit, 80 * Unit}},
}

// projectileSpeed is how fast a fireball flies, units per tick. Its box is
// MoveData(MoveFireball).Hit centred on the projectile's position.
const projectileSpeed = 7 * Unit

// projectileSpawn is how far in front of its thrower a fireball appears.
const projectileSpawn = 40 * Unit
