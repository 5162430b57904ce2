package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
	"github.com/spf13/cobra"
)

// run executes the dojo command line in-process and returns its standard
// output (standard error, for logs and help, goes to the test log).
func run(t *testing.T, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	defer func() {
		if errOut.Len() > 0 {
			t.Logf("dojo %s: stderr:\n%s", strings.Join(args, " "), errOut.String())
		}
	}()
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err = cmd.Execute()
	return out.String(), err
}

func TestFightJSONAndReplayVerify(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.replay")
	out, err := run(t, "fight", "--p1", "bot:rushdown", "--p2", "bot:zoner", "--seed", "7", "--replay", path, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep matchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("fight --json printed something that is not one JSON document: %v\n%s", err, out)
	}
	if rep.Players != [2]string{"bot:rushdown", "bot:zoner"} || rep.Seed != 7 || len(rep.Rounds) < 2 || rep.Ticks == 0 || len(rep.FinalHash) != 16 {
		t.Fatalf("unexpected report: %+v", rep)
	}
	if rep.Winner != "draw" && rep.WinnerName == "" {
		t.Fatalf("winner %q without a name", rep.Winner)
	}

	// The same flags again give the same match.
	again, err := run(t, "fight", "--p1", "bot:rushdown", "--p2", "bot:zoner", "--seed", "7", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep2 matchReport
	if err := json.Unmarshal([]byte(again), &rep2); err != nil || rep2.FinalHash != rep.FinalHash {
		t.Fatalf("second run: hash %s, first %s (%v)", rep2.FinalHash, rep.FinalHash, err)
	}

	out, err = run(t, "replay", "verify", path)
	if err != nil || !strings.Contains(out, "OK") || !strings.Contains(out, rep.FinalHash) {
		t.Fatalf("verify: %v\n%s", err, out)
	}
}

func TestVerifyTamperedReplayFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.replay")
	if _, err := run(t, "fight", "--seed", "3", "--replay", path, "--hash-every", "1"); err != nil {
		t.Fatal(err)
	}
	r, err := readReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Inputs[99][0] ^= game.Special
	if _, err := overwriteReplay(path, r); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "replay", "verify", path, "--json")
	if err == nil {
		t.Fatalf("verify of a tampered replay succeeded:\n%s", out)
	}
	var rep verifyReport
	if jerr := json.Unmarshal([]byte(out), &rep); jerr != nil {
		t.Fatalf("verify --json output is not JSON: %v\n%s", jerr, out)
	}
	// The start checkpoint and those of ticks 1 to 99 agreed.
	if rep.OK || rep.Tick != 100 || rep.Checks != 100 || rep.Match != nil {
		t.Fatalf("verdict %+v, want a failure at tick 100 after 100 checkpoints, and no match", rep)
	}

	// A truncated file is a clear format error.
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, "replay", "verify", path)
	if err == nil || !strings.Contains(err.Error(), "not a valid replay") {
		t.Fatalf("verify of a truncated replay: %v", err)
	}
}

func TestBadFlags(t *testing.T) {
	expectErrors(t, []errCase{
		{[]string{"fight", "--p1", "bot:ninja"}, `unknown bot "ninja"`},
		{[]string{"fight", "--p2", "rushdown"}, "want KIND:NAME"},
		{[]string{"fight", "--p1", "wizard:merlin"}, `unknown kind "wizard"`},
		{[]string{"fight", "--p1", "core:/nonexistent"}, "loading core"},
		{[]string{"fight", "--seed", "minus-one"}, "invalid argument"},
		{[]string{"fight", "--interval", "0"}, "--interval"},
		{[]string{"fight", "--hash-every", "0"}, "--hash-every"},
		{[]string{"fight", "extra"}, "unknown command"},
		{[]string{"replay", "verify"}, "accepts 1 arg"},
		{[]string{"replay", "verify", "/nonexistent/file.replay"}, "no such file"},
	})
}

// Every command and subcommand, found by walking the command tree (so a
// new command is covered without a change here), answers both --help and
// dojo help with its own usage on stdout and exit status 0.
func TestHelpForEveryCommand(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	walk(newRootCmd(), nil)
	if len(paths) < 12 { // dojo, 7 commands, their subcommands, help, completion
		t.Fatalf("the walk found only %v", paths)
	}
	for _, path := range paths {
		want := "dojo"
		if len(path) > 0 {
			want += " " + strings.Join(path, " ")
		}
		for _, args := range [][]string{append(append([]string(nil), path...), "--help"), append([]string{"help"}, path...)} {
			var out, errOut bytes.Buffer
			code := execute(args, &out, &errOut)
			if code != exitOK || !strings.Contains(out.String(), "Usage:") || !strings.Contains(out.String(), want) {
				t.Errorf("dojo %s: exit %d, stdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out.String(), errOut.String())
			}
		}
	}
}

func TestEvalBots(t *testing.T) {
	out, err := run(t, "eval", "--fighter", "bot:zoner", "--vs", "bot:random,bot:turtle", "--matches", "10", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, out)
	}
	if len(rep.Records) != 2 || rep.Records[0].Opponent != "bot:random" || rep.Records[0].Matches != 10 {
		t.Fatalf("unexpected report %+v", rep)
	}
	if rep.Records[0].Wins < 9 {
		t.Fatalf("zoner won %d of 10 against random", rep.Records[0].Wins)
	}
	expectErrors(t, []errCase{
		{[]string{"eval"}, "--core DIR or --fighter SPEC"},
		{[]string{"eval", "--fighter", "bot:zoner", "--vs", "bot:nobody"}, `unknown bot "nobody"`},
		{[]string{"eval", "--fighter", "bot:zoner", "--matches", "0"}, "--matches"},
		{[]string{"eval", "--fighter", "bot:zoner", "--core", "x"}, "not both"},
	})
}

func TestRecordTeacherAndCorrections(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, "record", "--teacher", "bot:turtle", "--minutes", "0.5", "--out", dir, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep recordReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("record --json: %v\n%s", err, out)
	}
	if rep.Ticks != 30*game.TickRate || rep.Decisions < rep.Ticks/game.DefaultInterval || rep.Corrections != 0 || rep.Bytes == 0 {
		t.Fatalf("unexpected report %+v", rep)
	}
	if filepath.Base(rep.File) != "turtle-s1.demo" {
		t.Fatalf("file %s", rep.File)
	}
	if _, err := run(t, "record", "--teacher", "bot:turtle", "--minutes", "0.5", "--out", dir); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Fatalf("second recording to the same file: %v", err)
	}
	out, err = run(t, "record", "--fighter", "bot:random", "--teacher", "bot:zoner", "--minutes", "0.5", "--out", dir, "--json")
	if err != nil {
		t.Fatal(err)
	}
	rep = recordReport{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Corrections == 0 || !strings.Contains(rep.File, "random-corrected-by-zoner") {
		t.Fatalf("correction session: %v %+v", err, rep)
	}
	expectErrors(t, []errCase{
		{[]string{"record"}, "--teacher"},
		{[]string{"record", "--teacher", "bot:zoner", "--minutes", "0"}, "--minutes"},
		{[]string{"record", "--teacher", "bot:zoner", "--opponent", "bot:x"}, "--opponent"},
	})
}

// The whole loop a user runs: a new Core, demonstrations, training, the
// trained Core fighting and being evaluated.
func TestCoreRecordTrainFightEval(t *testing.T) {
	dir := t.TempDir()
	c0, c1, demos := filepath.Join(dir, "c0"), filepath.Join(dir, "c1"), filepath.Join(dir, "demos")
	if _, err := run(t, "core", "new", "--archetype", "swift", "--seed", "3", "--out", c0); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "core", "new", "--out", c0); err == nil || !strings.Contains(err.Error(), "already holds a Core") {
		t.Fatalf("core new over an existing Core: %v", err)
	}
	if _, err := run(t, "record", "--teacher", "bot:zoner", "--minutes", "2", "--out", demos); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "train", "--core", c0, "--demos", demos, "--out", c1, "--quiet", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var tr trainReport
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatalf("train --json: %v\n%s", err, out)
	}
	if tr.HoldoutAccuracy == nil || *tr.HoldoutAccuracy < 0.7 || tr.Samples < 1800 || tr.Epochs < 1 {
		t.Fatalf("training report %+v", tr)
	}
	if _, err := os.Stat(tr.Plot); err != nil {
		t.Fatalf("no curve: %v", err)
	}
	out, err = run(t, "core", "show", c1, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var cr coreReport
	if err := json.Unmarshal([]byte(out), &cr); err != nil || cr.Lineage.Parent == "" || len(cr.Lineage.Demonstrations) != 1 || cr.Brain.Archetype != "swift" {
		t.Fatalf("core show: %v %+v", err, cr)
	}
	out, err = run(t, "fight", "--p1", "core:"+c1, "--p2", "bot:random", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var mr matchReport
	if err := json.Unmarshal([]byte(out), &mr); err != nil || mr.Players[0] != "core:"+c1 {
		t.Fatalf("fight with a core: %v %+v", err, mr)
	}
	out, err = run(t, "eval", "--core", c1, "--vs", "bot:sparring", "--matches", "20", "--seed", "5", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var er evalReport
	if err := json.Unmarshal([]byte(out), &er); err != nil {
		t.Fatal(err)
	}
	// The cheap imitation: the zoner's favourite button, pressed always.
	sparring, err := training.BotOpponent("sparring", 0)
	if err != nil {
		t.Fatal(err)
	}
	spam := func(uint64) game.Seat {
		return game.Seat{Name: "fireball", Controller: game.BotFunc(func(*game.Observation) int { return 9 })}
	}
	base, err := training.Evaluate(spam, []training.Opponent{sparring}, training.EvalConfig{Matches: 20, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("against sparring: the clone of zoner won %d of 20, constant fireball %d", er.Records[0].Wins, base[0].Wins)
	if er.Records[0].Wins < base[0].Wins+4 {
		t.Fatalf("a clone of zoner won %d of 20 against sparring, constant fireball %d: want at least 4 more", er.Records[0].Wins, base[0].Wins)
	}
	expectErrors(t, []errCase{
		{[]string{"train", "--demos", demos, "--out", c1}, "--core"},
		{[]string{"train", "--core", c0, "--out", filepath.Join(dir, "c2")}, "--demos"},
		{[]string{"train", "--core", c0, "--demos", demos, "--out", c1}, "already holds a Core"},
		{[]string{"train", "--core", c0, "--demos", demos, "--out", c0}, "must differ"},
		{[]string{"train", "--core", c0, "--demos", filepath.Join(dir, "none"), "--out", filepath.Join(dir, "c2")}, "no such file"},
		{[]string{"train", "--core", c0, "--demos", demos, "--out", filepath.Join(dir, "c2"), "--engine", "magic"}, "engine"},
		{[]string{"core", "new", "--archetype", "titan", "--out", filepath.Join(dir, "c3")}, "unknown archetype"},
		{[]string{"core", "show", dir}, "loading core"},
		{[]string{"record", "--teacher", "bot:zoner", "--fighter", "core:" + c1, "--reaction", "-1"}, "--reaction"},
	})
}

func TestFidelityCommand(t *testing.T) {
	out, err := run(t, "fidelity", "--teacher", "bot:wall", "--minutes", "2", "--matches", "4", "--vs", "bot:random,bot:sparring", "--json")
	if err != nil {
		t.Fatal(err)
	}
	type imitation struct {
		Name             string  `json:"name"`
		HoldoutAgreement float64 `json:"holdout_agreement"`
		StyleDistance    float64 `json:"style_distance"`
		MoveUsage        []struct {
			Move string `json:"move"`
		} `json:"move_usage"`
		Scores []struct {
			Opponent string `json:"opponent"`
		} `json:"scores"`
	}
	var f struct {
		TeacherPlay struct {
			Scores []struct {
				Opponent string `json:"opponent"`
			} `json:"scores"`
		} `json:"teacher_play"`
		Clone     imitation   `json:"clone"`
		Sampled   imitation   `json:"sampled_clone"`
		Baselines []imitation `json:"baselines"`
	}
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("fidelity --json: %v\n%s", err, out)
	}
	if len(f.TeacherPlay.Scores) != 2 || len(f.Clone.Scores) != 2 || len(f.Clone.MoveUsage) != game.NumMoves-1 || len(f.Baselines) != 2 ||
		f.Sampled.Name != "sampled clone" || len(f.Sampled.Scores) != 2 {
		t.Fatalf("fidelity --json lacks the win-rate matrix, the move usage or the baselines:\n%s", out)
	}
	for _, b := range f.Baselines {
		if f.Clone.StyleDistance >= b.StyleDistance {
			t.Errorf("the clone's style distance %.3f is not below the %s's %.3f", f.Clone.StyleDistance, b.Name, b.StyleDistance)
		}
	}
	if _, err := run(t, "fidelity", "--teacher", "core:x"); err == nil {
		t.Fatal("fidelity accepted a Core as teacher")
	}
}

func TestBotsCommand(t *testing.T) {
	out, err := run(t, "bots", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var bots []struct {
		Name    string `json:"name"`
		Version int    `json:"version"`
		Style   string `json:"style"`
	}
	if err := json.Unmarshal([]byte(out), &bots); err != nil || len(bots) != len(game.BotNames()) {
		t.Fatalf("bots --json: %v\n%s", err, out)
	}
	text, err := run(t, "bots")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bots {
		if b.Style == "" || !strings.Contains(text, fmt.Sprintf("bot:%s@%d", b.Name, b.Version)) {
			t.Errorf("bot %q: style %q, or missing from the listing:\n%s", b.Name, b.Style, text)
		}
	}
}

func TestFlagBounds(t *testing.T) {
	dir := t.TempDir()
	expectErrors(t, []errCase{
		{[]string{"fight", "--hash-every", "40000"}, "--hash-every"},
		{[]string{"record", "--teacher", "bot:zoner", "--interval", "1000", "--out", dir}, "--interval"},
		{[]string{"train", "--core", dir, "--demos", dir, "--out", dir + "/x", "--patience", "0"}, "--patience"},
		{[]string{"train", "--core", dir, "--demos", dir, "--out", dir + "/x", "--epochs", "0"}, "--epochs"},
		{[]string{"fidelity", "--minutes", "1", "--correction-rounds", "9"}, "fewer correction rounds"},
		{[]string{"replay", "verify", "/dev/zero"}, "not a regular file"},
	})
}

// errCase is a command line that must fail with an error containing want.
type errCase struct {
	args []string
	want string
}

func expectErrors(t *testing.T, cases []errCase) {
	t.Helper()
	for _, c := range cases {
		if _, err := run(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("dojo %s: %v, want an error containing %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

// overwriteReplay writes r to path, replacing the file there (as fight
// --replay FILE --force does), for tests that tamper with replays.
func overwriteReplay(path string, r *game.Replay) (int, error) {
	return writeReplay(outputFile{flag: "--replay", path: path, force: true}, r)
}
