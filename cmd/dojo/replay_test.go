package main

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// recordFight runs dojo fight with args and --replay into a new file, and
// returns its path.
func recordFight(t *testing.T, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.replay")
	if _, err := run(t, append([]string{"fight", "--replay", path}, args...)...); err != nil {
		t.Fatal(err)
	}
	return path
}

// editReplay decodes the replay at path, edits it and encodes it again.
func editReplay(t *testing.T, path string, edit func(r *game.Replay)) {
	t.Helper()
	r, err := readReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(r)
	if _, err := overwriteReplay(path, r); err != nil {
		t.Fatal(err)
	}
}

// verifyJSON runs replay verify --json and decodes its verdict.
func verifyJSON(t *testing.T, args ...string) (verifyReport, string, error) {
	t.Helper()
	out, err := run(t, append([]string{"replay", "verify", "--json"}, args...)...)
	var rep verifyReport
	if jerr := json.Unmarshal([]byte(out), &rep); jerr != nil {
		t.Fatalf("verify --json printed something that is not one JSON document: %v\n%s", jerr, out)
	}
	if (err == nil) != rep.OK {
		t.Fatalf("verify --json: exit error %v with ok=%v", err, rep.OK)
	}
	return rep, out, err
}

func TestVerifyRedrivesBots(t *testing.T) {
	path := recordFight(t, "--p1", "bot:zoner", "--p2", "bot:random", "--seed", "5")
	rep, _, err := verifyJSON(t, path)
	if err != nil {
		t.Fatal(err)
	}
	want := []fighterCheck{
		{Side: "p1", ID: "bot:zoner@1", Interval: 4, Fighter: "bot:zoner", Check: checkRedriven},
		{Side: "p2", ID: "bot:random@1", Interval: 4, Fighter: "bot:random", Check: checkRedriven},
	}
	if len(rep.Fighters) != 2 || rep.Fighters[0] != want[0] || rep.Fighters[1] != want[1] || rep.InputsOnly || rep.Match == nil {
		t.Fatalf("verdict %+v, want both bots re-driven", rep)
	}
	if rep.Match.Players != [2]string{"bot:zoner@1", "bot:random@1"} || rep.Match.Winner != "p1" || rep.Match.WinnerName != "bot:zoner@1" {
		t.Fatalf("match %+v", rep.Match)
	}
	out, err := run(t, "replay", "verify", path)
	if err != nil || !strings.Contains(out, "P1 bot:zoner@1 (bot:zoner): re-driven") || !strings.Contains(out, "winner P1 bot:zoner@1") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
}

// Swapping the fighters inside a replay made it verify with the wrong
// winner before format 2; now the hashes cover the fighters.
func TestVerifySwappedFightersFails(t *testing.T) {
	path := recordFight(t, "--p1", "bot:zoner", "--p2", "bot:random", "--seed", "5")
	editReplay(t, path, func(r *game.Replay) { r.Players[0], r.Players[1] = r.Players[1], r.Players[0] })
	rep, _, err := verifyJSON(t, path)
	if err == nil || rep.Match != nil || rep.Checks != 0 {
		t.Fatalf("verdict %+v, want a failure with no match and no checkpoint agreed", rep)
	}
	for _, want := range []string{"header", "P1 bot:random@1", "P2 bot:zoner@1"} {
		if !strings.Contains(rep.Error, want) {
			t.Errorf("error %q does not say %q", rep.Error, want)
		}
	}
}

// A replay made under other rules cannot be re-run: the verdict is the
// error, never a made-up match.
func TestVerifyOtherRulesReportsNoMatch(t *testing.T) {
	path := recordFight(t, "--seed", "2")
	editReplay(t, path, func(r *game.Replay) { r.RulesVersion = game.RulesVersion + 1 })
	rep, out, err := verifyJSON(t, path)
	var ee exitError
	if !errors.As(err, &ee) || ee != 1 {
		t.Fatalf("verify --json of another rules version: %v, want exit status 1", err)
	}
	if rep.OK || !strings.Contains(rep.Error, "rules version") || strings.Contains(out, `"match"`) || strings.Contains(out, `"winner"`) {
		t.Fatalf("verdict for another rules version:\n%s", out)
	}
}

func TestVerifyRefusesOtherBotVersion(t *testing.T) {
	path := recordFight(t, "--seed", "2")
	editReplay(t, path, func(r *game.Replay) { r.Players[1] = "bot:zoner@9" })
	_, err := run(t, "replay", "verify", path)
	if err == nil || !strings.Contains(err.Error(), "P2 is bot:zoner@9, but this build's zoner is bot:zoner@1") {
		t.Fatalf("verify of a replay naming another version of a bot: %v", err)
	}
	editReplay(t, path, func(r *game.Replay) { r.Players[1] = "bot:ninja@1" })
	if _, err := run(t, "replay", "verify", path); err == nil || !strings.Contains(err.Error(), "a bot this build does not have") {
		t.Fatalf("verify of a replay naming an unknown bot: %v", err)
	}
}

// A replay of a Core match names the Core by content and is verified only
// with that Core.
func TestVerifyCoreReplay(t *testing.T) {
	dir := t.TempDir()
	c0, c1 := filepath.Join(dir, "c0"), filepath.Join(dir, "c1")
	for i, c := range []string{c0, c1} {
		if _, err := run(t, "core", "new", "--archetype", "swift", "--seed", []string{"3", "4"}[i], "--out", c); err != nil {
			t.Fatal(err)
		}
	}
	out, err := run(t, "core", "show", c0, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var cr coreReport
	if err := json.Unmarshal([]byte(out), &cr); err != nil || !strings.HasPrefix(cr.ID, "core:sha256:") {
		t.Fatalf("core show: %v %+v", err, cr)
	}
	path := filepath.Join(dir, "m.replay")
	out, err = run(t, "fight", "--p1", "core:"+c0, "--p2", "bot:random", "--replay", path, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var mr matchReport
	if err := json.Unmarshal([]byte(out), &mr); err != nil || mr.Players[0] != "core:"+c0 || mr.IDs[0] != cr.ID || mr.IDs[1] != "bot:random@1" {
		t.Fatalf("fight: %v %+v", err, mr)
	}
	r, err := readReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Players[0] != cr.ID || strings.Contains(r.Players[0], dir) {
		t.Fatalf("the replay names P1 %q, want the Core's ID %s and no path", r.Players[0], cr.ID)
	}

	if _, err := run(t, "replay", "verify", path); err == nil || !strings.Contains(err.Error(), "give it with --p1 core:DIR") || !strings.Contains(err.Error(), cr.ID) {
		t.Fatalf("verify without the Core: %v, want a request for it naming its ID", err)
	}
	if _, err := run(t, "replay", "verify", path, "--p1", "core:"+c1); !errors.Is(err, game.ErrWrongFighter) {
		t.Fatalf("verify with another Core: %v, want ErrWrongFighter", err)
	}
	if _, err := run(t, "replay", "verify", path, "--p2", "bot:zoner", "--p1", "core:"+c0); !errors.Is(err, game.ErrWrongFighter) {
		t.Fatalf("verify with another bot: %v, want ErrWrongFighter", err)
	}
	rep, _, err := verifyJSON(t, path, "--p1", "core:"+c0)
	if err != nil || rep.Fighters[0].Check != checkRedriven || rep.Fighters[0].Fighter != "core:"+c0 || rep.Fighters[0].ID != cr.ID || rep.Match.FinalHash != mr.FinalHash {
		t.Fatalf("verify with the Core: %v %+v", err, rep)
	}
}

// A fighter that was seated under another's identity recorded a replay
// whose hashes are all consistent: re-driving it names the first tick where
// the real fighter decides otherwise.
func TestVerifyNamesTheFirstRedrivenDifference(t *testing.T) {
	random, _ := game.BotSeat("random", 0)
	impostor := func(uint64) game.Seat {
		return game.Seat{ID: "bot:turtle@1", Controller: game.BotFunc(game.Zoner)}
	}
	d := game.SeatMatch(6, [2]game.SeatFunc{impostor, random}, game.DefaultHashEvery)
	d.Run()
	path := filepath.Join(t.TempDir(), "m.replay")
	if _, err := overwriteReplay(path, d.Replay); err != nil {
		t.Fatal(err)
	}
	rep, _, err := verifyJSON(t, path)
	if err == nil || rep.MismatchSide != "p1" || rep.Tick < 1 || rep.Checks != len(d.Replay.Hashes)+2 || rep.Match != nil {
		t.Fatalf("verdict %+v, want P1's first differing decision named after every hash agreed", rep)
	}
	if want := d.Replay.Inputs[rep.Tick-1][0].String(); !strings.Contains(rep.Error, "P1's fighter decided") || !strings.Contains(rep.Error, "records "+want) {
		t.Fatalf("error %q does not name P1's recorded input %s", rep.Error, want)
	}
}

// A side that no fighter of this build can play (a person, say) has its
// inputs verified only, and verify says so.
func TestVerifyInputsOnly(t *testing.T) {
	random, _ := game.BotSeat("random", 0)
	person := func(seed uint64) game.Seat {
		s := random(seed)
		s.ID = "human:alice"
		return s
	}
	d := game.SeatMatch(6, [2]game.SeatFunc{random, person}, game.DefaultHashEvery)
	d.Run()
	path := filepath.Join(t.TempDir(), "m.replay")
	if _, err := overwriteReplay(path, d.Replay); err != nil {
		t.Fatal(err)
	}
	rep, _, err := verifyJSON(t, path)
	if err != nil || !rep.InputsOnly || rep.Fighters[0].Check != checkRedriven || rep.Fighters[1].Check != checkInputsOnly || rep.Fighters[1].Fighter != "" {
		t.Fatalf("verdict %v %+v, want P2 verified from its inputs only", err, rep)
	}
	out, err := run(t, "replay", "verify", path)
	if err != nil || !strings.Contains(out, "P2 human:alice: no fighter to re-drive it, its inputs were verified only") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
}

// A Core played by sampling (sample:DIR) is another fighter than the same
// Core by its argmax: the replay says which, verify re-drives it with the
// same draws, and the argmax Core is refused in its place.
func TestVerifySampledCoreReplay(t *testing.T) {
	dir := t.TempDir()
	c := filepath.Join(dir, "c")
	if _, err := run(t, "core", "new", "--archetype", "swift", "--seed", "3", "--out", c); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "s.replay")
	out, err := run(t, "fight", "--p1", "sample:"+c, "--p2", "bot:wall", "--seed", "4", "--replay", path, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var mr matchReport
	if err := json.Unmarshal([]byte(out), &mr); err != nil || !strings.HasSuffix(mr.IDs[0], "+sample") {
		t.Fatalf("fight with a sampled Core: %v %+v", err, mr)
	}
	// The draws come from the match seed: another seed, another match.
	other, err := run(t, "fight", "--p1", "sample:"+c, "--p2", "bot:wall", "--seed", "5", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var mr2 matchReport
	if err := json.Unmarshal([]byte(other), &mr2); err != nil || mr2.FinalHash == mr.FinalHash {
		t.Fatalf("seeds 4 and 5 gave the same sampled match: %v", err)
	}
	if _, err := run(t, "replay", "verify", path); err == nil || !strings.Contains(err.Error(), "give it with --p1 sample:DIR") {
		t.Fatalf("verify without the Core: %v, want a request for sample:DIR", err)
	}
	if _, err := run(t, "replay", "verify", path, "--p1", "core:"+c); !errors.Is(err, game.ErrWrongFighter) {
		t.Fatalf("verify with the argmax Core: %v, want ErrWrongFighter", err)
	}
	rep, _, err := verifyJSON(t, path, "--p1", "sample:"+c)
	if err != nil || rep.Fighters[0].Check != checkRedriven || rep.Match.FinalHash != mr.FinalHash {
		t.Fatalf("verify with the sampled Core: %v %+v", err, rep)
	}
}
