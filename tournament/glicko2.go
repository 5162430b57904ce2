package tournament

import (
	"fmt"
	"math"
)

// Glicko-2 (Mark Glickman, "Example of the Glicko-2 system", 2013), kept on
// the Glicko scale (rating 1500, deviation 350 for a newcomer) and computed
// on the Glicko-2 scale inside:
//
//	μ = (r − 1500)/q, φ = RD/q, q = 173.7178
//	g(φ) = 1/√(1 + 3φ²/π²)
//	E(μ, μj, φj) = 1/(1 + exp(−g(φj)(μ − μj)))
//	v = [Σj g(φj)² E (1 − E)]⁻¹
//	Δ = v Σj g(φj)(sj − E)
//
// The new volatility σ′ solves f(x) = 0 with
//
//	f(x) = eˣ(Δ² − φ² − v − eˣ) / (2(φ² + v + eˣ)²) − (x − ln σ²)/τ²
//
// by the Illinois variant of regula falsi (the paper's step 5, tolerance
// ε = 10⁻⁶); then φ* = √(φ² + σ′²), φ′ = 1/√(1/φ*² + 1/v),
// μ′ = μ + φ′² Σj g(φj)(sj − E). A player with no games in a rating period
// keeps μ and σ and widens: φ′ = √(φ² + σ²).

// Glicko2Scale is q, the factor between the Glicko and Glicko-2 scales.
const Glicko2Scale = 173.7178

// Defaults of a new rating and of the system constant.
const (
	DefaultRating     = 1500
	DefaultDeviation  = 350
	DefaultVolatility = 0.06
	DefaultTau        = 0.5
	glickoEpsilon     = 1e-6
)

// Rating is a Glicko-2 rating on the Glicko scale.
type Rating struct {
	Rating     float64 `json:"rating"`
	Deviation  float64 `json:"deviation"`
	Volatility float64 `json:"volatility"`
}

// maxRatingGap bounds how far a rating read from a file may be from the
// default: beyond it, it is not a rating any tournament could give.
const maxRatingGap = 4000

// check refuses a rating no tournament could give: not a number, a rating
// beyond maxRatingGap from the default, a deviation outside (0, 350] or a
// volatility outside (0, 1].
func (r Rating) check() error {
	if !finite(r.Rating, r.Deviation, r.Volatility) || math.Abs(r.Rating-DefaultRating) > maxRatingGap ||
		r.Deviation <= 0 || r.Deviation > DefaultDeviation || r.Volatility <= 0 || r.Volatility > 1 {
		return fmt.Errorf("%v/%v/%v is not a Glicko-2 rating", r.Rating, r.Deviation, r.Volatility)
	}
	return nil
}

// NewRating is a newcomer's rating.
func NewRating() Rating {
	return Rating{Rating: DefaultRating, Deviation: DefaultDeviation, Volatility: DefaultVolatility}
}

// Outcome is one game of a rating period from one player's side: the
// opponent's rating before the period and the score (1 win, ½ draw, 0 loss).
type Outcome struct {
	Opponent Rating
	Score    float64
}

func glickoG(phi float64) float64 { return 1 / math.Sqrt(1+3*phi*phi/(math.Pi*math.Pi)) }

// Update returns r after a rating period with the given games, with system
// constant tau (DefaultTau when 0). The deviation never exceeds a
// newcomer's (350): a fighter is never less known than one never seen.
func (r Rating) Update(games []Outcome, tau float64) Rating {
	if tau == 0 {
		tau = DefaultTau
	}
	mu := (r.Rating - DefaultRating) / Glicko2Scale
	phi := r.Deviation / Glicko2Scale
	sigma := r.Volatility
	if len(games) == 0 {
		return Rating{Rating: r.Rating, Deviation: min(Glicko2Scale*math.Sqrt(phi*phi+sigma*sigma), DefaultDeviation), Volatility: sigma}
	}
	var vInv, sum float64
	for _, o := range games {
		muJ := (o.Opponent.Rating - DefaultRating) / Glicko2Scale
		phiJ := o.Opponent.Deviation / Glicko2Scale
		g := glickoG(phiJ)
		e := 1 / (1 + math.Exp(-g*(mu-muJ)))
		vInv += g * g * e * (1 - e)
		sum += g * (o.Score - e)
	}
	v := 1 / vInv
	delta := v * sum

	// Step 5: the new volatility.
	a := math.Log(sigma * sigma)
	f := func(x float64) float64 {
		ex := math.Exp(x)
		d := phi*phi + v + ex
		return ex*(delta*delta-phi*phi-v-ex)/(2*d*d) - (x-a)/(tau*tau)
	}
	A := a
	var B float64
	if delta*delta > phi*phi+v {
		B = math.Log(delta*delta - phi*phi - v)
	} else {
		k := 1.0
		for f(a-k*tau) < 0 {
			k++
		}
		B = a - k*tau
	}
	fA, fB := f(A), f(B)
	for math.Abs(B-A) > glickoEpsilon {
		C := A + (A-B)*fA/(fB-fA)
		fC := f(C)
		if fC*fB <= 0 {
			A, fA = B, fB
		} else {
			fA /= 2
		}
		B, fB = C, fC
	}
	sigma2 := math.Exp(A / 2)

	phiStar := math.Sqrt(phi*phi + sigma2*sigma2)
	phi2 := 1 / math.Sqrt(1/(phiStar*phiStar)+1/v)
	mu2 := mu + phi2*phi2*sum
	return Rating{Rating: Glicko2Scale*mu2 + DefaultRating, Deviation: min(Glicko2Scale*phi2, DefaultDeviation), Volatility: sigma2}
}

// Elo is the classic rating, shown beside Glicko-2 for people used to it.
type Elo float64

// check refuses an Elo that is not a number or beyond maxRatingGap from
// the default.
func (a Elo) check() error {
	if !finite(float64(a)) || math.Abs(float64(a)-DefaultRating) > maxRatingGap {
		return fmt.Errorf("%v is not an Elo rating", float64(a))
	}
	return nil
}

// EloK is the K-factor of Elo updates.
const EloK = 32

// Expected is the Elo expected score of a against b.
func (a Elo) Expected(b Elo) float64 { return 1 / (1 + math.Pow(10, float64(b-a)/400)) }

// Update returns a's Elo after scoring score (1, ½, 0) against b.
func (a Elo) Update(b Elo, score float64) Elo {
	return a + Elo(EloK*(score-a.Expected(b)))
}
