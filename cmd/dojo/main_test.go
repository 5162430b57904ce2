package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
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
	if err := writeReplay(path, r); err != nil {
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
	if rep.OK || rep.Tick != 100 {
		t.Fatalf("verdict %+v, want a failure at tick 100", rep)
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
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"fight", "--p1", "bot:ninja"}, `unknown bot "ninja"`},
		{[]string{"fight", "--p2", "rushdown"}, "want KIND:NAME"},
		{[]string{"fight", "--p1", "wizard:merlin"}, `unknown kind "wizard"`},
		{[]string{"fight", "--seed", "minus-one"}, "invalid argument"},
		{[]string{"fight", "--interval", "0"}, "--interval"},
		{[]string{"fight", "--hash-every", "0"}, "--hash-every"},
		{[]string{"fight", "extra"}, "unknown command"},
		{[]string{"replay", "verify"}, "accepts 1 arg"},
		{[]string{"replay", "verify", "/nonexistent/file.replay"}, "no such file"},
	}
	for _, c := range cases {
		_, err := run(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("dojo %s: error %v, want one containing %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"fight", "--help"}, {"replay", "--help"}, {"replay", "verify", "--help"}} {
		out, err := run(t, args...)
		if err != nil || !strings.Contains(out, "Usage:") {
			t.Errorf("dojo %s: %v\n%s", strings.Join(args, " "), err, out)
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
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"eval"}, "--core DIR or --fighter SPEC"},
		{[]string{"eval", "--fighter", "bot:zoner", "--vs", "bot:nobody"}, `unknown bot "nobody"`},
		{[]string{"eval", "--fighter", "bot:zoner", "--matches", "0"}, "--matches"},
		{[]string{"eval", "--fighter", "bot:zoner", "--core", "x"}, "not both"},
	} {
		if _, err := run(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("dojo %s: %v, want an error containing %q", strings.Join(c.args, " "), err, c.want)
		}
	}
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
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"record"}, "--teacher"},
		{[]string{"record", "--teacher", "bot:zoner", "--minutes", "0"}, "--minutes"},
		{[]string{"record", "--teacher", "bot:zoner", "--opponent", "bot:x"}, "--opponent"},
	} {
		if _, err := run(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("dojo %s: %v, want an error containing %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}
