package tournament

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

func allBots(t *testing.T) []Entrant {
	return bots(t, "rushdown", "turtle", "zoner", "brawler", "sniper", "wall", "random")
}

// Every format runs to results that parse and verify, the same with 1 and
// 2 workers.
func TestRunFormats(t *testing.T) {
	for _, c := range []struct {
		format string
		rounds int
		n      int
	}{{"round-robin", 0, 5}, {"double-round-robin", 0, 4}, {"swiss", 4, 7}, {"elimination", 0, 6}, {"gauntlet", 0, 5}} {
		es := allBots(t)[:c.n]
		run := func(workers int) *Results {
			r, err := Run(context.Background(), es, Config{Format: c.format, Rounds: c.rounds, Seed: 11, Workers: workers, Dir: t.TempDir()})
			if err != nil {
				t.Fatalf("%s: %v", c.format, err)
			}
			return r
		}
		r1, r2 := run(1), run(2)
		if !reflect.DeepEqual(strip(r1.Games), strip(r2.Games)) || !reflect.DeepEqual(r1.Standings, r2.Standings) {
			t.Fatalf("%s: 1 and 2 workers differ", c.format)
		}
		data, err := MarshalResults(r1)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseResults(data)
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		p, err := Verify(back, func(i int) (game.SeatFunc, error) { return es[i].Seat(), nil }, nil, 2)
		if err != nil || len(p) != 0 {
			t.Fatalf("%s: verify: %v %v", c.format, p, err)
		}
		switch c.format {
		case "swiss":
			if len(r1.Byes) != c.rounds || len(r1.Games) != c.rounds*(c.n-1) {
				t.Fatalf("swiss: %d byes, %d games", len(r1.Byes), len(r1.Games))
			}
		case "elimination":
			if len(r1.Games) < 2*(c.n-1) {
				t.Fatalf("elimination of %d: %d games", c.n, len(r1.Games))
			}
		}
	}
}

// strip drops the replay bytes, which DeepEqual would compare too.
func strip(rs []Result) []Result {
	out := make([]Result, len(rs))
	for i, r := range rs {
		r.Replay = nil
		out[i] = r
	}
	return out
}

// A tournament stopped half way resumes from its journal without playing a
// finished game again, and ends as the uninterrupted one does.
func TestRunResume(t *testing.T) {
	es := allBots(t)[:5]
	full, err := Run(context.Background(), es, Config{Format: "swiss", Rounds: 3, Seed: 4, Workers: 2, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	played := 0
	_, err = Run(ctx, es, Config{Format: "swiss", Rounds: 3, Seed: 4, Workers: 1, Dir: dir, Progress: func(done, total int, r Result) {
		if played++; played == 5 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("a cancelled tournament reported no error")
	}
	again := 0
	seen := map[string]bool{}
	resumed, err := Run(context.Background(), es, Config{Format: "swiss", Rounds: 3, Seed: 4, Workers: 2, Dir: dir, Resume: true, Progress: func(done, total int, r Result) {
		again++
		seen[r.ID] = true
	}})
	if err != nil {
		t.Fatal(err)
	}
	if played+again != len(full.Games) {
		t.Fatalf("%d games before the stop and %d after, the tournament has %d", played, again, len(full.Games))
	}
	if !reflect.DeepEqual(resumed.Standings, full.Standings) || !reflect.DeepEqual(ids(resumed.Games), ids(full.Games)) {
		t.Fatal("the resumed tournament ended otherwise than the uninterrupted one")
	}
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID+"/"+r.FinalHash)
	}
	return out
}

// Every game's replay is stored (by the workers, at once), its CID is
// recorded, and the stored bytes are that game's replay; a store that
// fails stops the tournament naming the game, and what finished before it
// is journaled for --resume.
func TestRunStoresReplays(t *testing.T) {
	es := allBots(t)[:4]
	var mu sync.Mutex
	stored := map[string][]byte{}
	store := func(_ context.Context, data []byte) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		cid := fmt.Sprintf("cid-%d", len(stored))
		stored[cid] = data
		return cid, nil
	}
	r, err := Run(context.Background(), es, Config{Format: "double-round-robin", Seed: 5, Workers: 2, Dir: t.TempDir(), Store: store})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(r.Games) {
		t.Fatalf("%d replays stored for %d games", len(stored), len(r.Games))
	}
	for _, g := range r.Games {
		var rep game.Replay
		if err := rep.UnmarshalBinary(stored[g.ReplayCID]); err != nil || rep.Seed != g.Seed || rep.Players != g.Players {
			t.Fatalf("game %s: its CID %q names another replay (%v)", g.ID, g.ReplayCID, err)
		}
	}

	n := 0
	failing := func(_ context.Context, data []byte) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if n++; n > 3 {
			return "", errors.New("the node is full")
		}
		return "ok", nil
	}
	dir := t.TempDir()
	_, err = Run(context.Background(), es, Config{Format: "double-round-robin", Seed: 5, Workers: 2, Dir: dir, Store: failing})
	if err == nil || !strings.Contains(err.Error(), "the node is full") || !strings.Contains(err.Error(), "storing its replay") {
		t.Fatalf("a failing store: %v", err)
	}
	j, _, done, err := OpenJournal(filepath.Join(dir, "journal.jsonl"), DefinitionOf(es, Config{Format: "double-round-robin", Seed: 5}), Start{}, true)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if len(done) == 0 || len(done) > 3 {
		t.Fatalf("%d games journaled before the store failed, want 1 to 3", len(done))
	}
	for _, g := range done {
		if g.ReplayCID != "ok" {
			t.Fatalf("game %s journaled without its replay's CID", g.ID)
		}
	}
}
