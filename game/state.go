package game

// State is what a fighter is doing; it decides which inputs it accepts.
type State uint8

// The fighter states. Observation encodes them one-hot in this order.
const (
	StateNeutral   State = iota // standing or walking on the ground
	StateCrouch                 // crouching on the ground
	StateAir                    // airborne and free to act
	StateDash                   // dashing along the ground
	StateAttack                 // performing a move (Fighter.Move)
	StateHitstun                // hit: cannot act until Stun runs out
	StateBlockstun              // blocked a hit: cannot act until Stun runs out
	StateBlock                  // holding block on the ground
	numStates
)

var stateNames = [numStates]string{"neutral", "crouch", "air", "dash", "attack", "hitstun", "blockstun", "block"}

// String is the state's name, as the observation documentation uses it.
func (s State) String() string {
	if s < numStates {
		return stateNames[s]
	}
	return "invalid"
}

// ProjectileState is a fighter's fireball; each fighter has at most one in
// flight.
type ProjectileState struct {
	Active int32 // 1 while in flight
	X, Y   int32 // centre of the box's bottom edge, units
	VX     int32
}

// Fighter is one fighter's whole simulation state. All fields are integers so
// that the state hashes the same everywhere.
type Fighter struct {
	X, Y      int32 // feet, units; Y = 0 is the floor
	VX, VY    int32 // units per tick
	Health    int32
	Facing    int32 // +1 right, -1 left
	State     State
	Move      MoveID // the move in progress when State is StateAttack
	Frame     int32  // ticks spent in the current state
	Stun      int32  // ticks of hitstun or blockstun left
	Grounded  bool
	Platform  int32 // index+1 of the platform stood on, 0 for the floor or the air
	Dropping  bool  // falling through a platform after Down
	AirJumps  int32 // jumps left in the air
	DashCool  int32 // ticks until the next dash is allowed
	DashDir   int32
	HitDone   bool  // the current move already connected
	PrevInput Input // world input of the previous tick (for press edges)
	Proj      ProjectileState

	// A short memory of the fighter's own moves this round, which the
	// observation shows (ObsSpecVersion 2) so that a policy can continue a
	// combo it started.
	LastMoves  [2]MoveID  // the last two moves started, most recent first
	SinceMove  int32      // ticks since LastMoves[0] started, saturating at MaxSinceMove
	LastResult MoveResult // what LastMoves[0] (or its fireball) did to the opponent
}

// MoveResult is what a fighter's last move did to its opponent.
type MoveResult uint8

// The move results.
const (
	ResultNone    MoveResult = iota // no contact (yet): a whiff, or still coming
	ResultHit                       // it hit
	ResultBlocked                   // it was blocked
)

// MaxSinceMove is where Fighter.SinceMove saturates: about a second.
const MaxSinceMove = 64

// crouched reports whether the fighter's hurtbox is crouch height.
func (f *Fighter) crouched() bool {
	return f.State == StateCrouch || (f.State == StateAttack && moves[f.Move].Crouching)
}

// hurtbox is the fighter's body in world units.
func (f *Fighter) hurtbox() (x0, x1, y0, y1 int32) {
	h := int32(standHeight)
	if f.crouched() {
		h = crouchHeight
	}
	return f.X - halfWidth, f.X + halfWidth, f.Y, f.Y + h
}

// worldBox places b, given for a fighter facing right at x, y, in the world.
func worldBox(b Box, x, y, facing int32) (x0, x1, y0, y1 int32) {
	if facing > 0 {
		return x + b.X0, x + b.X1, y + b.Y0, y + b.Y1
	}
	return x - b.X1, x - b.X0, y + b.Y0, y + b.Y1
}

// overlap reports whether two boxes intersect. The comparisons are strict on
// both sides so that the test is symmetric under mirroring.
func overlap(ax0, ax1, ay0, ay1, bx0, bx1, by0, by1 int32) bool {
	return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1
}

// phase of the current move: 0 startup, 1 active, 2 recovery, -1 none.
func (f *Fighter) phase() int {
	if f.State != StateAttack {
		return -1
	}
	m := &moves[f.Move]
	switch {
	case f.Frame < m.Startup:
		return 0
	case f.Frame < m.Startup+m.Active:
		return 1
	default:
		return 2
	}
}

// RoundResult is how one round ended.
type RoundResult struct {
	Winner int      // 0 for P1, 1 for P2, -1 for a draw
	Reason string   // "ko", "double-ko" or "timeout"
	Ticks  int      // length of the round
	Health [2]int32 // health at the end of the round
}

// Stats counts what each fighter did, for style measurements. It is derived
// from the inputs and is not part of the state hash.
type Stats struct {
	Moves        [2][numMoves]int // moves started, per move
	HitsLanded   [2]int
	HitsBlocked  [2]int // hits this fighter blocked
	BlockTicks   [2]int // ticks spent in StateBlock or StateBlockstun
	AirTicks     [2]int
	DistanceSum  int64 // sum over ticks of |x1 - x2| in pixels
	TicksCounted int
}

// Attacks is the number of moves fighter side started.
func (s *Stats) Attacks(side int) int {
	n := 0
	for m := MoveJab; m < numMoves; m++ {
		n += s.Moves[side][m]
	}
	return n
}

// MoveCount is how often fighter side started move m.
func (s *Stats) MoveCount(side int, m MoveID) int { return s.Moves[side][m] }

// MeanDistance is the average horizontal distance between the fighters, pixels.
func (s *Stats) MeanDistance() float64 {
	if s.TicksCounted == 0 {
		return 0
	}
	return float64(s.DistanceSum) / float64(s.TicksCounted)
}
