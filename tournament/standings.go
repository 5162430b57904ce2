package tournament

import (
	"cmp"
	"slices"
	"strings"
)

// Row is one entrant's line of the standings.
type Row struct {
	Entrant int     `json:"entrant"`
	Name    string  `json:"name"`
	Games   int     `json:"games"`
	Wins    int     `json:"wins"`
	Draws   int     `json:"draws"`
	Losses  int     `json:"losses"`
	Failed  int     `json:"failed"` // games with no result
	Score   float64 `json:"score"`
	// Rating is the Glicko-2 rating after the tournament (one rating
	// period); Elo the Elo rating, updated game by game in schedule order.
	Rating Rating `json:"rating"`
	Elo    Elo    `json:"elo"`
}

// Key is the name an entrant's rating is kept under across tournaments: a
// token's spec (the fighter, whatever its Core), else its identity.
func (e *Entrant) Key() string {
	if strings.HasPrefix(e.Spec, "token:") {
		return e.Spec
	}
	return e.ID
}

// Standings tallies results (in schedule order) into rows, best first:
// score, then Glicko-2 rating, then fewer failed games, then the entrant's
// order. ratings and elos hold the entrants' ratings before the tournament,
// by Key (newcomers start at NewRating and 1500).
func Standings(es []Entrant, results []Result, ratings map[string]Rating, elos map[string]Elo) []Row {
	rows := make([]Row, len(es))
	outcomes := make([][]Outcome, len(es))
	before := make([]Rating, len(es))
	elo := make([]Elo, len(es))
	for i := range es {
		rows[i] = Row{Entrant: i, Name: es[i].Name}
		before[i] = NewRating()
		if r, ok := ratings[es[i].Key()]; ok {
			before[i] = r
		}
		elo[i] = 1500
		if e, ok := elos[es[i].Key()]; ok {
			elo[i] = e
		}
	}
	for _, r := range results {
		a, b := r.Sides[0], r.Sides[1]
		rows[a].Games++
		rows[b].Games++
		if r.Error != "" {
			rows[a].Failed++
			rows[b].Failed++
			continue
		}
		sa, _ := r.Scores()
		switch sa {
		case 1:
			rows[a].Wins++
			rows[b].Losses++
		case 0:
			rows[b].Wins++
			rows[a].Losses++
		default:
			rows[a].Draws++
			rows[b].Draws++
		}
		rows[a].Score += sa
		rows[b].Score += 1 - sa
		outcomes[a] = append(outcomes[a], Outcome{Opponent: before[b], Score: sa})
		outcomes[b] = append(outcomes[b], Outcome{Opponent: before[a], Score: 1 - sa})
		ea, eb := elo[a], elo[b]
		elo[a], elo[b] = ea.Update(eb, sa), eb.Update(ea, 1-sa)
	}
	for i := range rows {
		rows[i].Rating = before[i].Update(outcomes[i], 0)
		rows[i].Elo = elo[i]
	}
	sortRows(rows)
	return rows
}

// sortRows orders standings best first: score, then Glicko-2 rating, then
// fewer failed games, then the entrant's order.
func sortRows(rows []Row) {
	slices.SortStableFunc(rows, func(x, y Row) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Rating.Rating, x.Rating.Rating); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Failed, y.Failed); c != 0 {
			return c
		}
		return cmp.Compare(x.Entrant, y.Entrant)
	})
}
