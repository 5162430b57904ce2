package tournament

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// RatingsVersion is the version of the ratings file.
const RatingsVersion = 1

const maxRatingsFile = 64 << 20

// Book holds every fighter's ratings across tournaments (the data
// directory's ratings.json), by Entrant.Key.
type Book struct {
	Version int               `json:"version"`
	Glicko  map[string]Rating `json:"glicko2"`
	Elo     map[string]Elo    `json:"elo"`
	Names   map[string]string `json:"names"`
	// Tournaments name the tournaments taken in, each once: the hash of
	// the definition and the games played (ratedAs).
	Tournaments []string `json:"tournaments,omitempty"`
}

// LoadBook reads the ratings file at path; a missing file is an empty book.
func LoadBook(path string) (*Book, error) {
	b := &Book{Version: RatingsVersion, Glicko: map[string]Rating{}, Elo: map[string]Elo{}, Names: map[string]string{}}
	data, err := boundedfile.Read(path, maxRatingsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return b, nil
	}
	if err != nil {
		return nil, err
	}
	if err := strictjson.Unmarshal(data, b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if b.Version != RatingsVersion {
		return nil, fmt.Errorf("%s: version %d, this build reads %d", path, b.Version, RatingsVersion)
	}
	if err := safetext.CheckAll(b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := (Start{Ratings: b.Glicko, Elos: b.Elo}).check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, t := range b.Tournaments {
		if !defRE.MatchString(t) {
			return nil, fmt.Errorf("%s: tournament %q is not a definition hash", path, t)
		}
	}
	if b.Names == nil {
		b.Names = map[string]string{}
	}
	return b, nil
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// Update takes a tournament into the book, once: it reports false,
// changing nothing, for games the book has already taken (a finished
// tournament resumed again, or run again to the same games). Each
// tournament is one Glicko-2 rating period, rated from the book's ratings
// as they are now: the same as the standings' when nothing else was rated
// since the tournament started, and without undoing what was when it was
// (a tournament resumed later). A fighter in the book that did not play in
// it has its deviation widened, as the paper's step 6 does for a player
// who did not compete.
func (b *Book) Update(res *Results) bool {
	key := res.ratedAs()
	if slices.Contains(b.Tournaments, key) {
		return false
	}
	played := map[string]bool{}
	for _, row := range Standings(res.Entrants, res.Games, b.Glicko, b.Elo) {
		e := &res.Entrants[row.Entrant]
		if e.Excluded != "" || row.Games == 0 {
			continue
		}
		played[e.Key()] = true
		b.Glicko[e.Key()], b.Elo[e.Key()], b.Names[e.Key()] = row.Rating, row.Elo, e.Name
	}
	for k, r := range b.Glicko {
		if !played[k] {
			b.Glicko[k] = r.Update(nil, 0)
		}
	}
	b.Tournaments = append(b.Tournaments, key)
	return true
}

// ratedAs names the games a tournament played, as the book knows them:
// its definition and each game's id, entrants, seed and final hash. The
// same games are rated once however often they are played.
func (r *Results) ratedAs() string {
	values := []any{r.Tournament}
	for _, g := range r.Games {
		values = append(values, []any{g.ID, g.Sides, g.Seed, g.FinalHash, g.Error != ""})
	}
	return hashOf(values...)
}

// UpdateBook takes res into the ratings file at path: read afresh, updated
// (Update) and written whole, so that tournaments that end one after the
// other on one data directory each keep the other's ratings.
func UpdateBook(path string, res *Results) (bool, error) {
	b, err := LoadBook(path)
	if err != nil {
		return false, err
	}
	if !b.Update(res) {
		return false, nil
	}
	return true, b.Save(path)
}

// Save writes the book to path, whole or not at all.
func (b *Book) Save(path string) error {
	data, err := jsonIndent(b)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, data)
}

// Leaderboard lists the book's fighters by Glicko-2 rating, best first.
func (b *Book) Leaderboard() []string {
	keys := make([]string, 0, len(b.Glicko))
	for k := range b.Glicko {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int {
		if d := b.Glicko[y].Rating - b.Glicko[x].Rating; d != 0 {
			if d > 0 {
				return 1
			}
			return -1
		}
		return compareStrings(x, y)
	})
	return keys
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
