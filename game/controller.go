package game

// Controller decides a fighter's input from its observation. Scripted bots,
// keyboard input and neural policies all satisfy it.
//
// Decide answers in the observation's frame (see Observation): when the
// observation is mirrored, Left means the world's right. It must not keep
// the pointer after returning.
type Controller interface {
	Decide(o *Observation) Input
}

// DefaultInterval is the decision interval used when a Seat gives none: a
// controller decides every 4 ticks (15 times a second) and its input is held
// in between.
const DefaultInterval = 4

// Seat puts a Controller into a match.
type Seat struct {
	// Name is the human label of the controller in results, e.g.
	// "bot:rushdown" or "core:my-core". It may be a local path and is never
	// recorded in a replay.
	Name string
	// ID names the controller by what decides its play, as a replay records
	// it: a bot's BotInfo.ID ("bot:NAME@VERSION"), a Core's ID (from its
	// Brain and Memories hashes). Empty when the controller has no identity
	// by content; a replay then records an empty identity and can be
	// verified from its inputs only.
	ID         string
	Controller Controller
	// Interval is the decision interval in ticks: the controller decides on
	// every tick of a round that is a multiple of it (the first tick of a
	// round included) and its input is held in between.
	// Zero means DefaultInterval.
	Interval int
}

func (s *Seat) interval() int32 {
	if s.Interval <= 0 {
		return DefaultInterval
	}
	return int32(s.Interval)
}

// DecisionFunc is called with every decision a Driver takes: the side, the
// observation the controller saw and the input it answered (in that
// observation's frame). It must not keep o.
type DecisionFunc func(side int, o *Observation, in Input)

// Driver runs a match between two seats tick by tick: it asks each controller
// for a decision on its interval, holds the input in between, steps the match
// and, when Replay is set, records the world inputs and the state hashes.
type Driver struct {
	Match *Match
	Seats [2]Seat
	// OnDecision, when set, sees every decision (demonstration recording).
	OnDecision DecisionFunc
	// Replay, when set, records the match as it is played.
	Replay *Replay

	held [2]Input
	obs  Observation
	key  uint64 // the replay's header digest, which seeds its checkpoints
}

// NewDriver starts a match with cfg between the two seats. When hashEvery is
// positive the driver records a Replay, naming each side by its seat's ID,
// with a checkpoint hash every hashEvery ticks. A seeded match between two
// seat makers is started with SeatMatch, which calls NewDriver.
func NewDriver(cfg Config, seats [2]Seat, hashEvery int) *Driver {
	d := &Driver{Match: NewMatch(cfg), Seats: seats}
	if hashEvery > 0 {
		r := &Replay{
			RulesVersion: RulesVersion,
			Seed:         cfg.Seed,
			Players:      [2]string{seats[0].ID, seats[1].ID},
			Intervals:    [2]int{int(seats[0].interval()), int(seats[1].interval())},
			HashEvery:    hashEvery,
			Inputs:       make([][2]Input, 0, 4*RoundTicks),
		}
		d.key = r.headerKey()
		r.Start = checkpoint(d.key, d.Match.Hash())
		d.Replay = r
	}
	return d
}

// Step plays one tick. It does nothing once the match is over.
func (d *Driver) Step() {
	m := d.Match
	if m.Over {
		return
	}
	for side := range d.Seats {
		s := &d.Seats[side]
		// Decide on the round's clock, so that every round starts with a
		// fresh decision rather than an input held over from the last one.
		if m.RoundTick%s.interval() != 0 {
			continue
		}
		m.Observe(side, &d.obs)
		in := s.Controller.Decide(&d.obs) & AllButtons
		if d.OnDecision != nil {
			d.OnDecision(side, &d.obs, in)
		}
		if d.obs.Mirrored() {
			in = in.Mirror()
		}
		d.held[side] = in
	}
	m.Step(d.held)
	if r := d.Replay; r != nil {
		r.Inputs = append(r.Inputs, d.held)
		if int(m.Tick)%r.HashEvery == 0 {
			r.Hashes = append(r.Hashes, checkpoint(d.key, m.Hash()))
		}
		if m.Over {
			r.Winner = m.Winner()
			r.FinalHash = checkpoint(d.key, m.Hash())
		}
	}
}

// Run plays the match to its end and returns the result.
func (d *Driver) Run() Result {
	for !d.Match.Over {
		d.Step()
	}
	return d.Match.Result()
}
