package jsqueue

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/nats-io/nats.go/jetstream"
)

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

	srv, err := StartServer(t.TempDir(), "127.0.0.1", -1)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nc, js, err := Connect(ctx, srv.URL(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()

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
			_, wjs, err := Dial(srv.URL(), false)
			if err != nil {
				t.Error(err)
				return
			}
			_ = Work(ctx, wjs, func(tournament.Result) { mu.Lock(); played++; mu.Unlock() })
		}()
	}
	cfg.Dir = t.TempDir()
	def := tournament.DefinitionOf(es, cfg)
	cfg.Runner = Runner(js, def)
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
}
