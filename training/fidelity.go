package training

import (
	"fmt"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// FidelityConfig sets up an imitation-fidelity run: record a teacher bot,
// clone it, and compare the clone with the teacher.
type FidelityConfig struct {
	Teacher   string  // scripted bot to imitate, e.g. "zoner"
	Opponent  string  // the bot the teacher plays while recorded
	Minutes   float64 // minutes of play to learn from, corrections included
	Archetype string  // the clone's Brain
	Seed      uint64  // seeds the recording, the Core and the evaluation
	Train     Config  // training configuration
	// CorrectionRounds splits the minutes into 1+CorrectionRounds equal
	// parts: the teacher's own play, then rounds in which the clone plays
	// and the teacher corrects it (each followed by more training).
	CorrectionRounds int
	// Reaction is the teacher's delay, in decisions, before its correction
	// takes over the play (see demo.CorrectionController.Delay).
	Reaction int
	// CorrectionWeight is the weight of a correction in training (default 2).
	CorrectionWeight float32
	Matches          int      // evaluation matches per opponent
	Versus           []string // bots both teacher and clone are evaluated against
}

// Fidelity is how closely a clone imitates its teacher.
type Fidelity struct {
	Teacher     string  `json:"teacher"`
	Decisions   int     `json:"decisions"` // demonstrations learnt from
	Corrections int     `json:"corrections"`
	Minutes     float64 `json:"minutes"`
	// RecordSeconds and TrainSeconds are the wall time of the two steps;
	// Seconds is their sum: from nothing to a trained Core.
	RecordSeconds float64 `json:"record_seconds"`
	TrainSeconds  float64 `json:"train_seconds"`
	Seconds       float64 `json:"seconds"`
	// HoldoutAgreement is the share of the teacher's decisions in fresh
	// matches (never trained on) that the clone's match-time policy takes
	// too.
	HoldoutAgreement float64 `json:"holdout_agreement"`
	// OnPolicyAgreement is the share of the clone's own decisions, while it
	// plays, that the teacher would have taken too.
	OnPolicyAgreement float64 `json:"on_policy_agreement"`
	// TeacherScores and CloneScores are both fighters' results against
	// the same opponents and seeds.
	TeacherScores []Score     `json:"teacher_scores,omitempty"`
	CloneScores   []Score     `json:"clone_scores,omitempty"`
	Metrics       Metrics     `json:"-"`
	Core          *brain.Core `json:"-"`
}

// Agreement is the share of ds's decisions on which p takes the labelled
// action.
func Agreement(p brain.Actor, ds Dataset) float64 {
	if ds.Len() == 0 {
		return 0
	}
	n := 0
	for i := range ds.Len() {
		o := ds.Obs.At(i)
		if p.Action(&o) == int(ds.Actions[i]) {
			n++
		}
	}
	return float64(n) / float64(ds.Len())
}

// scriptedSeat is a seat for a scripted bot, which keeps no state and so
// can sit in any number of matches at once.
func scriptedSeat(name string, b game.BotFunc) SeatFunc {
	return func(uint64) game.Seat { return game.Seat{Name: name, Controller: b} }
}

// MeasureFidelity records cfg.Minutes of the teacher (with optional rounds of
// corrections), trains a fresh Core of cfg.Archetype on it, and measures how
// well the clone imitates the teacher: agreement on fresh held-out play,
// agreement on the clone's own play, and both fighters' win rates against
// the same opponents.
func MeasureFidelity(cfg FidelityConfig) (*Fidelity, error) {
	teacher, ok := game.ScriptedBot(cfg.Teacher)
	if !ok {
		return nil, fmt.Errorf("fidelity: %q is not a scripted bot (teachers decide from their observation alone)", cfg.Teacher)
	}
	opp, err := BotOpponent(cfg.Opponent, 0)
	if err != nil {
		return nil, fmt.Errorf("fidelity: opponent: %w", err)
	}
	switch {
	case cfg.Minutes <= 0:
		return nil, fmt.Errorf("fidelity: minutes of play must be positive, got %g", cfg.Minutes)
	case cfg.Matches < 0:
		return nil, fmt.Errorf("fidelity: evaluation matches must not be negative, got %d", cfg.Matches)
	case cfg.CorrectionRounds < 0:
		return nil, fmt.Errorf("fidelity: correction rounds must not be negative, got %d", cfg.CorrectionRounds)
	case cfg.Reaction < 0:
		return nil, fmt.Errorf("fidelity: the teacher's reaction must not be negative, got %d", cfg.Reaction)
	case int(cfg.Minutes*60*game.TickRate)/(1+cfg.CorrectionRounds) < 60*game.TickRate/4:
		return nil, fmt.Errorf("fidelity: %g minutes split into %d parts leaves under 15 s of play each: give more minutes or fewer correction rounds",
			cfg.Minutes, 1+cfg.CorrectionRounds)
	}
	if cfg.CorrectionWeight == 0 {
		cfg.CorrectionWeight = 2
	}
	spec, err := brain.NewSpec(cfg.Archetype)
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	core, err := brain.NewCore(spec, cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	f := &Fidelity{Teacher: "bot:" + cfg.Teacher, Minutes: cfg.Minutes, Core: core}
	ticks := int(cfg.Minutes * 60 * game.TickRate)
	part := ticks / (1 + cfg.CorrectionRounds)
	collect := func(player SeatFunc, ticks int, seed uint64) (Dataset, error) {
		set, st, err := Collect(RecordConfig{Player: player, Opponent: opp.Seat, Source: "fidelity", Ticks: ticks, Seed: seed})
		if err != nil {
			return Dataset{}, fmt.Errorf("fidelity: %w", err)
		}
		f.Corrections += st.Corrections
		return DatasetFromSet(set, cfg.CorrectionWeight), nil
	}
	var ds Dataset
	for round := 0; round <= cfg.CorrectionRounds; round++ {
		start := time.Now()
		player := scriptedSeat(f.Teacher, teacher)
		if round > 0 {
			p, err := brain.NewPolicy(core)
			if err != nil {
				return nil, fmt.Errorf("fidelity: %w", err)
			}
			player = CorrectedSeat(PolicySeat("clone", p), player, cfg.Reaction)
		}
		more, err := collect(player, part, game.Mix(cfg.Seed, uint64(round)))
		if err != nil {
			return nil, err
		}
		ds = appendDataset(ds, more)
		f.RecordSeconds += time.Since(start).Seconds()
		start = time.Now()
		if f.Metrics, err = Train(core, ds, cfg.Train, nil); err != nil {
			return nil, fmt.Errorf("fidelity: %w", err)
		}
		f.TrainSeconds += time.Since(start).Seconds()
	}
	f.Decisions = ds.Len()
	f.Seconds = f.RecordSeconds + f.TrainSeconds

	policy, err := brain.NewPolicy(core)
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	// Held-out play: fresh matches of the teacher, seeds never trained on.
	fresh, err := collect(scriptedSeat(f.Teacher, teacher), ticks, game.Mix(cfg.Seed, 0xfeed))
	if err != nil {
		return nil, err
	}
	f.HoldoutAgreement = Agreement(policy, fresh)
	// On-policy: the clone plays; the teacher labels what it saw.
	clone := PolicySeat("clone", policy)
	own, err := collect(clone, ticks, game.Mix(cfg.Seed, 0xbeef))
	if err != nil {
		return nil, err
	}
	for i := range own.Len() {
		o := own.Obs.At(i)
		own.Actions[i] = uint8(teacher(&o))
	}
	f.OnPolicyAgreement = Agreement(policy, own)

	if cfg.Matches > 0 && len(cfg.Versus) > 0 {
		var opps []Opponent
		for _, name := range cfg.Versus {
			o, err := BotOpponent(name, 0)
			if err != nil {
				return nil, fmt.Errorf("fidelity: %w", err)
			}
			opps = append(opps, o)
		}
		ecfg := EvalConfig{Matches: cfg.Matches, Seed: game.Mix(cfg.Seed, 0xe7a1)}
		if f.TeacherScores, err = Evaluate(scriptedSeat(f.Teacher, teacher), opps, ecfg); err != nil {
			return nil, err
		}
		if f.CloneScores, err = Evaluate(clone, opps, ecfg); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// appendDataset returns a followed by b, weights and sources included.
func appendDataset(a, b Dataset) Dataset {
	if a.Weights != nil || b.Weights != nil {
		a.Weights = append(weightsOf(a), weightsOf(b)...)
	}
	a.Obs.AppendAll(&b.Obs)
	a.Actions = append(a.Actions, b.Actions...)
	a.Sources = append(a.Sources, b.Sources...)
	return a
}

// weightsOf is d's weights, all 1 when it has none.
func weightsOf(d Dataset) []float32 {
	if d.Weights != nil {
		return d.Weights
	}
	return ones(d.Len())
}
