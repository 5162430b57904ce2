package tournament

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// Entrant is a fighter registered for a tournament, fixed by content at
// registration: a later move of a token's pointer does not change it.
type Entrant struct {
	// Spec is how it was given: bot:NAME, core:DIR, token:ID.
	Spec string `json:"spec"`
	Name string `json:"name"`
	// ID is its identity by content, as replays record it: a bot's
	// "bot:NAME@VERSION", a Core's ID.
	ID string `json:"id"`
	// Manifest is a token's manifest CID when it registered.
	Manifest string `json:"manifest,omitempty"`
	// Memories is a Core's Memories hash.
	Memories string `json:"memories,omitempty"`
	// Excluded says why the entrant plays no match (its Core failed
	// verification); empty for one that plays.
	Excluded string `json:"excluded,omitempty"`
	// Flags are warnings that do not exclude it: Memories identical to
	// another entrant's (the "copy the champion's model" attack).
	Flags []string `json:"flags,omitempty"`

	seat game.SeatFunc
	core *brain.Core
}

// Core is a Core entrant's Core (nil for a bot).
func (e *Entrant) Core() *brain.Core { return e.core }

// Bot is a bot entrant's name ("" for a Core).
func (e *Entrant) Bot() string {
	if name, ok := strings.CutPrefix(e.Spec, "bot:"); ok && e.core == nil {
		return name
	}
	return ""
}

// Seat is the entrant's seat.
func (e *Entrant) Seat() game.SeatFunc { return e.seat }

// BotEntrant registers the bot called name.
func BotEntrant(name string) (Entrant, error) {
	info, ok := game.LookupBot(name)
	if !ok {
		return Entrant{}, fmt.Errorf("no bot %q", name)
	}
	s, err := game.BotSeat(name, 0)
	if err != nil {
		return Entrant{}, err
	}
	return Entrant{Spec: "bot:" + name, Name: name, ID: info.ID(), seat: s}, nil
}

// CoreEntrant registers Core c (already loaded and validated) under name;
// manifest is its token's manifest CID, if it came from one.
func CoreEntrant(spec, name string, c *brain.Core, manifest string) (Entrant, error) {
	id, err := c.ID()
	if err != nil {
		return Entrant{}, err
	}
	mh, err := c.MemoriesHash()
	if err != nil {
		return Entrant{}, err
	}
	s, err := training.CoreSeat(name, c)
	if err != nil {
		return Entrant{}, err
	}
	return Entrant{Spec: spec, Name: name, ID: id, Manifest: manifest, Memories: mh, seat: s, core: c}, nil
}

// Excluded registers an entrant that cannot play, and why.
func ExcludedEntrant(spec, name, why string) Entrant {
	return Entrant{Spec: spec, Name: name, Excluded: why}
}

// FlagCopies flags every entrant whose Memories are byte-identical to an
// earlier entrant's: the same trained parameters entered twice, which is how
// a copied champion shows. An entrant that is the same fighter as an earlier
// one (the same token, the same bot, a Core directory with the same Core)
// is excluded: one fighter plays and is rated once. Calling it again (an
// entrant registered since) adds nothing twice.
func FlagCopies(es []Entrant) {
	first := map[string]int{}
	same := map[string]int{}
	for i := range es {
		if es[i].Excluded != "" {
			continue
		}
		if m := es[i].Memories; m != "" {
			if j, dup := first[m]; dup {
				flag := fmt.Sprintf("its Memories are byte-identical to %s's (%s)", es[j].Name, m)
				if !slices.Contains(es[i].Flags, flag) {
					es[i].Flags = append(es[i].Flags, flag)
				}
			} else {
				first[m] = i
			}
		}
		if k := es[i].Key(); k != "" {
			if j, dup := same[k]; dup {
				es[i].Excluded = fmt.Sprintf("entered twice: the same fighter as %s (%s)", es[j].Name, es[j].Spec)
				continue
			}
			same[k] = i
		}
	}
}
