package main

import (
	"fmt"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// fighterHelp describes the fighter specs every command accepts.
var fighterHelp = `A fighter is given as bot:NAME (bots: ` + strings.Join(game.BotNames(), ", ") + `)
or core:DIR (a Core directory, see dojo core new).`

// resolveFighter turns a fighter spec into a SeatFunc that makes a fresh seat
// (with its own controller) for every match. interval is the decision
// interval for fighters that do not carry their own.
func resolveFighter(spec string, interval int) (training.SeatFunc, error) {
	kind, name, ok := strings.Cut(spec, ":")
	if !ok || name == "" {
		return nil, fmt.Errorf("fighter %q: want KIND:NAME, e.g. bot:rushdown", spec)
	}
	switch kind {
	case "bot":
		o, err := training.BotOpponent(name, interval)
		if err != nil {
			return nil, fmt.Errorf("fighter %q: %w", spec, err)
		}
		return o.Seat, nil
	case "core":
		c, err := brain.LoadCore(name)
		if err != nil {
			return nil, fmt.Errorf("fighter %q: %w", spec, err)
		}
		// The Brain carries its own decision interval; the seat is named
		// by the Core's ID in replays.
		seat, err := training.CoreSeat(spec, c)
		if err != nil {
			return nil, fmt.Errorf("fighter %q: %w", spec, err)
		}
		return seat, nil
	}
	return nil, fmt.Errorf("fighter %q: unknown kind %q (known: bot, core)", spec, kind)
}
