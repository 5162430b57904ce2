package game

import (
	"fmt"
	"strconv"
	"strings"
)

// SeatFunc makes a fresh seat for one match; seed feeds whatever randomness
// its controller has. A SeatFunc that serves matches in parallel must return
// a controller that no other match uses.
type SeatFunc func(seed uint64) Seat

// SideSeed is the seed that side (0 or 1) of the match seeded with seed
// gives its controller: Mix(seed, side+1). Each side has its own stream, so
// two random bots in one match differ.
func SideSeed(seed uint64, side int) uint64 { return Mix(seed, uint64(side+1)) }

// SeatMatch starts the match seeded with seed: sides[i] makes side i's seat
// with SideSeed(seed, i). With hashEvery > 0 the driver records a Replay
// (see NewDriver).
//
// Every seeded match is seated here (a fight, an evaluation, a recording,
// a replay's re-drive), so a replay's seed and its two fighters are all it
// takes to seat the same match again with the same controllers.
func SeatMatch(seed uint64, sides [2]SeatFunc, hashEvery int) *Driver {
	var seats [2]Seat
	for i, seat := range sides {
		seats[i] = seat(SideSeed(seed, i))
	}
	return NewDriver(Config{Seed: seed}, seats, hashEvery)
}

// BotSeat seats the bot called name with the given decision interval (0:
// DefaultInterval). The seat's Name is "bot:NAME" and its ID the bot's
// identity by content, BotInfo.ID.
func BotSeat(name string, interval int) (SeatFunc, error) {
	b, ok := LookupBot(name)
	if !ok {
		_, err := NewBot(name, 0)
		return nil, err
	}
	id := b.ID()
	return func(seed uint64) Seat {
		c, _ := NewBot(name, seed)
		return Seat{Name: "bot:" + name, ID: id, Controller: c, Interval: interval}
	}, nil
}

// ParseBotID splits a bot identity, "bot:NAME@VERSION" (BotInfo.ID), into
// the bot's name and version.
func ParseBotID(id string) (name string, version int, err error) {
	rest, ok := strings.CutPrefix(id, "bot:")
	name, v, ok2 := strings.Cut(rest, "@")
	if !ok || !ok2 || name == "" {
		return "", 0, fmt.Errorf("%q is not a bot identity (bot:NAME@VERSION)", id)
	}
	version, err = strconv.Atoi(v)
	if err != nil || version < 0 || strconv.Itoa(version) != v {
		return "", 0, fmt.Errorf("%q is not a bot identity: version %q is not a number", id, v)
	}
	return name, version, nil
}
