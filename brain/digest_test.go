package brain

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/digest.golden")

// digestFormat heads testdata/digest.golden. Format 2 hashes the logits
// (format 1 hashed the chosen action ids, which can be constant).
const digestFormat = "digest format 2: sha256 of every logit (int64 for policy, float32 bits for float) over the observations"

// minDistinctActions is how many of the 16 actions the minted cores of an
// archetype (seeds 1 and 2, integer policies) must take, together, over
// DigestObservations: an observation set too uniform to tell policies
// apart fails TestDigestGolden.
const minDistinctActions = 6

// digestReport lists, for freshly minted cores of each archetype (seeds 1
// and 2), their Memories hashes and the logit digests of their integer and
// float policies over DigestObservations, and the same digests for a core
// with extreme parameters (wildCore), each with the number of distinct
// actions it takes. None of it may depend on the CPU: the golden file
// written on amd64 must match on arm64 too. To check:
//
//	GOARCH=arm64 go test -c -o brain.arm64.test ./brain
//	qemu-aarch64 ./brain.arm64.test -test.run TestDigestGolden -test.v
func digestReport(t *testing.T) string {
	obs := DigestObservations()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nobservations %d\n", digestFormat, len(obs))
	line := func(name string, p *Policy, f *FloatPolicy) {
		fmt.Fprintf(&b, "%s policy %s actions %d\n", name, LogitDigest(p.Logits, obs), len(actionSet(p, obs)))
		fmt.Fprintf(&b, "%s float %s actions %d\n", name, LogitDigest(f.Logits, obs), len(actionSet(f, obs)))
	}
	for _, a := range []string{Sage, Swift} {
		taken := map[int]bool{}
		for seed := uint64(1); seed <= 2; seed++ {
			c := mustCore(t, a, seed)
			h, err := c.MemoriesHash()
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s seed %d memories %s\n", a, seed, h)
			p, f := bothPolicies(t, c)
			line(fmt.Sprintf("%s seed %d", a, seed), p, f)
			for k := range actionSet(p, obs) {
				taken[k] = true
			}
		}
		if len(taken) < minDistinctActions {
			t.Errorf("%s: the minted cores take %d distinct actions over the digest observations, want at least %d",
				a, len(taken), minDistinctActions)
		}
		// Parameters from subnormal to MaxAbsParam drive the integer
		// pass through its saturation and underflow paths.
		p, f := bothPolicies(t, wildCore(t, a, 1))
		line(a+" wild", p, f)
	}
	return b.String()
}

// actionSet is the set of actions a takes over obs.
func actionSet(a Actor, obs []game.Observation) map[int]bool {
	set := map[int]bool{}
	for i := range obs {
		set[a.Action(&obs[i])] = true
	}
	return set
}

func TestDigestGolden(t *testing.T) {
	got := digestReport(t)
	t.Logf("digest report:\n%s", got)
	path := filepath.Join("testdata", "digest.golden")
	// What decides the digests: the observations (rules, observation and
	// action specs, the bots that play the matches), the Cores (spec and
	// Memories formats, NewCore) and the policy.
	versions := golden.Versions{"rules": game.RulesVersion, "obs": game.ObsSpecVersion, "action": game.ActionSpecVersion,
		"policy": PolicyVersion, "spec": SpecFormatVersion, "memories": MemoriesFormatVersion, "digest": 2}
	for _, b := range game.Bots() {
		versions["bot."+b.Name] = b.Version
	}
	if err := golden.Check(path, versions, []byte(got), *update); err != nil {
		t.Error(err)
	}
}

func TestLogitDigestSensitive(t *testing.T) {
	obs := DigestObservations()
	p1, f1 := bothPolicies(t, mustCore(t, Sage, 1))
	p2, _ := bothPolicies(t, mustCore(t, Sage, 2))
	if LogitDigest(p1.Logits, obs) == LogitDigest(p2.Logits, obs) {
		t.Error("two different cores gave the same logit digest")
	}
	if LogitDigest(p1.Logits, obs) != LogitDigest(p1.Clone().Logits, obs) {
		t.Error("a policy and its clone gave different digests")
	}
	// One bias moved by 2^-24, the integer logits' unit: no action need
	// change, the digest must.
	c := mustCore(t, Sage, 1)
	c.Memories.Layers[len(c.Memories.Layers)-1].Bias[0] += 1.0 / (1 << 24)
	p3, f3 := bothPolicies(t, c)
	if LogitDigest(p1.Logits, obs) == LogitDigest(p3.Logits, obs) {
		t.Error("moving one bias by 2^-24 left the integer logit digest unchanged")
	}
	if LogitDigest(f1.Logits, obs) == LogitDigest(f3.Logits, obs) {
		t.Error("moving one bias by 2^-24 left the float logit digest unchanged")
	}
	again := DigestObservations()
	if len(again) != len(obs) || again[100] != obs[100] || again[len(obs)-1] != obs[len(obs)-1] {
		t.Error("DigestObservations is not deterministic")
	}
}

// TestKernelsAgreeOnDigest: every kernel this CPU runs gives the same
// integer logits over the whole digest set, for minted and extreme cores.
func TestKernelsAgreeOnDigest(t *testing.T) {
	obs := DigestObservations()
	for _, a := range Archetypes() {
		for name, c := range map[string]*Core{"seed 1": mustCore(t, a, 1), "wild": wildCore(t, a, 2)} {
			want := LogitDigest(policyWith(t, c, kernelPortable).Logits, obs)
			for _, k := range kernels()[1:] {
				if got := LogitDigest(policyWith(t, c, k).Logits, obs); got != want {
					t.Errorf("%s %s: kernel %v digest %s, portable %s", a, name, k, got, want)
				}
			}
		}
	}
}
