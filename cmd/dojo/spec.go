package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// fighterHelp describes the fighter specs every command accepts.
var fighterHelp = `A fighter is given as bot:NAME (bots: ` + strings.Join(game.BotNames(), ", ") + `),
core:DIR (a Core directory, see dojo core new, playing its most likely
action) or sample:DIR (the same Core drawing each action from its policy,
seeded by the match: closer to the style it learned, see dojo fidelity) or
token:ID (a minted fighter: its current Core, fetched from IPFS through the
chain and checked link by link; see dojo fetch for the flags that say where).`

// fighterSpec is a fighter spec that parsed: a known bot, or a Core
// directory not yet loaded.
type fighterSpec struct {
	spec, kind, name string
}

// parseFighter checks a fighter spec without loading anything: its form,
// its kind and, for a bot, that the bot exists. Its errors are usage
// errors.
func parseFighter(spec string) (fighterSpec, error) {
	kind, name, ok := strings.Cut(spec, ":")
	if !ok || name == "" {
		return fighterSpec{}, usagef("fighter %q: want KIND:NAME, e.g. bot:rushdown", spec)
	}
	switch kind {
	case "bot":
		if _, ok := game.LookupBot(name); !ok {
			return fighterSpec{}, usagef("fighter %q: unknown bot %q (known bots: %s)", spec, name, strings.Join(game.BotNames(), ", "))
		}
	case "core", "sample":
	case "token":
		n, err := parseToken(name)
		if err != nil {
			return fighterSpec{}, usagef("fighter %q: %v", spec, err)
		}
		// One spelling a token: token:01 is token:1, so that it is one
		// fighter in a tournament and in the ratings.
		name = n.String()
		spec = "token:" + name
	default:
		return fighterSpec{}, usagef("fighter %q: unknown kind %q (known: bot, core, sample, token)", spec, kind)
	}
	return fighterSpec{spec: spec, kind: kind, name: name}, nil
}

// checkFighters parses the fighter specs of several flags, given as flag
// name, spec, flag name, spec, ..., before anything is loaded.
func checkFighters(flagSpecs ...string) error {
	for i := 0; i+1 < len(flagSpecs); i += 2 {
		if _, err := parseFighter(flagSpecs[i+1]); err != nil {
			return fmt.Errorf("%s: %w", flagSpecs[i], err)
		}
	}
	return nil
}

// seat makes the fighter's SeatFunc, loading its Core if it has one.
// interval is the decision interval for fighters that do not carry their
// own.
func (f fighterSpec) seat(interval int) (training.SeatFunc, error) {
	if f.kind == "bot" {
		o, err := training.BotOpponent(f.name, interval)
		if err != nil {
			return nil, fmt.Errorf("fighter %q: %w", f.spec, err)
		}
		return o.Seat, nil
	}
	var c *brain.Core
	var err error
	if f.kind == "token" {
		c, err = tokenCore(f.name)
	} else {
		c, err = brain.LoadCore(f.name)
	}
	if err != nil {
		return nil, fmt.Errorf("fighter %q: %w", f.spec, err)
	}
	// The Brain carries its own decision interval; the seat is named by
	// the Core's ID in replays (marked when it samples).
	newSeat := training.CoreSeat
	if f.kind == "sample" {
		newSeat = training.SampledCoreSeat
	}
	seat, err := newSeat(f.spec, c)
	if err != nil {
		return nil, fmt.Errorf("fighter %q: %w", f.spec, err)
	}
	return seat, nil
}

// resolveFighter turns a fighter spec into a SeatFunc that makes a fresh seat
// (with its own controller) for every match. interval is the decision
// interval for fighters that do not carry their own.
func resolveFighter(spec string, interval int) (training.SeatFunc, error) {
	f, err := parseFighter(spec)
	if err != nil {
		return nil, err
	}
	return f.seat(interval)
}

// coreDirs returns the Core directories among fighter specs.
func coreDirs(specs ...string) []string {
	var dirs []string
	for _, s := range specs {
		if dir, ok := strings.CutPrefix(s, "core:"); ok && dir != "" {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// tokenFlags are the NFT flags of the running command, for token:ID
// fighters; nil when the command takes none.
var tokenFlags *nftFlags

// tokenCore fetches the current Core of a minted fighter. The replay names
// it by content (its Core ID), never by token: a later save does not change
// what a replay holds.
func tokenCore(id string) (*brain.Core, error) {
	if tokenFlags == nil {
		return nil, errors.New("token fighters are for dojo fight; elsewhere fetch the Core first (dojo fetch ID --out DIR) and give core:DIR")
	}
	n, err := parseToken(id)
	if err != nil {
		return nil, err
	}
	var core *brain.Core
	err = func() error {
		ctx, cancel := context.WithTimeout(context.Background(), tokenFlags.timeout)
		defer cancel()
		env, err := openNFT(ctx, tokenFlags, "dojo (token fighter)", false, io.Discard)
		if err != nil {
			return err
		}
		defer env.Close()
		got, err := env.agents.Fetch(ctx, n)
		if err != nil {
			return err
		}
		core = got.Core
		return nil
	}()
	return core, err
}
