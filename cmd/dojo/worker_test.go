package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/tournament"
)

// The distributed path, on the embedded nats-server the tournament starts
// and on a real nats-server (scripts/nats.sh, when DOJO_NATS_BIN is set, as
// make test sets it): the tournament only coordinates; two worker processes
// play; one is killed mid-tournament and the other carries on. The
// standings equal the single-process run's.
func TestTournamentOverJetStreamWithWorkerProcesses(t *testing.T) {
	bin := dojoBinary(t)
	entrants := "bot:rushdown,bot:turtle,bot:zoner,bot:brawler,bot:sniper,bot:wall,bot:random"
	var single standingsDoc
	jsonRun(t, &single, "tournament", "--data-dir", t.TempDir(), "--entrants", entrants, "--format", "double-round-robin",
		"--seed", "3", "--workers", "2", "--out", filepath.Join(t.TempDir(), "single"))
	t.Run("embedded", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		// The embedded server wants the token the tournament makes in
		// --out; the workers are given it as a file, as on other machines.
		out := filepath.Join(t.TempDir(), "queued")
		overQueue(t, bin, entrants, single, out, "nats://"+addr, filepath.Join(out, "nats-token"), "--nats-listen", addr)
	})
	t.Run("nats-server", func(t *testing.T) {
		if os.Getenv("DOJO_NATS_BIN") == "" {
			t.Skip("DOJO_NATS_BIN is not set: the real nats-server suite runs under make test (scripts/nats.sh build)")
		}
		script, _ := filepath.Abs("../../scripts/nats.sh")
		dir := t.TempDir()
		if b, err := exec.Command("bash", script, "start", dir).CombinedOutput(); err != nil {
			t.Fatalf("scripts/nats.sh start: %v\n%s", err, b)
		}
		defer exec.Command("bash", script, "stop", dir).Run()
		url, err := os.ReadFile(filepath.Join(dir, "nats.url"))
		if err != nil {
			t.Fatal(err)
		}
		token := filepath.Join(dir, "token")
		overQueue(t, bin, entrants, single, filepath.Join(t.TempDir(), "queued"), strings.TrimSpace(string(url)), token,
			"--nats", strings.TrimSpace(string(url)), "--nats-token-file", token)
	})
}

type standingsDoc struct {
	Rows []tournament.Row `json:"standings"`
}

// overQueue runs the tournament on the queue that queueFlags name, with
// --workers 0, and two worker processes on url with tokenFile; it kills
// the first once it has played a few games, and checks that the standings
// are single's.
func overQueue(t *testing.T, bin, entrants string, single standingsDoc, out, url, tokenFile string, queueFlags ...string) {
	done := make(chan error, 1)
	var got standingsDoc
	go func() {
		args := append([]string{"tournament", "--data-dir", t.TempDir(), "--entrants", entrants, "--format", "double-round-robin",
			"--seed", "3", "--workers", "0", "--ack-wait", "2s", "--out", out, "--json"}, queueFlags...)
		o, err := run(t, args...)
		if err == nil {
			err = json.Unmarshal([]byte(o), &got)
		}
		done <- err
	}()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		if fi, err := os.Stat(tokenFile); err == nil {
			if fi.Mode().Perm()&0o077 != 0 {
				t.Fatalf("the token file is readable by others: %v", fi.Mode())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no token file")
		}
	}
	worker := func() (*exec.Cmd, *bytes.Buffer) {
		c := exec.Command(bin, "worker", "--nats", url, "--nats-token-file", tokenFile)
		var log bytes.Buffer
		c.Stderr = &log
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		return c, &log
	}
	first, firstLog := worker()
	// Kill the first worker once it has played a few games.
	journal := filepath.Join(out, "journal.jsonl")
	deadline := time.Now().Add(time.Minute)
	for {
		data, _ := os.ReadFile(journal)
		if bytes.Count(data, []byte("\n")) >= 1+5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first worker played nothing:\n%s", firstLog)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	second, secondLog := worker()
	defer func() {
		second.Process.Signal(os.Interrupt)
		second.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%v\nsecond worker:\n%s", err, secondLog)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("the queued tournament did not finish\nsecond worker:\n%s", secondLog)
	}
	if !reflect.DeepEqual(got.Rows, single.Rows) {
		t.Fatalf("standings over JetStream differ from the single-process run:\n%+v\n%+v", got.Rows, single.Rows)
	}
	firstGames := strings.Count(firstLog.String(), "game played")
	secondGames := strings.Count(secondLog.String(), "game played")
	if firstGames == 0 || secondGames == 0 {
		t.Fatalf("games played: %d by the killed worker, %d by the other", firstGames, secondGames)
	}
	t.Logf("games played: %d by the killed worker, %d by the other", firstGames, secondGames)
}

// Ctrl-C (SIGINT) stops a tournament cleanly; --resume carries on from the
// last finished game without playing it again, and ends as an
// uninterrupted run does.
func TestTournamentInterruptAndResume(t *testing.T) {
	bin := dojoBinary(t)
	// Eight bots and four Cores: 12 entrants, 264 games.
	entrants := "bot:rushdown,bot:turtle,bot:zoner,bot:brawler,bot:sniper,bot:wall,bot:random,bot:sparring"
	for i, arch := range []string{"swift", "sage", "swift", "sage"} {
		dir := filepath.Join(t.TempDir(), arch)
		if out, err := exec.Command(bin, "core", "new", "--archetype", arch, "--seed", strconv.Itoa(i+1), "--out", dir).CombinedOutput(); err != nil {
			t.Fatalf("core new: %v\n%s", err, out)
		}
		entrants += ",core:" + dir
	}
	const games = 12 * 11 * 2
	args := func(data, out string) []string {
		return []string{"tournament", "--data-dir", data, "--entrants", entrants, "--format", "double-round-robin", "--seed", "6", "--workers", "1", "--out", out, "--json"}
	}
	var whole, resumed struct {
		Rows []tournament.Row `json:"standings"`
	}
	jsonRun(t, &whole, args(t.TempDir(), filepath.Join(t.TempDir(), "whole"))[:len(args("", ""))-1]...)

	data, out := t.TempDir(), filepath.Join(t.TempDir(), "cut")
	c := exec.Command(bin, args(data, out)...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(out, "journal.jsonl")
	for {
		d, _ := os.ReadFile(journal)
		if bytes.Count(d, []byte("\n")) > 20 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	c.Process.Signal(os.Interrupt)
	err := c.Wait()
	if err == nil || !strings.Contains(stderr.String(), "--resume") {
		t.Fatalf("an interrupted tournament: %v\n%s", err, stderr.String())
	}
	d, _ := os.ReadFile(journal)
	before := bytes.Count(d, []byte("\n")) - 1
	if before >= games {
		t.Fatal("the tournament finished before the interrupt: nothing was resumed")
	}
	jsonRun(t, &resumed, append(args(data, out)[:len(args("", ""))-1], "--resume")...)
	d, _ = os.ReadFile(journal)
	if lines := bytes.Count(d, []byte("\n")) - 1; lines != games {
		t.Fatalf("the journal holds %d games after the resume, want %d (each once)", lines, games)
	}
	if !reflect.DeepEqual(resumed.Rows, whole.Rows) {
		t.Fatal("the resumed tournament's standings differ from an uninterrupted run's")
	}
	t.Logf("interrupted after %d of %d games", before, games)
}
