package tournament

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/dojo-arena/dojo/nft"
)

// ResultsVersion is the version of the results document.
const ResultsVersion = 1

// MaxResultsSize bounds a results document before it is read.
const MaxResultsSize = 64 << 20

// ErrBadResults is wrapped by ParseResults' errors.
var ErrBadResults = errors.New("not a valid results document")

// Formats are the tournament formats.
var Formats = []string{"round-robin", "double-round-robin", "swiss", "elimination", "gauntlet"}

// Results is a tournament's results document: who entered (fixed by
// content), every game with its seed, outcome, final state hash and replay,
// and the standings. `dojo verify-result` replays every game from it.
type Results struct {
	Version int `json:"version"`
	// Tournament is the hash of the tournament's definition (format,
	// rounds, seed and entrants), as its journal names it: the ratings
	// book takes a tournament's ratings once.
	Tournament string `json:"tournament"`
	Format     string `json:"format"`
	Rounds     int    `json:"rounds,omitempty"`
	Seed       uint64 `json:"seed,string"`
	// Start holds the entrants' ratings before the tournament, from which
	// the standings' ratings (and an elimination's bracket) come.
	Start        Start     `json:"start"`
	RulesVersion int       `json:"rules_version"`
	Entrants     []Entrant `json:"entrants"`
	Games        []Result  `json:"games"`
	Byes         []Bye     `json:"byes,omitempty"`
	Standings    []Row     `json:"standings"`
}

var (
	hashRE   = regexp.MustCompile(`^[0-9a-f]{16}$`)
	defRE    = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	gameIDRE = regexp.MustCompile(`^r[0-9]{1,4}-g[0-9]{1,5}[ab]$`)
)

// wellFormed checks a game's own fields (not its fit to a tournament): its
// id, and unless it failed, its winner, final hash and length; every string
// must be safe to print.
func (g *Result) wellFormed() error {
	if !gameIDRE.MatchString(g.ID) {
		return fmt.Errorf("game id %q is malformed", safetext.Escape(g.ID))
	}
	if err := safetext.CheckAll(g); err != nil {
		return fmt.Errorf("game %s: %w", g.ID, err)
	}
	if g.Error == "" && (g.Winner < -1 || g.Winner > 1 || !hashRE.MatchString(g.FinalHash) || g.Ticks <= 0) {
		return fmt.Errorf("game %s: winner %d, final hash %q, %d ticks", g.ID, g.Winner, g.FinalHash, g.Ticks)
	}
	return nil
}

// MarshalResults encodes r as JSON.
func MarshalResults(r *Results) ([]byte, error) { return jsonIndent(r) }

// ParseResults reads a results document, validating all of it: the
// version, every string (no text that could act on a terminal), entrant
// indexes, game ids given once, outcomes and hashes in their forms, and each
// game's players being the identities of the entrants on its sides.
func ParseResults(data []byte) (*Results, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadResults, fmt.Sprintf(format, args...))
	}
	if len(data) > MaxResultsSize {
		return nil, bad("%d bytes, more than %d", len(data), MaxResultsSize)
	}
	var r Results
	if err := strictjson.Unmarshal(data, &r); err != nil {
		return nil, bad("%v", err)
	}
	if r.Version != ResultsVersion {
		return nil, bad("version %d, this build reads %d", r.Version, ResultsVersion)
	}
	if !defRE.MatchString(r.Tournament) {
		return nil, bad("tournament %q is not a definition hash", safetext.Escape(r.Tournament))
	}
	if err := safetext.CheckAll(r); err != nil {
		return nil, bad("%v", err)
	}
	if !slices.Contains(Formats, r.Format) {
		return nil, bad("format %q", r.Format)
	}
	if r.Rounds < 0 || r.Rounds > MaxRounds {
		return nil, bad("%d rounds", r.Rounds)
	}
	if err := r.Start.check(); err != nil {
		return nil, bad("start: %v", err)
	}
	if r.RulesVersion != game.RulesVersion {
		return nil, bad("rules version %d, this build plays %d", r.RulesVersion, game.RulesVersion)
	}
	n := len(r.Entrants)
	if n < 2 {
		return nil, bad("%d entrants", n)
	}
	for i, e := range r.Entrants {
		if e.Name == "" || (e.ID == "" && e.Excluded == "") {
			return nil, bad("entrant %d has no name or identity", i)
		}
		if e.Manifest != "" {
			if _, err := nft.ParseCID(e.Manifest); err != nil {
				return nil, bad("entrant %d's manifest: %v", i, err)
			}
		}
	}
	ids := map[string]bool{}
	for i, g := range r.Games {
		if ids[g.ID] {
			return nil, bad("game %d: id %q given twice", i, g.ID)
		}
		ids[g.ID] = true
		for s, e := range g.Sides {
			if e < 0 || e >= n || r.Entrants[e].Excluded != "" {
				return nil, bad("game %s: side %d is entrant %d", g.ID, s, e)
			}
			if g.Players[s] != r.Entrants[e].ID {
				return nil, bad("game %s: side %d names %q, entrant %d is %q", g.ID, s, g.Players[s], e, r.Entrants[e].ID)
			}
			if g.Cores[s] != r.Entrants[e].Manifest {
				return nil, bad("game %s: side %d's Core is %q, entrant %d's is %q", g.ID, s, g.Cores[s], e, r.Entrants[e].Manifest)
			}
		}
		if g.Sides[0] == g.Sides[1] {
			return nil, bad("game %s: an entrant against itself", g.ID)
		}
		if g.ReplayCID != "" {
			if _, err := nft.ParseCID(g.ReplayCID); err != nil {
				return nil, bad("game %s's replay: %v", g.ID, err)
			}
		}
		if err := g.wellFormed(); err != nil {
			return nil, bad("%v", err)
		}
	}
	for i, b := range r.Byes {
		if b.Entrant < 0 || b.Entrant >= n || b.Round < 1 {
			return nil, bad("bye %d: entrant %d in round %d", i, b.Entrant, b.Round)
		}
	}
	for i, row := range r.Standings {
		if row.Entrant < 0 || row.Entrant >= n {
			return nil, bad("standings row %d names entrant %d", i, row.Entrant)
		}
	}
	return &r, nil
}

func jsonIndent(v any) ([]byte, error) {
	out, err := json.MarshalIndent(v, "", "  ")
	return append(out, '\n'), err
}
