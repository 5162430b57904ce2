package jsqueue

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// backend is a NATS JetStream server the tests run against.
type backend struct {
	name, url, token string
}

// servers are the embedded server, always, and a real nats-server started
// by scripts/nats.sh (on 127.0.0.1, stopped by its PID) when
// DOJO_NATS_BIN names one, as make test does: the same tests run on both.
func servers(t *testing.T) []backend {
	t.Helper()
	const token = "a test token, 0123456789"
	srv, err := StartServer(t.TempDir(), "127.0.0.1", -1, token)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	out := []backend{{"embedded", srv.URL(), token}}
	if os.Getenv("DOJO_NATS_BIN") == "" {
		t.Log("DOJO_NATS_BIN is not set: the real nats-server is left out (make test sets it)")
		return out
	}
	script, err := filepath.Abs("../../scripts/nats.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if b, err := exec.Command("bash", script, "start", dir).CombinedOutput(); err != nil {
		t.Fatalf("scripts/nats.sh start: %v\n%s", err, b)
	}
	t.Cleanup(func() {
		if b, err := exec.Command("bash", script, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("scripts/nats.sh stop: %v\n%s", err, b)
		}
	})
	url, err1 := os.ReadFile(filepath.Join(dir, "nats.url"))
	tok, err2 := ReadToken(filepath.Join(dir, "token"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return append(out, backend{"nats-server", strings.TrimSpace(string(url)), tok})
}

// eachServer runs f on every server, connected as the coordinator.
func eachServer(t *testing.T, f func(t *testing.T, s backend, js jetstream.JetStream)) {
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) {
			nc, js, err := Connect(context.Background(), s.url, s.token, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			f(t, s, js)
		})
	}
}

// The embedded server refuses a client without its token, or with another.
func TestServerWantsToken(t *testing.T) {
	eachServer(t, func(t *testing.T, s backend, _ jetstream.JetStream) {
		for _, token := range []string{"", "another token"} {
			if nc, _, err := Dial(s.url, DialOptions{Token: token}); !errors.Is(err, nats.ErrAuthorization) {
				if err == nil {
					nc.Close()
				}
				t.Fatalf("a client with token %q: %v, want nats.ErrAuthorization", token, err)
			}
		}
		// A worker that waits for its server is told why it is refused.
		told := make(chan error, 1)
		nc, _, err := Dial(s.url, DialOptions{Token: "another token", Wait: true, OnError: func(err error) {
			select {
			case told <- err:
			default:
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		select {
		case err := <-told:
			if !errors.Is(err, nats.ErrAuthorization) {
				t.Fatalf("told %v, want nats.ErrAuthorization", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a waiting worker with the wrong token was never told")
		}
	})
}

func entrants(t *testing.T) []tournament.Entrant {
	t.Helper()
	var es []tournament.Entrant
	for _, n := range []string{"rushdown", "zoner", "brawler", "random"} {
		e, err := tournament.BotEntrant(n)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	spec, _ := brain.NewSpec(brain.Swift)
	c, _ := brain.NewCore(spec, 5)
	e, err := tournament.CoreEntrant("core:test", "test core", c, "")
	if err != nil {
		t.Fatal(err)
	}
	return append(es, e)
}

// The same tournament over JetStream, played by two workers, one of which
// takes a job and dies without acknowledging it, ends exactly as the
// in-process run: the dead worker's job is delivered again, and a result
// delivered twice counts once.
func TestJetStreamMatchesInProcess(t *testing.T) {
	es := entrants(t)
	cfg := tournament.Config{Format: "swiss", Rounds: 3, Seed: 8, Workers: 2, Dir: t.TempDir()}
	want, err := tournament.Run(context.Background(), es, cfg)
	if err != nil {
		t.Fatal(err)
	}

	eachServer(t, func(t *testing.T, srv backend, js jetstream.JetStream) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		// A worker that dies: it takes the first job and never acknowledges it.
		died := make(chan struct{})
		took := false
		go func() {
			defer close(died)
			cons, err := js.Consumer(ctx, GamesStream, WorkerGroup)
			if err != nil {
				return
			}
			_, err = cons.Next(jetstream.FetchMaxWait(10 * time.Second))
			took = err == nil
		}()
		var mu sync.Mutex
		played := 0
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-died // the dead worker has its job first
				_, wjs, err := Dial(srv.url, DialOptions{Token: srv.token})
				if err != nil {
					t.Error(err)
					return
				}
				_ = Work(ctx, wjs, func(tournament.Result) { mu.Lock(); played++; mu.Unlock() })
			}()
		}
		cfg.Dir = t.TempDir()
		def := tournament.DefinitionOf(es, cfg)
		cfg.Runner = Runner(js, def, func(game string, err error) { t.Errorf("an honest worker's result refused: %v", err) })
		got, err := tournament.Run(ctx, es, cfg)
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		wg.Wait()
		if !reflect.DeepEqual(got.Standings, want.Standings) {
			t.Fatalf("standings over JetStream differ:\n%+v\n%+v", got.Standings, want.Standings)
		}
		for i := range got.Games {
			a, b := got.Games[i], want.Games[i]
			if a.ID != b.ID || a.Winner != b.Winner || a.FinalHash != b.FinalHash {
				t.Fatalf("game %s differs", a.ID)
			}
			if len(a.Replay) == 0 {
				t.Fatalf("game %s came back without its replay", a.ID)
			}
		}
		if !took {
			t.Fatal("the dying worker never took a job: redelivery was not tested")
		}
		// Every game has its result although the dying worker never acknowledged
		// the one it took: that job was delivered again. (The count of games
		// the live workers report can miss the last one, cut off by the cancel
		// after its result was stored.)
		mu.Lock()
		defer mu.Unlock()
		if played < len(want.Games)-2 {
			t.Fatalf("the live workers played %d games of %d", played, len(want.Games))
		}
	})
}

// A worker that sends forged results (a winner without a replay, a claim
// that the game failed with an escape sequence in the reason, a replay of
// another game) has each refused, and the coordinator plays those games
// itself: the standings are the in-process run's.
func TestForgedResultsRefused(t *testing.T) {
	es := entrants(t)
	cfg := tournament.Config{Format: "round-robin", Seed: 3, Workers: 2, Dir: t.TempDir()}
	want, err := tournament.Run(context.Background(), es, cfg)
	if err != nil {
		t.Fatal(err)
	}
	eachServer(t, func(t *testing.T, srv backend, js jetstream.JetStream) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		// The forger takes four jobs and answers each with a lie: the
		// fourth is the game honestly played, with a replay CID of its
		// own choosing.
		forged := map[string]bool{}
		other := want.Games[0].Replay // a genuine replay, of the first game
		cons, err := js.Consumer(ctx, GamesStream, WorkerGroup)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Dir = t.TempDir()
		var stored sync.Map
		cfg.Store = func(_ context.Context, data []byte) (string, error) {
			cid := fmt.Sprintf("stored-%x", sha256.Sum256(data))
			stored.Store(cid, true)
			return cid, nil
		}
		def := tournament.DefinitionOf(es, cfg)
		var refused []string
		cfg.Runner = Runner(js, def, func(game string, err error) {
			if !errors.Is(err, tournament.ErrForeignResult) {
				t.Errorf("refused with %v", err)
			}
			refused = append(refused, game)
		})
		forger := make(chan error, 1)
		go func() {
			for i := range 4 {
				msg, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
				if err != nil {
					forger <- err
					return
				}
				var j job
				if err := json.Unmarshal(msg.Data(), &j); err != nil {
					forger <- err
					return
				}
				r := tournament.Result{Game: j.Game, Players: [2]string{j.Sides[0].ID, j.Sides[1].ID}, Winner: 0, Ticks: 100, FinalHash: "00000000000000aa"}
				var replay []byte
				switch i {
				case 1:
					r.Winner, r.Error = -1, "panic: \x1b[2J"
				case 2:
					replay = other
				case 3:
					r = tournament.Play(j.Game, es)
					r.ReplayCID, replay = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", r.Replay
				}
				if i < 3 {
					forged[j.Game.ID] = true
				}
				data, _ := json.Marshal(resultMsg{Tournament: j.Tournament, Result: r, Replay: replay})
				if _, err := js.Publish(ctx, resultsPrefix+token(j.Tournament), data, jetstream.WithMsgID(j.Tournament+"/"+j.Game.ID)); err != nil {
					forger <- err
					return
				}
				_ = msg.Ack()
			}
			forger <- nil
			// Then honest workers play the rest.
			_, wjs, err := Dial(srv.url, DialOptions{Token: srv.token})
			if err == nil {
				_ = Work(ctx, wjs, nil)
			}
		}()
		got, err := tournament.Run(ctx, es, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := <-forger; err != nil {
			t.Fatal(err)
		}
		cancel()
		if len(refused) != 3 {
			t.Fatalf("%d results refused (%v), want the 3 forged", len(refused), refused)
		}
		for _, id := range refused {
			if !forged[id] {
				t.Fatalf("game %s refused, but it was not forged", id)
			}
		}
		if !reflect.DeepEqual(got.Standings, want.Standings) {
			t.Fatalf("standings with a forger differ:\n%+v\n%+v", got.Standings, want.Standings)
		}
		for i := range got.Games {
			if a, b := got.Games[i], want.Games[i]; a.Winner != b.Winner || a.FinalHash != b.FinalHash || a.Error != "" {
				t.Fatalf("game %s differs from the in-process run", a.ID)
			}
			if _, ok := stored.Load(got.Games[i].ReplayCID); !ok {
				t.Fatalf("game %s's replay CID %q is not what the coordinator stored", got.Games[i].ID, got.Games[i].ReplayCID)
			}
		}
	})
}

// A job that workers took maxDeliver times and never acknowledged (each
// died on it) is not played again by a worker: the next one reports that
// it was given up, and the coordinator plays the game itself.
func TestJobGivenUpIsPlayedByTheCoordinator(t *testing.T) {
	es := entrants(t)[:2]
	eachServer(t, func(t *testing.T, _ backend, js jetstream.JetStream) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		games, err := tournament.RoundRobin(2, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		games = games[:1]
		want := tournament.Play(games[0], es)
		var refused []error
		type outcome struct {
			r   []tournament.Result
			err error
		}
		done := make(chan outcome, 1)
		go func() {
			var got []tournament.Result
			err := Runner(js, "sha256:given-up", func(game string, err error) { refused = append(refused, err) })(ctx, games, es,
				func(string) bool { return false }, func(r tournament.Result) { got = append(got, r) })
			done <- outcome{got, err}
		}()
		cons, err := js.Consumer(ctx, GamesStream, WorkerGroup)
		if err != nil {
			t.Fatal(err)
		}
		for i := range maxDeliver {
			msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
			if err != nil {
				t.Fatalf("delivery %d: %v", i+1, err)
			}
			_ = msg.Nak() // a worker that died on it
		}
		var played []tournament.Result
		var mu sync.Mutex
		go func() {
			_ = Work(ctx, js, func(r tournament.Result) { mu.Lock(); played = append(played, r); mu.Unlock() })
		}()
		select {
		case o := <-done:
			if o.err != nil {
				t.Fatal(o.err)
			}
			if len(o.r) != 1 || o.r[0].ID != want.ID || o.r[0].Winner != want.Winner || o.r[0].FinalHash != want.FinalHash || o.r[0].Error != "" {
				t.Fatalf("recorded %+v, want game %s as played here", o.r, want.ID)
			}
			if len(refused) != 1 || !strings.Contains(refused[0].Error(), "failed") {
				t.Fatalf("told %v, want the given-up game refused", refused)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(played) != 1 || !strings.Contains(played[0].Error, "no worker could play it") {
				t.Fatalf("the worker reported %+v, want the game given up", played)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the coordinator still waits for a job workers gave up")
		}
	})
}
