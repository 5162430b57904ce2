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
	for k, r := range b.Glicko {
		if !finite(r.Rating, r.Deviation, r.Volatility) || r.Deviation <= 0 || r.Volatility <= 0 {
			return nil, fmt.Errorf("%s: rating of %s is not a rating", path, k)
		}
	}
	for k, e := range b.Elo {
		if !finite(float64(e)) {
			return nil, fmt.Errorf("%s: Elo of %s is not a number", path, k)
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

// Update takes a tournament's new ratings into the book.
func (b *Book) Update(res *Results) {
	for _, row := range res.Standings {
		e := &res.Entrants[row.Entrant]
		if e.Excluded != "" || row.Games == 0 {
			continue
		}
		b.Glicko[e.Key()], b.Elo[e.Key()], b.Names[e.Key()] = row.Rating, row.Elo, e.Name
	}
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
