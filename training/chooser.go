package training

import "time"

// modeChooser decides, from the measured time of training steps, whether
// the fast engine's steps run on its team or on the caller alone. Both
// give the same bytes, so the choice is free to follow the machine: it
// times chooseTry steps each way, keeps the faster for the next
// chooseKeep steps, and times both again, since a neighbour may start or
// stop at any time. The team must be clearly faster (by a 32nd) to be
// kept: alone costs one core, not two.
//
// On a quiet machine two cores share every step and the team wins. Beside
// one busy process three threads share two cores: the team's helper takes
// a share of the core the caller needs and is descheduled in the middle of
// the tasks the caller waits for, so alone wins, and the engine runs as it
// would with GOMAXPROCS=1 but for the steps spent trying the team again
// (one in nine).
type modeChooser struct {
	phase     int           // choosing: trying the team; trying alone; keeping the faster
	steps     int           // steps timed in this phase
	took      time.Duration // their time
	team, one time.Duration // time per step of the last try of each way
}

// The phases of a modeChooser and their lengths in steps.
const (
	tryTeam = iota
	tryAlone
	keepFaster

	chooseTry  = 32
	chooseKeep = 256
)

// alone reports whether the next step runs on the caller alone.
func (c *modeChooser) alone() bool {
	switch c.phase {
	case tryTeam:
		return false
	case tryAlone:
		return true
	}
	return !c.teamWins()
}

// teamWins reports whether the team was clearly the faster at the last try.
func (c *modeChooser) teamWins() bool { return c.team < c.one-c.one/32 }

// record counts a step that took d, in the way alone said.
func (c *modeChooser) record(d time.Duration) {
	c.steps++
	c.took += d
	switch {
	case c.phase == tryTeam && c.steps == chooseTry:
		c.team = c.took / chooseTry
	case c.phase == tryAlone && c.steps == chooseTry:
		c.one = c.took / chooseTry
	case c.phase == keepFaster && c.steps == chooseKeep:
	default:
		return
	}
	c.phase = (c.phase + 1) % 3
	c.steps, c.took = 0, 0
}
