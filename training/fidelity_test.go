package training

import (
	"fmt"
	"testing"
)

// The margins by which a clone must beat the cheap imitations of its
// teacher (TestFidelity). They were set from scripts/fidelity-report.sh
// (ten minutes of play, seeds 1 to 3 for each persona, docs/PERFORMANCE.md):
// the smallest margins seen were +4.3 points of agreement over the tree
// (brawler, seed 3) and a style distance 0.086 below it (brawler, seed 2);
// the test runs seed 1, where they are +14 points and 0.15.
const (
	agreementMargin = 0.04 // held-out agreement over the better baseline
	styleMargin     = 0.06 // style distance (bits) under the better baseline
)

// imitationFailures lists how im falls short of beating every baseline by
// the margins; empty means it imitates the teacher better than all of them.
func imitationFailures(im Imitation, baselines []Imitation) []string {
	var fails []string
	for _, b := range baselines {
		if im.HoldoutAgreement < b.HoldoutAgreement+agreementMargin {
			fails = append(fails, fmt.Sprintf("held-out agreement %.3f is not %.2f above the %s's %.3f", im.HoldoutAgreement, agreementMargin, b.Name, b.HoldoutAgreement))
		}
		if im.StyleDistance > b.StyleDistance-styleMargin {
			fails = append(fails, fmt.Sprintf("style distance %.3f is not %.2f below the %s's %.3f", im.StyleDistance, styleMargin, b.Name, b.StyleDistance))
		}
	}
	return fails
}

func logImitation(t *testing.T, im Imitation) {
	t.Logf("  %-16s agreement %.3f (all %.3f), on-policy %.3f, style distance %.3f, combos %d/%d, win-rate gap %.3f",
		im.Name, im.HoldoutAgreement, im.HoldoutAgreementAll, im.OnPolicyAgreement, im.StyleDistance,
		im.Combos.Finished, im.Combos.Started, im.WinRateGap)
}

// TestFidelity is the headline quality check: from ten minutes of a
// persona's play, a fresh sage Core must beat the majority action and a
// depth-2 decision tree fitted to the same data, by the margins above, on
// held-out agreement and on style distance; and a
// clone that learned only a little (one epoch on a tenth of the data) must
// fail the same check. The brawler's clone must also finish the combos it
// starts about as often as the brawler does.
func TestFidelity(t *testing.T) {
	if testing.Short() {
		t.Skip("trains six Cores")
	}
	for _, teacher := range []string{"brawler", "sniper", "wall"} {
		t.Run(teacher, func(t *testing.T) {
			cfg := FidelityConfig{Teacher: teacher, Opponent: "sparring", Minutes: 10, Archetype: "sage", Seed: 1,
				Matches: 10, Baselines: true, Workers: 2}
			f, err := MeasureFidelity(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d decisions, trained in %.1f s; teacher combos %d/%d",
				teacher, f.Decisions, f.TrainSeconds, f.TeacherPlay.Combos.Finished, f.TeacherPlay.Combos.Started)
			for _, im := range append([]Imitation{f.Clone, f.Sampled}, f.Baselines...) {
				logImitation(t, im)
			}
			for _, fail := range imitationFailures(f.Clone, f.Baselines) {
				t.Error("clone: " + fail)
			}
			// Drawing from the policy, as the teacher draws from its
			// stream, is closer to the teacher's style than always taking
			// the most likely action (0.02-0.04 bits against 0.08-0.24 on
			// seed 1).
			if f.Sampled.StyleDistance >= f.Clone.StyleDistance/2 {
				t.Errorf("the sampled clone's style distance %.3f is not under half the argmax clone's %.3f", f.Sampled.StyleDistance, f.Clone.StyleDistance)
			}

			// A clone that learned a little must fail.
			cfg.Minutes, cfg.Baselines = 0.5, false
			cfg.Train = DefaultConfig()
			cfg.Train.Epochs, cfg.Train.ClassWeighting = 1, NoClassWeighting
			weak, err := MeasureFidelity(cfg)
			if err != nil {
				t.Fatal(err)
			}
			weak.Clone.Name = "weak clone"
			logImitation(t, weak.Clone)
			if imitationFailures(weak.Clone, f.Baselines) == nil {
				t.Error("a clone trained for one epoch on 30 s of play passed the check: the margins prove nothing")
			}

			if teacher == "brawler" {
				tc, cc := f.TeacherPlay.Combos, f.Clone.Combos
				if tc.Started < 50 || cc.Started < 20 {
					t.Fatalf("too few combos to measure: teacher started %d, clone %d", tc.Started, cc.Started)
				}
				if cc.Rate() < 0.5*tc.Rate() {
					t.Errorf("the clone finishes %.0f%% of its combos, the brawler %.0f%%: want at least half the brawler's rate", 100*cc.Rate(), 100*tc.Rate())
				}
			}
		})
	}
}
