package game

// Config sets up a match.
type Config struct {
	Seed uint64
}

// Match is one best-of-3 match in progress. The zero value is not usable;
// call NewMatch.
type Match struct {
	Fighters  [2]Fighter
	Tick      int32 // ticks since the match started
	Round     int32 // rounds finished so far
	RoundTick int32 // ticks into the current round
	Wins      [2]int32
	Over      bool
	rng       SplitMix64
	seed      uint64

	Rounds []RoundResult
	Stats  Stats
}

// NewMatch starts a match: round 1, full health, fighters placed by the seed.
func NewMatch(cfg Config) *Match {
	m := &Match{seed: cfg.Seed, rng: SplitMix64{cfg.Seed}, Rounds: make([]RoundResult, 0, MaxRounds)}
	m.startRound()
	return m
}

// Seed is the seed the match was created with.
func (m *Match) Seed() uint64 { return m.seed }

// startRound places both fighters symmetrically about the centre, each at a
// distance from it that the PRNG jitters, and resets everything but the score.
func (m *Match) startRound() {
	d := int32(startGap/2) + m.rng.Intn(startJitter)
	c := int32(StageWidth * Unit / 2)
	for i := range m.Fighters {
		f := &m.Fighters[i]
		*f = Fighter{Health: MaxHealth, Grounded: true, AirJumps: 1, State: StateNeutral}
		if i == 0 {
			f.X, f.Facing = c-d, 1
		} else {
			f.X, f.Facing = c+d, -1
		}
	}
	m.RoundTick = 0
}

// Winner is 0 or 1 for the side that won the match, -1 for a draw or while the
// match is running.
func (m *Match) Winner() int {
	if !m.Over {
		return -1
	}
	switch {
	case m.Wins[0] > m.Wins[1]:
		return 0
	case m.Wins[1] > m.Wins[0]:
		return 1
	}
	return -1
}

// Step advances the match by one tick with each fighter's world input. It is
// a no-op once the match is over. It allocates nothing.
func (m *Match) Step(in [2]Input) {
	if m.Over {
		return
	}
	a, b := &m.Fighters[0], &m.Fighters[1]
	in[0] &= AllButtons
	in[1] &= AllButtons

	m.control(0, a, b, in[0])
	m.control(1, b, a, in[1])
	a.physics()
	b.physics()
	face(a, b)
	face(b, a)
	push(a, b)
	a.moveProjectile()
	b.moveProjectile()
	clashProjectiles(a, b)
	m.resolveHits()
	a.PrevInput, b.PrevInput = in[0], in[1]

	m.Tick++
	m.RoundTick++
	m.count()
	m.checkRound()
}

func (m *Match) count() {
	s := &m.Stats
	for i := range m.Fighters {
		f := &m.Fighters[i]
		if f.State == StateBlock || f.State == StateBlockstun {
			s.BlockTicks[i]++
		}
		if !f.Grounded {
			s.AirTicks[i]++
		}
	}
	s.DistanceSum += int64(abs32(m.Fighters[0].X-m.Fighters[1].X) / Unit)
	s.TicksCounted++
}

func (m *Match) checkRound() {
	h0, h1 := m.Fighters[0].Health, m.Fighters[1].Health
	r := RoundResult{Winner: -1, Ticks: int(m.RoundTick), Health: [2]int32{h0, h1}}
	switch {
	case h0 <= 0 && h1 <= 0:
		r.Reason = "double-ko"
	case h0 <= 0:
		r.Reason, r.Winner = "ko", 1
	case h1 <= 0:
		r.Reason, r.Winner = "ko", 0
	case m.RoundTick >= RoundTicks:
		r.Reason = "timeout"
		if h0 > h1 {
			r.Winner = 0
		} else if h1 > h0 {
			r.Winner = 1
		}
	default:
		return
	}
	m.Rounds = append(m.Rounds, r)
	m.Round++
	if r.Winner >= 0 {
		m.Wins[r.Winner]++
	}
	if m.Wins[0] >= RoundsToWin || m.Wins[1] >= RoundsToWin || m.Round >= MaxRounds {
		m.Over = true
		return
	}
	m.startRound()
}

// Result summarises a finished (or running) match.
type Result struct {
	Winner    int // 0 for P1, 1 for P2, -1 for a draw
	Wins      [2]int32
	Rounds    []RoundResult
	Health    [2]int32 // at the end of the last round
	Ticks     int32
	FinalHash uint64
}

// Result returns the match's result so far; Rounds is copied.
func (m *Match) Result() Result {
	r := Result{
		Winner: m.Winner(),
		Wins:   m.Wins,
		Rounds: append([]RoundResult(nil), m.Rounds...),
		Ticks:  m.Tick,
	}
	if n := len(m.Rounds); n > 0 && m.Over {
		r.Health = m.Rounds[n-1].Health
	} else {
		r.Health = [2]int32{m.Fighters[0].Health, m.Fighters[1].Health}
	}
	r.FinalHash = m.Hash()
	return r
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

func sign32(v int32) int32 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
