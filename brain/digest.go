package brain

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"

	"github.com/dojo-arena/dojo/game"
)

// digestMatches are the seeded matches DigestObservations samples.
var digestMatches = []struct {
	p1, p2 game.Controller
	seed   uint64
}{
	{game.BotFunc(game.Rushdown), game.BotFunc(game.Zoner), 1},
	{game.BotFunc(game.Turtle), game.NewRandomBot(2), 2},
	{game.BotFunc(game.Zoner), game.BotFunc(game.Turtle), 3},
	{game.NewRandomBot(4), game.BotFunc(game.Rushdown), 4},
}

// DigestObservations returns a fixed set of 512 observations: every 5th
// decision of both sides, up to 128 per match, of four seeded matches
// between the scripted bots and seeded random bots. The set depends only on
// game.RulesVersion and the observation spec, so it is the same on every
// machine; LogitDigest runs a Policy over it.
func DigestObservations() []game.Observation {
	const every, perMatch = 5, 128
	var obs []game.Observation
	for _, m := range digestMatches {
		seats := [2]game.Seat{{Controller: fresh(m.p1)}, {Controller: fresh(m.p2)}}
		d := game.NewDriver(game.Config{Seed: m.seed}, seats, 0)
		n, taken := 0, 0
		d.OnDecision = func(side int, o *game.Observation, in game.Input) {
			if n%every == 0 && taken < perMatch {
				obs = append(obs, *o)
				taken++
			}
			n++
		}
		d.Run()
	}
	return obs
}

// fresh returns c, or a new random bot with c's seed state when c is a
// random bot, so that every call sees the same stream.
func fresh(c game.Controller) game.Controller {
	if r, ok := c.(*game.RandomBot); ok {
		cp := *r
		return &cp
	}
	return c
}

// Actor is anything that picks an action id for an observation: a Policy or
// a FloatPolicy.
type Actor interface {
	Action(o *game.Observation) int
}

// LogitDigest runs logits (a Policy's or a FloatPolicy's Logits method) over
// obs and returns "sha256:" and the hex SHA-256 of every logit in order,
// little-endian: int64 for a Policy (2^-24 units), the float32 bits for a
// FloatPolicy. Two machines that give the same digest for the same Core
// over DigestObservations computed the same logits, so they take the same
// decisions, and the digest changes with any logit even where the action
// does not.
func LogitDigest[L int64 | float32](logits func(*game.Observation) []L, obs []game.Observation) string {
	h := sha256.New()
	var buf []byte
	for i := range obs {
		buf = buf[:0]
		for _, v := range logits(&obs[i]) {
			switch v := any(v).(type) {
			case int64:
				buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
			case float32:
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			}
		}
		h.Write(buf)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
