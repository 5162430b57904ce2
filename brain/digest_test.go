package brain

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/digest.golden")

// digestReport lists, for a freshly minted core of each archetype (seed 1),
// its Memories hash and the action digests of its integer and float
// policies over DigestObservations, and the same digests for a core with
// extreme parameters (wildCore). None of it may depend on the CPU: the
// golden file written on amd64 must match on arm64 too. To check:
//
//	GOARCH=arm64 go test -c -o brain.arm64.test ./brain
//	qemu-aarch64 ./brain.arm64.test -test.run TestDigestGolden -test.v
func digestReport(t *testing.T) string {
	obs := DigestObservations()
	var b strings.Builder
	fmt.Fprintf(&b, "observations %d\n", len(obs))
	for _, a := range []string{Sage, Swift} {
		c := mustCore(t, a, 1)
		h, err := c.MemoriesHash()
		if err != nil {
			t.Fatal(err)
		}
		p, f := bothPolicies(t, c)
		fmt.Fprintf(&b, "%s seed 1 memories %s\n", a, h)
		fmt.Fprintf(&b, "%s seed 1 policy %s\n", a, ActionDigest(p, obs))
		fmt.Fprintf(&b, "%s seed 1 float %s\n", a, ActionDigest(f, obs))
		// Parameters from subnormal to MaxAbsParam drive the integer
		// pass through its saturation and underflow paths.
		w := wildCore(t, a, 1)
		if p, err = NewPolicy(w); err != nil {
			t.Fatal(err)
		}
		if f, err = NewFloatPolicy(w); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s wild policy %s\n", a, ActionDigest(p, obs))
		fmt.Fprintf(&b, "%s wild float %s\n", a, ActionDigest(f, obs))
	}
	return b.String()
}

func TestDigestGolden(t *testing.T) {
	got := digestReport(t)
	t.Logf("digest report:\n%s", got)
	path := filepath.Join("testdata", "digest.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./brain -run TestDigestGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("digests differ from %s (a change to the game's rules, the observation, NewCore or the policy; "+
			"if intended, regenerate with -update):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestActionDigestSensitive(t *testing.T) {
	obs := DigestObservations()
	p1, _ := NewPolicy(mustCore(t, Sage, 1))
	p2, _ := NewPolicy(mustCore(t, Sage, 2))
	if ActionDigest(p1, obs) == ActionDigest(p2, obs) {
		t.Error("two different cores gave the same action digest")
	}
	if ActionDigest(p1, obs) != ActionDigest(p1.Clone(), obs) {
		t.Error("a policy and its clone gave different digests")
	}
	again := DigestObservations()
	if len(again) != len(obs) || again[100] != obs[100] || again[len(obs)-1] != obs[len(obs)-1] {
		t.Error("DigestObservations is not deterministic")
	}
}
