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
	Teacher   string  // bot to imitate, e.g. "brawler" (any bot: personas keep state)
	Opponent  string  // the bot the teacher plays while recorded
	Minutes   float64 // minutes of play to learn from, corrections included
	Archetype string  // the clone's Brain
	Seed      uint64  // seeds the recording, the Core and the evaluation
	// Train is the training configuration. Its class weighting defaults to
	// none here: agreement with a teacher is what fidelity measures, and
	// the unweighted loss is the one whose argmax maximises it.
	Train Config
	// CorrectionRounds splits the minutes into 1+CorrectionRounds equal
	// parts: the teacher's own play, then rounds in which the clone plays
	// and the teacher corrects it (each followed by more training).
	CorrectionRounds int
	// Reaction is the teacher's delay, in decisions, before its correction
	// takes over the play (see demo.CorrectionController.Delay).
	Reaction int
	// CorrectionWeight is the weight of a correction in training (default 2).
	CorrectionWeight float32
	// Matches is the number of style matches against each bot of Versus:
	// the teacher and every fighter judged play the same seeds.
	Matches int
	// Versus lists the bots of the style matches and of the win-rate
	// matrix; empty means every bot.
	Versus []string
	// Workers runs that many matches at once; 0 means one per CPU.
	Workers int
	// Baselines also judges the cheap imitations the clone must beat: the
	// majority action of its training data, and a decision tree of depth 2
	// fitted to the same data.
	Baselines bool
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
	// TeacherPlay is how the teacher itself plays in the style matches.
	TeacherPlay Play `json:"teacher_play"`
	// Clone is how closely the clone imitates it.
	Clone Imitation `json:"clone"`
	// Sampled is the same clone drawing its actions from its policy's
	// softmax (brain.Sampler) instead of taking the most likely one.
	Sampled Imitation `json:"sampled_clone"`
	// Baselines are the cheap imitations, when asked for.
	Baselines []Imitation `json:"baselines,omitempty"`

	Metrics Metrics     `json:"-"`
	Core    *brain.Core `json:"-"`
	// Data is what the clone was trained on, corrections included.
	Data Dataset `json:"-"`
	// Judge measures any other fighter against the same teacher, data and
	// seeds (baselines, other clones).
	Judge *Judge `json:"-"`
}

// Play is how a fighter played in a judge's style matches.
type Play struct {
	// MoveUsage is the move-usage histogram: moves started per minute.
	MoveUsage []MoveRate `json:"move_usage"`
	// Combos counts the teacher's combos started and finished;
	// ComboCompletion is the share finished.
	Combos          ComboStats `json:"combos"`
	ComboCompletion float64    `json:"combo_completion"`
	// Scores is the fighter's row of the win-rate matrix: its results
	// against every bot of the style matches.
	Scores []Score `json:"scores"`
}

// Imitation is how closely a fighter imitates a teacher.
type Imitation struct {
	Name string `json:"name"`
	// HoldoutAgreement is the share of the teacher's decisions in fresh
	// matches (never trained on) on which the fighter takes the same
	// action, counting the decisions where the teacher was free to act:
	// while its fighter attacks or is stunned a teacher presses nothing
	// that matters, and every imitation "agrees" with that for free.
	HoldoutAgreement float64 `json:"holdout_agreement"`
	// HoldoutAgreementAll counts every decision, those too.
	HoldoutAgreementAll float64 `json:"holdout_agreement_all"`
	// OnPolicyAgreement is the share of the fighter's own decisions, while
	// it plays, that the teacher (watching the same match) would have taken
	// too.
	OnPolicyAgreement float64 `json:"on_policy_agreement"`
	// StyleDistance is StyleDistance(teacher, fighter) over the style
	// matches: 0 acts alike in every situation, 1 nothing alike.
	StyleDistance float64 `json:"style_distance"`
	// WinRateGap is the mean absolute difference between the fighter's and
	// the teacher's win rates over the bots of the matrix.
	WinRateGap float64 `json:"win_rate_gap"`
	Play
}

// Agreement is the share of ds's decisions on which p takes the labelled
// action.
func Agreement(p brain.Actor, ds Dataset) float64 {
	if ds.Len() == 0 {
		return 0
	}
	n := 0
	var o game.Observation
	for i := range ds.Len() {
		ds.Obs.Get(i, &o)
		if p.Action(&o) == int(ds.Actions[i]) {
			n++
		}
	}
	return float64(n) / float64(ds.Len())
}

// MeasureFidelity records cfg.Minutes of the teacher (with optional rounds of
// corrections), trains a fresh Core of cfg.Archetype on it, and judges how
// well the clone imitates the teacher (see Judge).
func MeasureFidelity(cfg FidelityConfig) (*Fidelity, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	teacher, err := BotOpponent(cfg.Teacher, 0)
	if err != nil {
		return nil, fmt.Errorf("fidelity: teacher: %w", err)
	}
	opp, err := BotOpponent(cfg.Opponent, 0)
	if err != nil {
		return nil, fmt.Errorf("fidelity: opponent: %w", err)
	}
	if cfg.CorrectionWeight == 0 {
		cfg.CorrectionWeight = 2
	}
	if cfg.Train.ClassWeighting == "" {
		cfg.Train.ClassWeighting = NoClassWeighting
	}
	spec, err := brain.NewSpec(cfg.Archetype)
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	core, err := brain.NewCore(spec, cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	f := &Fidelity{Teacher: teacher.Name, Minutes: cfg.Minutes, Core: core}
	ticks := int(cfg.Minutes * 60 * game.TickRate)
	part := ticks / (1 + cfg.CorrectionRounds)
	var ds Dataset
	for round := 0; round <= cfg.CorrectionRounds; round++ {
		start := time.Now()
		player := teacher.Seat
		if round > 0 {
			p, err := brain.NewPolicy(core)
			if err != nil {
				return nil, fmt.Errorf("fidelity: %w", err)
			}
			player = CorrectedSeat(PolicySeat("clone", p), teacher.Seat, cfg.Reaction)
		}
		set, st, err := Collect(RecordConfig{Player: player, Opponent: opp.Seat, Source: "fidelity", Ticks: part, Seed: game.Mix(cfg.Seed, uint64(round))})
		if err != nil {
			return nil, fmt.Errorf("fidelity: %w", err)
		}
		f.Corrections += st.Corrections
		ds = appendDataset(ds, DatasetFromSet(set, cfg.CorrectionWeight))
		f.RecordSeconds += time.Since(start).Seconds()
		start = time.Now()
		if f.Metrics, err = Train(core, ds, cfg.Train, nil); err != nil {
			return nil, fmt.Errorf("fidelity: %w", err)
		}
		f.TrainSeconds += time.Since(start).Seconds()
	}
	f.Data = ds
	f.Decisions = ds.Len()
	f.Seconds = f.RecordSeconds + f.TrainSeconds

	if f.Judge, err = NewJudge(cfg); err != nil {
		return nil, err
	}
	f.TeacherPlay = f.Judge.TeacherPlay
	policy, err := brain.NewPolicy(core)
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	f.Clone, err = f.Judge.Assess("clone", func(uint64) brain.Actor { return policy.Clone() }, spec.Interval)
	if err != nil {
		return nil, err
	}
	f.Sampled, err = f.Judge.Assess("sampled clone", func(seed uint64) brain.Actor { return brain.NewSampler(policy, seed) }, spec.Interval)
	if err != nil {
		return nil, err
	}
	if cfg.Baselines {
		maj, tree := Majority(ds), FitTree(ds, 2)
		for _, b := range []struct {
			name  string
			actor brain.Actor
		}{{"majority action", maj}, {"depth-2 tree", tree}} {
			im, err := f.Judge.Assess(b.name, func(uint64) brain.Actor { return b.actor }, spec.Interval)
			if err != nil {
				return nil, err
			}
			f.Baselines = append(f.Baselines, im)
		}
	}
	return f, nil
}

func (cfg *FidelityConfig) check() error {
	switch {
	case cfg.Minutes <= 0:
		return fmt.Errorf("fidelity: minutes of play must be positive, got %g", cfg.Minutes)
	case cfg.Matches < 1:
		return fmt.Errorf("fidelity: style matches per bot must be at least 1, got %d", cfg.Matches)
	case cfg.CorrectionRounds < 0:
		return fmt.Errorf("fidelity: correction rounds must not be negative, got %d", cfg.CorrectionRounds)
	case cfg.Reaction < 0:
		return fmt.Errorf("fidelity: the teacher's reaction must not be negative, got %d", cfg.Reaction)
	case int(cfg.Minutes*60*game.TickRate)/(1+cfg.CorrectionRounds) < 60*game.TickRate/4:
		return fmt.Errorf("fidelity: %g minutes split into %d parts leaves under 15 s of play each: give more minutes or fewer correction rounds",
			cfg.Minutes, 1+cfg.CorrectionRounds)
	}
	return nil
}

// Judge measures how closely fighters imitate one teacher: on a held-out
// recording of the teacher, and in style matches that the teacher and the
// fighter each play against the same bots on the same seeds.
type Judge struct {
	// TeacherPlay is the teacher's own play in the style matches.
	TeacherPlay Play

	cfg     FidelityConfig
	teacher SeatFunc
	holdout Dataset
	// holdoutFree is holdout's decisions where the teacher could act.
	holdoutFree Dataset
	opps        []Opponent
	combos      [][]game.MoveID
	profile     StyleProfile
	interval    int
}

// NewJudge records the teacher's held-out play (cfg.Minutes against
// cfg.Opponent, on seeds that MeasureFidelity never trains on) and its style
// matches.
func NewJudge(cfg FidelityConfig) (*Judge, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	teacher, err := BotOpponent(cfg.Teacher, 0)
	if err != nil {
		return nil, fmt.Errorf("fidelity: teacher: %w", err)
	}
	opp, err := BotOpponent(cfg.Opponent, 0)
	if err != nil {
		return nil, fmt.Errorf("fidelity: opponent: %w", err)
	}
	j := &Judge{cfg: cfg, teacher: teacher.Seat, combos: game.PersonaCombos(cfg.Teacher), interval: game.DefaultInterval}
	versus := cfg.Versus
	if len(versus) == 0 {
		versus = game.BotNames()
	}
	for _, name := range versus {
		o, err := BotOpponent(name, 0)
		if err != nil {
			return nil, fmt.Errorf("fidelity: %w", err)
		}
		j.opps = append(j.opps, o)
	}
	set, _, err := Collect(RecordConfig{Player: teacher.Seat, Opponent: opp.Seat, Source: "fidelity",
		Ticks: int(cfg.Minutes * 60 * game.TickRate), Seed: game.Mix(cfg.Seed, 0xfeed)})
	if err != nil {
		return nil, fmt.Errorf("fidelity: %w", err)
	}
	j.holdout = DatasetFromSet(set, 1)
	var o game.Observation
	for i := range j.holdout.Len() {
		if j.holdout.Obs.Get(i, &o); CanAct(&o) {
			j.holdoutFree.Add(&o, int(j.holdout.Actions[i]), 1)
		}
	}
	var prof StyleProfile
	if j.TeacherPlay, prof, _, err = j.play(teacher.Seat, false); err != nil {
		return nil, err
	}
	j.profile = prof
	return j, nil
}

// Assess judges the fighter that newActor makes (one per match, from the
// seat's seed: actors may keep buffers and streams), deciding every
// interval ticks.
func (j *Judge) Assess(name string, newActor func(seed uint64) brain.Actor, interval int) (Imitation, error) {
	a := newActor(game.Mix(j.cfg.Seed, 0x4a11))
	im := Imitation{Name: name, HoldoutAgreement: Agreement(a, j.holdoutFree), HoldoutAgreementAll: Agreement(a, j.holdout)}
	seat := func(seed uint64) game.Seat {
		return game.Seat{Name: name, Controller: actorController{newActor(seed)}, Interval: interval}
	}
	var (
		prof StyleProfile
		err  error
	)
	im.Play, prof, im.OnPolicyAgreement, err = j.play(seat, true)
	if err != nil {
		return im, err
	}
	im.StyleDistance = StyleDistance(&j.profile, &prof)
	for i, s := range im.Scores {
		d := s.WinRate - j.TeacherPlay.Scores[i].WinRate
		im.WinRateGap += max(d, -d) / float64(len(im.Scores))
	}
	return im, nil
}

// actorController plays an Actor's action ids.
type actorController struct{ a brain.Actor }

func (c actorController) Decide(o *game.Observation) game.Input { return game.Action(c.a.Action(o)) }

// play runs the style matches of fighter. With shadow set, a teacher of its
// own watches every match beside the fighter and labels its decisions, for
// the on-policy agreement.
func (j *Judge) play(fighter SeatFunc, shadow bool) (Play, StyleProfile, float64, error) {
	n := len(j.opps) * j.cfg.Matches
	profs := make([]StyleProfile, n)
	agree := make([]int, n)
	total := make([]int, n)
	watch := func(opp, i, side int, d *game.Driver) func() {
		k := opp*j.cfg.Matches + i
		p := &profs[k]
		var labeler game.Controller
		if shadow {
			labeler = j.teacher(game.Mix(d.Match.Seed(), 7)).Controller
		}
		d.OnDecision = func(s int, o *game.Observation, in game.Input) {
			if s != side {
				return
			}
			a, ok := game.ActionOf(in)
			if !ok {
				a = 0
			}
			p.Add(o, a)
			if labeler != nil {
				total[k]++
				if t, _ := game.ActionOf(labeler.Decide(o)); t == a {
					agree[k]++
				}
			}
		}
		ct := comboTracker{combos: j.combos}
		return func() {
			p.Ticks++
			ct.step(&d.Match.Fighters[side], d.Match.Tick)
			if d.Match.Over {
				ct.flush()
				p.Combos = ct.stats
				p.Moves = d.Match.Stats.Moves[side]
			}
		}
	}
	scores, err := series(fighter, j.opps, EvalConfig{Matches: j.cfg.Matches, Seed: game.Mix(j.cfg.Seed, 0x57e1), Workers: j.cfg.Workers}, watch)
	if err != nil {
		return Play{}, StyleProfile{}, 0, fmt.Errorf("fidelity: %w", err)
	}
	var all StyleProfile
	a, t := 0, 0
	for k := range profs {
		all.Merge(&profs[k])
		a += agree[k]
		t += total[k]
	}
	pl := Play{MoveUsage: all.MoveUsage(), Combos: all.Combos, ComboCompletion: all.Combos.Rate(), Scores: scores}
	onPolicy := 0.0
	if t > 0 {
		onPolicy = float64(a) / float64(t)
	}
	return pl, all, onPolicy, nil
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
