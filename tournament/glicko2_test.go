package tournament

import (
	"math"
	"testing"
)

// Glickman's worked example: a player rated 1500/200/0.06, τ = 0.5, beats
// 1400/30 and loses to 1550/100 and 1700/300 in one rating period; the paper
// gives 1464.06 / 151.52 / 0.05999. The paper rounds as it goes (μ′ =
// −0.2069, so 173.7178·μ′ + 1500 = 1464.06); unrounded, the same steps give
// 1464.0507 / 151.5165 / 0.0599960, which is what other implementations
// print too. The bounds take the paper's rounding, not more.
func TestGlicko2PaperExample(t *testing.T) {
	p := Rating{Rating: 1500, Deviation: 200, Volatility: 0.06}
	got := p.Update([]Outcome{
		{Opponent: Rating{Rating: 1400, Deviation: 30, Volatility: 0.06}, Score: 1},
		{Opponent: Rating{Rating: 1550, Deviation: 100, Volatility: 0.06}, Score: 0},
		{Opponent: Rating{Rating: 1700, Deviation: 300, Volatility: 0.06}, Score: 0},
	}, 0.5)
	if math.Abs(got.Rating-1464.06) > 0.01 || math.Abs(got.Deviation-151.52) > 0.005 || math.Abs(got.Volatility-0.05999) > 0.00001 {
		t.Fatalf("got %.2f / %.2f / %.5f, want 1464.06 / 151.52 / 0.05999", got.Rating, got.Deviation, got.Volatility)
	}
}

// A period without games widens the deviation and keeps the rest.
func TestGlicko2NoGames(t *testing.T) {
	p := Rating{Rating: 1600, Deviation: 50, Volatility: 0.06}
	got := p.Update(nil, 0)
	want := Glicko2Scale * math.Sqrt(math.Pow(50/Glicko2Scale, 2)+0.06*0.06)
	if got.Rating != 1600 || got.Volatility != 0.06 || math.Abs(got.Deviation-want) > 1e-9 || got.Deviation <= 50 {
		t.Fatalf("got %+v", got)
	}
}

// A win raises, a loss lowers, a draw between equals changes nothing but
// the deviation, and more games mean less deviation.
func TestGlicko2Directions(t *testing.T) {
	p := NewRating()
	opp := NewRating()
	win := p.Update([]Outcome{{opp, 1}}, 0)
	loss := p.Update([]Outcome{{opp, 0}}, 0)
	draw := p.Update([]Outcome{{opp, 0.5}}, 0)
	if win.Rating <= 1500 || loss.Rating >= 1500 || math.Abs(draw.Rating-1500) > 1e-9 {
		t.Fatalf("win %.2f loss %.2f draw %.2f", win.Rating, loss.Rating, draw.Rating)
	}
	if win.Deviation >= 350 || math.Abs(win.Rating-1500-(1500-loss.Rating)) > 1e-9 {
		t.Fatalf("deviation %.2f; win and loss not symmetric: %.4f %.4f", win.Deviation, win.Rating, loss.Rating)
	}
}

func TestElo(t *testing.T) {
	a, b := Elo(1500), Elo(1500)
	if a.Expected(b) != 0.5 || a.Update(b, 1) != 1516 || a.Update(b, 0) != 1484 {
		t.Fatalf("%v %v %v", a.Expected(b), a.Update(b, 1), a.Update(b, 0))
	}
	if e := Elo(1900).Expected(1500); math.Abs(e-1/(1+math.Pow(10, -1))) > 1e-12 {
		t.Fatalf("expected %v", e)
	}
}
