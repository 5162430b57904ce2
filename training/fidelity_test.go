package training

import (
	"math"
	"testing"
)

// TestFidelity is the headline quality check: from five minutes of a
// teacher's play, a fresh sage Core must agree with the teacher on at least
// 80% of its decisions in fresh matches, and win against random within ten
// points of the teacher's own win rate. A clone that learned nothing fails
// both.
func TestFidelity(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three Cores")
	}
	for _, teacher := range []string{"rushdown", "turtle", "zoner"} {
		t.Run(teacher, func(t *testing.T) {
			f, err := MeasureFidelity(FidelityConfig{
				Teacher: teacher, Opponent: "random", Minutes: 5, Archetype: "sage", Seed: 1,
				Matches: 100, Versus: []string{"random"},
			})
			if err != nil {
				t.Fatal(err)
			}
			tw, cw := f.TeacherScores[0].WinRate, f.CloneScores[0].WinRate
			t.Logf("%s: %d decisions, %.1f s (record %.2f s, train %.1f s); agreement held-out %.1f%%, on-policy %.1f%%; vs random teacher %.0f%%, clone %.0f%%",
				teacher, f.Decisions, f.Seconds, f.RecordSeconds, f.TrainSeconds, 100*f.HoldoutAgreement, 100*f.OnPolicyAgreement, 100*tw, 100*cw)
			if f.HoldoutAgreement < 0.8 {
				t.Errorf("held-out agreement %.3f, want at least 0.8", f.HoldoutAgreement)
			}
			if math.Abs(tw-cw) > 0.1 {
				t.Errorf("win rate against random: teacher %.2f, clone %.2f, want within 0.10", tw, cw)
			}
		})
	}
}
