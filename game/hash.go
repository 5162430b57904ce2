package game

// FNV-1a, 64 bit, over a fixed little-endian layout of the state. Written out
// by hand so that hashing allocates nothing and never depends on memory
// layout, map order or the platform.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type hasher uint64

func (h *hasher) u32(v uint32) {
	x := uint64(*h)
	x = (x ^ uint64(v&0xff)) * fnvPrime
	x = (x ^ uint64(v>>8&0xff)) * fnvPrime
	x = (x ^ uint64(v>>16&0xff)) * fnvPrime
	x = (x ^ uint64(v>>24)) * fnvPrime
	*h = hasher(x)
}

func (h *hasher) i32(v int32) { h.u32(uint32(v)) }

func (h *hasher) bool(b bool) {
	if b {
		h.u32(1)
	} else {
		h.u32(0)
	}
}

func (h *hasher) fighter(f *Fighter) {
	h.i32(f.X)
	h.i32(f.Y)
	h.i32(f.VX)
	h.i32(f.VY)
	h.i32(f.Health)
	h.i32(f.Facing)
	h.u32(uint32(f.State))
	h.u32(uint32(f.Move))
	h.i32(f.Frame)
	h.i32(f.Stun)
	h.bool(f.Grounded)
	h.i32(f.Platform)
	h.bool(f.Dropping)
	h.i32(f.AirJumps)
	h.i32(f.DashCool)
	h.i32(f.DashDir)
	h.bool(f.HitDone)
	h.u32(uint32(f.PrevInput))
	h.i32(f.Proj.Active)
	h.i32(f.Proj.X)
	h.i32(f.Proj.Y)
	h.i32(f.Proj.VX)
	h.u32(uint32(f.LastMoves[0]))
	h.u32(uint32(f.LastMoves[1]))
	h.i32(f.SinceMove)
	h.u32(uint32(f.LastResult))
}

// Hash is a 64-bit FNV-1a hash of the whole simulation state (fighters, clock,
// score and PRNG). Two matches with equal hashes will play on identically.
func (m *Match) Hash() uint64 {
	h := hasher(fnvOffset)
	h.u32(RulesVersion)
	h.i32(m.Tick)
	h.i32(m.Round)
	h.i32(m.RoundTick)
	h.i32(m.Wins[0])
	h.i32(m.Wins[1])
	h.bool(m.Over)
	h.u32(uint32(m.rng.State))
	h.u32(uint32(m.rng.State >> 32))
	h.fighter(&m.Fighters[0])
	h.fighter(&m.Fighters[1])
	return uint64(h)
}
