package game

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from the current rules")

func TestSameSeedSameHash(t *testing.T) {
	for _, seed := range []uint64{1, 2, 99} {
		a := play(t, "rushdown", "random", seed)
		b := play(t, "rushdown", "random", seed)
		if a.Hash() != b.Hash() {
			t.Errorf("seed %d: hashes differ between two runs: %016x vs %016x", seed, a.Hash(), b.Hash())
		}
		c := play(t, "rushdown", "random", seed+1000)
		if a.Hash() == c.Hash() {
			t.Errorf("seeds %d and %d gave the same final hash %016x", seed, seed+1000, a.Hash())
		}
	}
}

// The helper process prints a match's final hash; the test compares what a
// fresh process computes with this one.
func TestHelperProcessHash(t *testing.T) {
	if os.Getenv("DOJO_HASH_HELPER") == "" {
		t.Skip("run as a helper process by TestSameHashAcrossProcesses")
	}
	seed, _ := strconv.ParseUint(os.Getenv("DOJO_HASH_HELPER"), 10, 64)
	fmt.Printf("hash=%016x\n", play(t, "zoner", "turtle", seed).Hash())
}

func TestSameHashAcrossProcesses(t *testing.T) {
	const seed = 4242
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessHash$", "-test.v")
	cmd.Env = append(os.Environ(), "DOJO_HASH_HELPER="+strconv.Itoa(seed))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	want := fmt.Sprintf("hash=%016x", play(t, "zoner", "turtle", seed).Hash())
	if !bytes.Contains(out, []byte(want)) {
		t.Fatalf("the other process printed\n%s\nwant a line %q", out, want)
	}
}

type goldenMatch struct {
	P1, P2    string
	Seed      uint64
	Hash      string
	Ticks     int32
	Winner    int
	RoundsWon [2]int32
}

// TestGolden pins the final state of a few fixed matches. A change to the
// rules that alters them must bump RulesVersion and regenerate the file on
// purpose with: go test ./game -run Golden -update
func TestGolden(t *testing.T) {
	cases := []goldenMatch{
		{P1: "rushdown", P2: "zoner", Seed: 7},
		{P1: "turtle", P2: "rushdown", Seed: 1},
		{P1: "zoner", P2: "random", Seed: 2},
		{P1: "random", P2: "random", Seed: 3},
	}
	for i := range cases {
		c := &cases[i]
		m := play(t, c.P1, c.P2, c.Seed)
		c.Hash, c.Ticks, c.Winner, c.RoundsWon = fmt.Sprintf("%016x", m.Hash()), m.Tick, m.Winner(), m.Wins
	}
	const path = "testdata/golden.txt"
	versions := golden.Versions{"rules": RulesVersion, "obs": ObsSpecVersion, "action": ActionSpecVersion}
	for _, c := range cases {
		for _, name := range []string{c.P1, c.P2} {
			b, _ := LookupBot(name)
			versions["bot."+name] = b.Version
		}
	}
	body, err := json.MarshalIndent(cases, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	body = append(body, '\n')
	if err := golden.Check(path, versions, body, *update); err != nil {
		t.Fatal(err)
	}
}

// mirrored returns the match as seen in a mirror: sides swapped, x flipped.
func mirrored(m *Match) Match {
	c := *m
	c.Fighters[0], c.Fighters[1] = mirrorFighter(m.Fighters[1]), mirrorFighter(m.Fighters[0])
	c.Wins[0], c.Wins[1] = m.Wins[1], m.Wins[0]
	return c
}

func mirrorFighter(f Fighter) Fighter {
	f.X = StageWidth*Unit - f.X
	f.VX, f.Facing, f.DashDir = -f.VX, -f.Facing, -f.DashDir
	if f.Platform != 0 {
		f.Platform = 3 - f.Platform
	}
	f.PrevInput = f.PrevInput.Mirror()
	if f.Proj.Active != 0 {
		f.Proj.X, f.Proj.VX = StageWidth*Unit-f.Proj.X, -f.Proj.VX
	}
	return f
}

// Swapping the two fighters must give the mirror image of the match, tick
// by tick: the simulation favours neither side.
func TestSwapSidesMirrorsMatch(t *testing.T) {
	pairs := [][2]string{{"rushdown", "zoner"}, {"turtle", "random"}, {"random", "random"}, {"zoner", "zoner"}}
	for _, p := range pairs {
		for _, seed := range []uint64{5, 6} {
			a := NewDriver(Config{Seed: seed}, botSeats(t, p[0], p[1], seed), 0)
			sb := botSeats(t, p[0], p[1], seed)
			sb[0], sb[1] = sb[1], sb[0]
			// Each bot keeps its own random stream on the other side.
			if r, ok := sb[0].Controller.(*RandomBot); ok {
				*r = RandomBot{SplitMix64{Mix(seed, 2)}}
			}
			if r, ok := sb[1].Controller.(*RandomBot); ok {
				*r = RandomBot{SplitMix64{Mix(seed, 1)}}
			}
			b := NewDriver(Config{Seed: seed}, sb, 0)
			for !a.Match.Over {
				a.Step()
				b.Step()
				ma := mirrored(a.Match)
				if ma.Hash() != b.Match.Hash() {
					t.Fatalf("%v seed %d: at tick %d the swapped match is not the mirror image\nmirrored: %+v\n swapped: %+v",
						p, seed, a.Match.Tick, ma.Fighters, b.Match.Fighters)
				}
			}
			if !b.Match.Over || a.Match.Winner() != flipWinner(b.Match.Winner()) {
				t.Errorf("%v seed %d: winner %d, swapped winner %d", p, seed, a.Match.Winner(), b.Match.Winner())
			}
		}
	}
}

func flipWinner(w int) int {
	if w < 0 {
		return w
	}
	return 1 - w
}

func checkInvariants(t *testing.T, m *Match) {
	t.Helper()
	for i := range m.Fighters {
		f := &m.Fighters[i]
		switch {
		case f.Health < 0 || f.Health > MaxHealth:
			t.Fatalf("tick %d: P%d health %d outside [0, %d]", m.Tick, i+1, f.Health, MaxHealth)
		case f.X < halfWidth || f.X > StageWidth*Unit-halfWidth:
			t.Fatalf("tick %d: P%d x %d outside the walls", m.Tick, i+1, f.X)
		case f.Y < 0 || f.Y >= StageHeight*Unit:
			t.Fatalf("tick %d: P%d y %d outside the stage", m.Tick, i+1, f.Y)
		case f.State >= numStates || f.Move >= numMoves:
			t.Fatalf("tick %d: P%d invalid state %d / move %d", m.Tick, i+1, f.State, f.Move)
		case (f.State == StateAttack) != (f.Move != MoveNone):
			t.Fatalf("tick %d: P%d state %v with move %d", m.Tick, i+1, f.State, f.Move)
		case f.Grounded && f.Platform == 0 && f.Y != 0:
			t.Fatalf("tick %d: P%d grounded in mid-air at y %d", m.Tick, i+1, f.Y)
		case f.Facing != 1 && f.Facing != -1:
			t.Fatalf("tick %d: P%d facing %d", m.Tick, i+1, f.Facing)
		}
	}
	if m.Round > MaxRounds || m.Wins[0] > RoundsToWin || m.Wins[1] > RoundsToWin {
		t.Fatalf("tick %d: round %d, wins %v", m.Tick, m.Round, m.Wins)
	}
}

// FuzzStep drives the simulation with arbitrary inputs (two bytes a tick,
// each repeated for a few ticks) and checks its invariants after every step.
func FuzzStep(f *testing.F) {
	f.Add(uint64(1), []byte{0x01, 0x02, 0x10, 0x20, 0x04, 0x08})
	f.Add(uint64(7), bytes.Repeat([]byte{0xff, 0x00, 0x44, 0x88}, 50))
	f.Fuzz(func(t *testing.T, seed uint64, data []byte) {
		m := NewMatch(Config{Seed: seed})
		for i := 0; i+1 < len(data) && !m.Over; i += 2 {
			// Each byte picks buttons; its low bits also pick how long to hold.
			in := [2]Input{Input(data[i]) | Input(data[i]&0x3)<<8, Input(data[i+1]) | Input(data[i+1]&0xc)<<6}
			for k := 0; k < 1+int(data[i]>>5); k++ {
				m.Step(in)
				checkInvariants(t, m)
			}
		}
	})
}

func TestRandomMatchesKeepInvariants(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		d := NewDriver(Config{Seed: seed}, botSeats(t, "random", "random", seed), 0)
		for !d.Match.Over {
			d.Step()
			checkInvariants(t, d.Match)
		}
	}
}

func TestUnknownBot(t *testing.T) {
	_, err := NewBot("ninja", 1)
	if err == nil || !strings.Contains(err.Error(), `unknown bot "ninja"`) || !strings.Contains(err.Error(), "rushdown") {
		t.Fatalf("NewBot(ninja) error = %v, want one naming the bot and listing the known ones", err)
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	d := NewDriver(Config{Seed: 3}, botSeats(t, "zoner", "rushdown", 3), 0)
	allocs := testing.AllocsPerRun(1000, d.Step)
	if d.Match.Over {
		t.Fatal("the match ended during the measurement; measure a longer one")
	}
	if allocs != 0 {
		t.Fatalf("a driver step with two bots allocates %.1f times, want 0", allocs)
	}
}
