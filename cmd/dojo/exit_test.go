package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// exitCase is a command line and the exit status dojo must give it.
type exitCase struct {
	args []string
	code int
	// stderr must contain want.
	want string
}

func checkExits(t *testing.T, cases []exitCase) {
	t.Helper()
	for _, c := range cases {
		var out, errOut bytes.Buffer
		code := execute(c.args, &out, &errOut)
		if code != c.code || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("dojo %s: exit %d, want %d; stderr:\n%s", strings.Join(c.args, " "), code, c.code, errOut.String())
		}
	}
}

// Usage errors (the command line is wrong in itself) exit 2, other
// failures 1, and flag values are checked before anything is loaded: the
// train and fight cases name Cores and demonstrations that do not exist,
// and still fail on the bad value.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	train := func(extra ...string) []string {
		return append([]string{"train", "--core", missing, "--demos", missing, "--out", filepath.Join(dir, "out")}, extra...)
	}
	checkExits(t, []exitCase{
		{[]string{"fight", "--seed", "3"}, exitOK, ""},
		{[]string{}, exitOK, ""},
		{[]string{"nosuch"}, exitUsage, `unknown command "nosuch" for "dojo"`},
		{[]string{"figth"}, exitUsage, "did you mean fight?"},
		{[]string{"replay", "nosuch"}, exitUsage, `unknown command "nosuch" for "dojo replay"`},
		{[]string{"core", "shwo", "x"}, exitUsage, "did you mean show?"},
		{[]string{"help", "nosuch"}, exitUsage, `unknown help topic "nosuch"`},
		{[]string{"help", "replay", "nosuch"}, exitUsage, `unknown help topic "replay nosuch"`},
		{[]string{"--nosuch"}, exitUsage, "unknown flag"},
		{[]string{"fight", "--nosuch"}, exitUsage, "unknown flag: --nosuch"},
		{[]string{"fight", "--seed", "minus-one"}, exitUsage, "invalid argument"},
		{[]string{"fight", "extra"}, exitUsage, "unknown command"},
		{[]string{"fight", "--interval", "0"}, exitUsage, "--interval"},
		{[]string{"fight", "--hash-every", "0"}, exitUsage, "--hash-every"},
		{[]string{"fight", "--p1", "bot:ninja"}, exitUsage, `unknown bot "ninja"`},
		{[]string{"fight", "--p1", "core:" + missing, "--p2", "bot:ninja"}, exitUsage, `unknown bot "ninja"`},
		{[]string{"fight", "--p1", "core:" + missing}, exitFailure, "no such file"},
		{[]string{"replay", "verify"}, exitUsage, "accepts 1 arg"},
		{[]string{"tournament", "--entrants", "bot:zoner,bot:zoner", "--out", filepath.Join(dir, "t")}, exitUsage, `fighter "bot:zoner" is entered twice`},
		{[]string{"tournament", "--entrants", "token:1,token:01", "--out", filepath.Join(dir, "t")}, exitUsage, `fighter "token:1" is entered twice`},
		{[]string{"tournament", "--entrants", "bot:zoner,bot:turtle", "--format", "swiss", "--rounds", "1000", "--out", filepath.Join(dir, "t")}, exitUsage, "--rounds 1000"},
		{[]string{"worker"}, exitUsage, "--nats URL"},
		{[]string{"worker", "--nats", "nats://127.0.0.1:1", "--nats-token-file", missing}, exitFailure, "token file"},
		{[]string{"replay", "verify", missing}, exitFailure, "no such file"},
		{[]string{"replay", "verify", missing, "--p2", "bot:ninja"}, exitUsage, `--p2: fighter "bot:ninja": unknown bot`},
		{[]string{"bots", "extra"}, exitUsage, "unknown command"},
		{[]string{"core", "new"}, exitUsage, "--out"},
		{[]string{"core", "new", "--archetype", "titan", "--out", filepath.Join(dir, "c")}, exitUsage, "unknown archetype"},
		{[]string{"core", "show"}, exitUsage, "accepts 1 arg"},
		{[]string{"core", "show", missing}, exitFailure, "loading core"},
		{[]string{"eval"}, exitUsage, "--core DIR or --fighter SPEC"},
		{[]string{"eval", "--core", missing, "--vs", "bot:nobody"}, exitUsage, `unknown bot "nobody"`},
		{[]string{"eval", "--core", missing, "--workers", "-1"}, exitUsage, "--workers"},
		{[]string{"record"}, exitUsage, "--teacher"},
		{[]string{"record", "--teacher", "bot:zoner", "--minutes", "NaN"}, exitUsage, "--minutes"},
		{[]string{"record", "--teacher", "bot:zoner", "--fighter", "core:" + missing, "--opponent", "bot:x"}, exitUsage, "--opponent"},
		{[]string{"fidelity", "--teacher", "core:x"}, exitUsage, "must be bots"},
		{[]string{"fidelity", "--archetype", "titan"}, exitUsage, "--archetype"},
		{[]string{"fidelity", "--vs", "bot:nobody"}, exitUsage, `unknown bot "nobody"`},
		{[]string{"fidelity", "--minutes", "0"}, exitUsage, "--minutes"},
		{train("--engine", "magic"), exitUsage, `unknown engine "magic"`},
		{train("--class-weighting", "loud"), exitUsage, `unknown class weighting "loud"`},
		{train("--batch", "0"), exitUsage, "--batch"},
		{train("--batch", "1000000"), exitUsage, "batch size 1000000"},
		{train("--epochs", "0"), exitUsage, "--epochs"},
		{train("--lr", "0"), exitUsage, "--lr"},
		{train("--lr", "NaN"), exitUsage, "--lr"},
		{train("--lr", "+Inf"), exitUsage, "--lr"},
		{train("--holdout", "0.95"), exitUsage, "--holdout"},
		{train("--holdout", "NaN"), exitUsage, "--holdout"},
		{train("--patience", "-2"), exitUsage, "--patience"},
		{train("--correction-weight", "-1"), exitUsage, "--correction-weight"},
		{train("--plot", filepath.Join(dir, "out", "curve.png")), exitUsage, "inside the Core"},
		{train("--plot", filepath.Join(missing, "curve.png")), exitUsage, "inside the Core"},
		{train(), exitFailure, "loading core"},
		{[]string{"train", "--core", missing, "--demos", missing}, exitUsage, "--out"},
	})
}

// The real binary exits with the same statuses.
func TestBinaryExitCodes(t *testing.T) {
	bin := dojoBinary(t)
	for _, c := range []exitCase{
		{[]string{"fight", "--seed", "2"}, exitOK, ""},
		{[]string{"nosuch"}, exitUsage, "unknown command"},
		{[]string{"help", "nosuch"}, exitUsage, "unknown help topic"},
		{[]string{"fight", "--interval", "0"}, exitUsage, "--interval"},
		{[]string{"replay", "verify", "/nonexistent.replay"}, exitFailure, "no such file"},
	} {
		cmd := exec.Command(bin, c.args...)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("dojo %s: exit %d, want %d; stderr:\n%s", strings.Join(c.args, " "), code, c.code, errOut.String())
		}
	}
}

// A token given in a server's URL is never printed.
func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"nats://s3cretTOKEN0123456@127.0.0.1:4222": "nats://REDACTED@127.0.0.1:4222",
		"nats://user:s3cretPASS@10.0.0.5:4222":     "nats://REDACTED@10.0.0.5:4222",
		"nats://10.0.0.5:4222":                     "nats://10.0.0.5:4222",
		"nats://%zz@host":                          "(a URL that does not parse)",
	} {
		if got := redactURL(in); got != want || strings.Contains(got, "s3cret") {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
