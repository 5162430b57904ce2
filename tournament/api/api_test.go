package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/tournament"
)

// newTestServer serves bots only: a spec other than bot:NAME is refused by
// the resolver (and so excluded).
func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New(func(_ context.Context, spec string) (tournament.Entrant, error) {
		return tournament.BotEntrant(strings.TrimPrefix(spec, "bot:"))
	}, func(ctx context.Context, es []tournament.Entrant, cfg tournament.Config) (*tournament.Results, error) {
		cfg.Dir, cfg.Workers = t.TempDir(), 2
		return tournament.Run(ctx, es, cfg)
	})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t *testing.T, url, ctype, body string) (int, string) {
	t.Helper()
	r, err := http.Post(url, ctype, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("a CORS header was sent")
	}
	return r.StatusCode, string(b)
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, b
}

// WaitFinished polls the status until the tournament is over.
func waitFinished(t *testing.T, url string) Status {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		_, b := get(t, url+"/api/status")
		var st Status
		json.Unmarshal(b, &st)
		if st.State == "finished" || st.State == "failed" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("the tournament did not finish: %+v", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestAPIValidatesRequests(t *testing.T) {
	_, ts := newTestServer(t)
	const j = "application/json"
	for name, c := range map[string]struct {
		ctype, body string
		code        int
	}{
		"not JSON":        {"text/plain", `{"spec":"bot:zoner"}`, http.StatusUnsupportedMediaType},
		"malformed":       {j, `{"spec":`, http.StatusBadRequest},
		"unknown field":   {j, `{"spec":"bot:zoner","admin":true}`, http.StatusBadRequest},
		"key twice":       {j, `{"spec":"bot:zoner","spec":"bot:turtle"}`, http.StatusBadRequest},
		"escape sequence": {j, `{"spec":"bot:zo\u001b[2Jner"}`, http.StatusBadRequest},
		"bad spec":        {j, `{"spec":"rm -rf"}`, http.StatusBadRequest},
		"too big":         {j, `{"spec":"bot:` + strings.Repeat("a", MaxBody) + `"}`, http.StatusRequestEntityTooLarge},
	} {
		if code, body := post(t, ts.URL+"/api/entrants", c.ctype, c.body); code != c.code {
			t.Errorf("%s: %d %s, want %d", name, code, body, c.code)
		}
	}
	if code, _ := post(t, ts.URL+"/api/tournaments", j, `{"format":"knockout"}`); code != http.StatusBadRequest {
		t.Errorf("an unknown format: %d", code)
	}
	if code, _ := post(t, ts.URL+"/api/tournaments", j, `{"format":"swiss"}`); code != http.StatusBadRequest {
		t.Errorf("swiss without rounds: %d", code)
	}
	if code, _ := get(t, ts.URL+"/api/standings"); code != http.StatusNotFound {
		t.Errorf("standings before any tournament: %d", code)
	}
}

// Register, start, watch live, read the standings, download a replay, and
// read the metrics.
func TestAPITournament(t *testing.T) {
	_, ts := newTestServer(t)
	const j = "application/json"
	for _, spec := range []string{"bot:rushdown", "bot:zoner", "bot:random", "bot:nosuch"} {
		if code, body := post(t, ts.URL+"/api/entrants", j, `{"spec":"`+spec+`"}`); code != http.StatusCreated {
			t.Fatalf("register %s: %d %s", spec, code, body)
		}
	}
	_, b := get(t, ts.URL+"/api/entrants")
	var es []tournament.Entrant
	json.Unmarshal(b, &es)
	if len(es) != 4 || es[3].Excluded == "" {
		t.Fatalf("entrants %+v", es)
	}
	// Watch the events from the start.
	resp, err := http.Get(ts.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewScanner(resp.Body)
	if code, body := post(t, ts.URL+"/api/tournaments", j, `{"format":"double-round-robin","seed":"5"}`); code != http.StatusAccepted {
		t.Fatalf("start: %d %s", code, body)
	}
	st := waitFinished(t, ts.URL)
	if st.State != "finished" || st.Done != 12 {
		t.Fatalf("status %+v", st)
	}
	sawRunning := false
	for events.Scan() {
		line := events.Text()
		if strings.Contains(line, `"state":"running"`) {
			sawRunning = true
		}
		if strings.Contains(line, `"state":"finished"`) {
			break
		}
	}
	if !sawRunning {
		t.Fatal("the event stream never said the tournament was running")
	}
	code, b := get(t, ts.URL+"/api/standings")
	var v StandingsView
	if code != http.StatusOK || json.Unmarshal(b, &v) != nil || len(v.Rows) != 3 || len(v.Games) != 12 {
		t.Fatalf("standings: %d %s", code, b)
	}
	code, rep := get(t, ts.URL+"/api/games/"+v.Games[0].ID+"/replay")
	if code != http.StatusOK || len(rep) == 0 {
		t.Fatalf("replay: %d, %d bytes", code, len(rep))
	}
	code, m := get(t, ts.URL+"/metrics")
	if code != http.StatusOK || !bytes.Contains(m, []byte(`dojo_games_total{outcome="win"}`)) || !bytes.Contains(m, []byte("dojo_queue_length 0")) {
		t.Fatalf("metrics: %d\n%s", code, m)
	}
	code, page := get(t, ts.URL+"/")
	if code != http.StatusOK || !bytes.Contains(page, []byte("<title>Dojo tournament</title>")) {
		t.Fatalf("page: %d", code)
	}
}

// A second tournament serves its own replays only, and registering more
// entrants does not flag a copy again.
func TestAPISecondTournament(t *testing.T) {
	_, ts := newTestServer(t)
	for _, sp := range []string{"bot:zoner", "bot:rushdown", "bot:brawler"} {
		post(t, ts.URL+"/api/entrants", "application/json", `{"spec":"`+sp+`"}`)
	}
	post(t, ts.URL+"/api/tournaments", "application/json", `{"format":"round-robin"}`)
	waitFinished(t, ts.URL)
	if code, _ := get(t, ts.URL+"/api/games/r3-g0a/replay"); code != http.StatusOK {
		t.Fatalf("the round robin's last round's replay: %d", code)
	}
	post(t, ts.URL+"/api/tournaments", "application/json", `{"format":"gauntlet","seed":"5"}`)
	waitFinished(t, ts.URL)
	_, b := get(t, ts.URL+"/api/standings")
	var v StandingsView
	if err := json.Unmarshal(b, &v); err != nil || v.Format != "gauntlet" {
		t.Fatalf("standings: %v %s", err, b)
	}
	for _, g := range v.Games {
		if g.ID == "r3-g0a" {
			t.Fatal("the gauntlet has a third round")
		}
		if code, _ := get(t, ts.URL+"/api/games/"+g.ID+"/replay"); code != http.StatusOK {
			t.Fatalf("the gauntlet's game %s: %d", g.ID, code)
		}
	}
	if code, _ := get(t, ts.URL+"/api/games/r3-g0a/replay"); code != http.StatusNotFound {
		t.Fatalf("the earlier tournament's game r3-g0a is still served under the gauntlet: %d", code)
	}
}

// With Fetch, the server keeps each game's replay CID, not its bytes, and
// serves the replay read back from the store; a store that fails says so.
func TestAPIServesReplaysFromTheStore(t *testing.T) {
	var mu sync.Mutex
	store := map[string][]byte{}
	s := New(func(_ context.Context, spec string) (tournament.Entrant, error) {
		return tournament.BotEntrant(strings.TrimPrefix(spec, "bot:"))
	}, func(ctx context.Context, es []tournament.Entrant, cfg tournament.Config) (*tournament.Results, error) {
		cfg.Dir, cfg.Workers = t.TempDir(), 2
		cfg.Store = func(_ context.Context, data []byte) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			cid := fmt.Sprintf("cid-%d", len(store))
			store[cid] = data
			return cid, nil
		}
		return tournament.Run(ctx, es, cfg)
	})
	broken := false
	s.Fetch = func(_ context.Context, cid string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		if broken {
			return nil, errors.New("the node is gone")
		}
		return store[cid], nil
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	for _, sp := range []string{"bot:zoner", "bot:rushdown", "bot:brawler"} {
		post(t, ts.URL+"/api/entrants", "application/json", `{"spec":"`+sp+`"}`)
	}
	post(t, ts.URL+"/api/tournaments", "application/json", `{"format":"round-robin"}`)
	waitFinished(t, ts.URL)
	s.mu.Lock()
	for id, ref := range s.replays {
		if ref.data != nil || ref.cid == "" {
			t.Errorf("game %s: %d bytes held, CID %q", id, len(ref.data), ref.cid)
		}
	}
	for _, g := range s.results.Games {
		if g.Replay != nil {
			t.Errorf("game %s: its replay's bytes are held in the results", g.ID)
		}
	}
	games := s.results.Games
	s.mu.Unlock()
	for _, g := range games {
		code, body := get(t, ts.URL+"/api/games/"+g.ID+"/replay")
		mu.Lock()
		want := store[g.ReplayCID]
		mu.Unlock()
		if code != http.StatusOK || !bytes.Equal(body, want) || len(want) == 0 {
			t.Fatalf("game %s: %d, %d bytes, want the %d stored", g.ID, code, len(body), len(want))
		}
	}
	mu.Lock()
	broken = true
	mu.Unlock()
	if code, body := get(t, ts.URL+"/api/games/"+games[0].ID+"/replay"); code != http.StatusBadGateway || !bytes.Contains(body, []byte("the node is gone")) {
		t.Fatalf("a store that fails: %d %s", code, body)
	}
}
