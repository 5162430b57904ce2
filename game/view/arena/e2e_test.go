package arena

import (
	"context"
	"math/big"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// The end-to-end test of Training mode with a synthetic player: a persona
// bot's play is turned into key events on the arena's own input layer; the
// player records sessions in Training mode against the sparring bot, stops
// through the pause menu, Teaches, and the trained Core must agree with the
// persona at least as well as `dojo fidelity` reports for the same amount of
// data, and far better than the cheap imitations.
func TestTrainingModeSyntheticPlayer(t *testing.T) {
	if testing.Short() {
		t.Skip("records and trains minutes of play")
	}
	const persona = "brawler"
	const minutes = 5.0
	fid, err := training.MeasureFidelity(training.FidelityConfig{
		Teacher: persona, Opponent: "sparring", Minutes: minutes, Archetype: brain.Swift, Seed: 5,
		Matches: 2, Versus: []string{"sparring"}, Baselines: true,
	})
	if err != nil {
		t.Fatal(err)
	}

	a := NewApp(t.TempDir(), 99)
	t.Cleanup(a.Tokens.Close)
	choose(t, a, "Training")
	choose(t, a, "Create my fighter")
	if a.Scene != SceneMint {
		t.Fatalf("Create my fighter leads to scene %v", a.Scene)
	}
	// Mint it on the embedded chain, with the Form and brain shown.
	form := a.Mint.Form()
	choose(t, a, "Create the fighter")
	minted := waitJob(t, a)
	if minted.Err != nil || minted.Token == 0 || minted.CID == "" || minted.Mode != "embedded" {
		t.Fatalf("mint: %+v", minted)
	}
	choose(t, a, "Back to Training")
	if a.Training.Fighter() == nil || a.Scene != SceneTraining {
		t.Fatalf("no fighter after the mint (scene %v)", a.Scene)
	}
	if f := a.Training.Fighter(); f.Token != minted.Token || f.Form != form || f.Core.Spec.Archetype != brain.Swift {
		t.Fatalf("the minted fighter is token %d, Form %v, %s", f.Token, f.Form, f.Core.Spec.Archetype)
	}
	// The sparring partner is the sparring bot by default, as fidelity's.
	if a.Training.sparring() != "sparring" {
		t.Fatalf("sparring partner %s", a.Training.sparring())
	}

	// Record until the sessions hold as many decisions as fidelity learnt
	// from, the last one stopped through the pause menu.
	recorded, sessions := 0, 0
	for recorded < fid.Decisions {
		choose(t, a, "Record my play")
		if a.Scene != SceneRecord {
			t.Fatalf("Record leads to scene %v (%s)", a.Scene, a.Notice)
		}
		bot, _ := game.NewPersona(persona, game.Mix(99, uint64(sessions)))
		p := &synthPlayer{bot: bot}
		for a.Scene == SceneRecord {
			p.frame(t, a)
			if recorded+a.Training.RecordedDecisions() >= fid.Decisions && a.Scene == SceneRecord {
				p.set(a, 0)
				tap(t, a, "Escape")
				if a.Paused == nil {
					t.Fatal("Escape did not pause the recording")
				}
				choose(t, a, "Stop and keep the recording")
			}
		}
		p.set(a, 0) // the player lets go of the keys
		a.Dev.Update()
		sessions++
		sess, err := a.Training.Fighter().Sessions()
		if err != nil || len(sess) != sessions {
			t.Fatalf("%d sessions after %d recordings (%v)", len(sess), sessions, err)
		}
		recorded = 0
		for _, s := range sess {
			recorded += s.Decisions
		}
	}
	t.Logf("recorded %d decisions in %d sessions (fidelity learnt from %d)", recorded, sessions, fid.Decisions)

	before, _ := a.Training.Fighter().Core.ID()
	choose(t, a, "Teach")
	if a.Scene != SceneTeach {
		t.Fatalf("Teach leads to scene %v", a.Scene)
	}
	for frames := 0; !a.Training.TeachState.Done; frames++ {
		if frames > 60*600 {
			t.Fatal("Teach did not finish in 10 minutes of frames")
		}
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		if frames%60 == 0 {
			waitBriefly()
		}
	}
	st := a.Training.TeachState
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if len(st.History) == 0 || st.Samples != recorded {
		t.Fatalf("Teach: %d epochs reported on %d samples (recorded %d)", len(st.History), st.Samples, recorded)
	}
	f := a.Training.Fighter()
	after, _ := f.Core.ID()
	if after == before || f.CoreN != 2 {
		t.Fatalf("the fighter's Core did not change (core %d)", f.CoreN)
	}
	reloaded, err := LoadFighter(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := reloaded.Core.ID(); id != after {
		t.Fatal("the trained Core is not the one on disk")
	}

	policy, err := brain.NewPolicy(f.Core)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fid.Judge.Assess("arena", func(uint64) brain.Actor { return policy.Clone() }, f.Core.Spec.Interval)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out agreement with %s: arena %.3f, dojo fidelity %.3f; baselines %s %.3f, %s %.3f",
		persona, got.HoldoutAgreement, fid.Clone.HoldoutAgreement,
		fid.Baselines[0].Name, fid.Baselines[0].HoldoutAgreement, fid.Baselines[1].Name, fid.Baselines[1].HoldoutAgreement)
	// The two runs train on different matches of the same persona, so their
	// agreements differ by sampling noise: about 1/sqrt(n) on n held-out
	// decisions (~0.01 here). The arena's must not be lower by more.
	if got.HoldoutAgreement < fid.Clone.HoldoutAgreement-0.015 {
		t.Fatalf("the arena's clone agrees on %.3f, dojo fidelity's on %.3f", got.HoldoutAgreement, fid.Clone.HoldoutAgreement)
	}
	for _, b := range fid.Baselines {
		// The margin of training's own fidelity test (agreementMargin).
		if got.HoldoutAgreement < b.HoldoutAgreement+0.04 {
			t.Fatalf("the arena's clone (%.3f) is not clearly better than %s (%.3f)", got.HoldoutAgreement, b.Name, b.HoldoutAgreement)
		}
	}

	// Save moves the token's pointer to the trained Core.
	choose(t, a, "Back to Training")
	choose(t, a, "Save to my token")
	saved := waitJob(t, a)
	if saved.Err != nil || saved.Pending || saved.CID == "" || saved.CID == minted.CID || saved.CoreID != after {
		t.Fatalf("save: %+v (trained core %s)", saved, after)
	}
	if disk, err := LoadFighter(f.Dir); err != nil || disk.Saved != saved.CID {
		t.Fatalf("fighter.json remembers %v (%v), the save made %s", disk, err, saved.CID)
	}
	onChain, err := a.Tokens.env.Agents.Registry.Core(context.Background(), new(big.Int).SetUint64(saved.Token))
	if err != nil || onChain != saved.CID {
		t.Fatalf("the token points at %s (%v), the save made %s", onChain, err, saved.CID)
	}
	choose(t, a, "Back to Training")

	// Watch shows it playing, and what it thinks.
	choose(t, a, "Watch my fighter")
	for range 600 {
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
	}
	m := a.Training.Mind
	if a.Scene != SceneWatch || m == nil || m.Decisions == 0 || len(m.Top) != 3 {
		t.Fatalf("Watch: scene %v, mind %+v", a.Scene, m)
	}
	var sum float64
	for _, th := range m.Top {
		sum += th.P
	}
	if m.Top[0].P < m.Top[1].P || sum > 1+1e-9 || m.Top[0].Action != m.Chosen {
		t.Fatalf("the thoughts shown are not the policy's: %+v chose %d", m.Top, m.Chosen)
	}
}
