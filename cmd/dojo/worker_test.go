package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/tournament"
)

// The distributed path: the tournament starts an embedded nats-server and
// only coordinates; two worker processes play; one is killed mid-tournament
// and the other carries on. The standings equal the single-process run's.
func TestTournamentOverJetStreamWithWorkerProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	bin := filepath.Join(t.TempDir(), "dojo")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	entrants := "bot:rushdown,bot:turtle,bot:zoner,bot:brawler,bot:sniper,bot:wall,bot:random"
	type standings struct {
		Rows []tournament.Row `json:"standings"`
	}
	var single standings
	jsonRun(t, &single, "tournament", "--data-dir", t.TempDir(), "--entrants", entrants, "--format", "double-round-robin",
		"--seed", "3", "--workers", "2", "--out", filepath.Join(t.TempDir(), "single"))

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	out := filepath.Join(t.TempDir(), "queued")
	done := make(chan error, 1)
	var got standings
	go func() {
		o, err := run(t, "tournament", "--data-dir", t.TempDir(), "--entrants", entrants, "--format", "double-round-robin",
			"--seed", "3", "--workers", "0", "--nats-listen", addr, "--ack-wait", "2s", "--out", out, "--json")
		if err == nil {
			err = json.Unmarshal([]byte(o), &got)
		}
		done <- err
	}()
	worker := func() (*exec.Cmd, *bytes.Buffer) {
		c := exec.Command(bin, "worker", "--nats", "nats://"+addr)
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
	t.Log(fmt.Sprintf("games played: %d by the killed worker, %d by the other", firstGames, secondGames))
}
