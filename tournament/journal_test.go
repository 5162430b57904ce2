package tournament

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// A journal resumes where it stopped: finished games come back, a torn last
// line is dropped, and another tournament's journal is refused.
func TestJournalResume(t *testing.T) {
	es := bots(t, "rushdown", "zoner", "random")
	games, _ := RoundRobin(3, 1, 5)
	def := DefinitionHash("round-robin", 5, es, games)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	start := Start{Ratings: map[string]Rating{es[0].Key(): {Rating: 1720, Deviation: 80, Volatility: 0.06}}, Elos: map[string]Elo{es[0].Key(): 1610}}
	j, _, done, err := OpenJournal(path, def, start, false)
	if err != nil || len(done) != 0 {
		t.Fatal(err, done)
	}
	for _, g := range games[:3] {
		if err := j.Append(Play(g, es)); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	if _, _, _, err := OpenJournal(path, def, Start{}, false); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("a second start over the journal: %v", err)
	}
	// A crash in the middle of the fourth line.
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"id":"r2-g0a","rou`)
	f.Close()
	j, back, done, err := OpenJournal(path, def, Start{}, true)
	if err != nil || len(done) != 3 || done[2].ID != games[2].ID {
		t.Fatalf("resume: %v, %d games", err, len(done))
	}
	if !reflect.DeepEqual(back, start) {
		t.Fatalf("the journal's start came back as %+v, want %+v", back, start)
	}
	if err := j.Append(Play(games[3], es)); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if _, _, done, err = OpenJournal(path, def, Start{}, true); err != nil || len(done) != 4 {
		t.Fatalf("after the torn line was cut: %v, %d games", err, len(done))
	}
	other := DefinitionHash("round-robin", 6, es, games)
	if _, _, _, err := OpenJournal(path, other, Start{}, true); err == nil || !strings.Contains(err.Error(), "another tournament") {
		t.Fatalf("another tournament's journal: %v", err)
	}
}

// A journal line that is not a well-formed game, or a first line with
// ratings that are not ratings, stops a resume with the line named.
func TestJournalRefusesBadLines(t *testing.T) {
	es := bots(t, "rushdown", "zoner", "random")
	games, _ := RoundRobin(3, 1, 5)
	def := DefinitionHash("round-robin", 5, es, games)
	good := Play(games[0], es)
	line := func(r Result) string {
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	head := `{"journal":1,"tournament":"` + def + `"}`
	for name, c := range map[string]struct{ head, line string }{
		"escape in an error": {head, line(Result{Game: games[1], Winner: -1, Error: "panic: \x1b[2J"})},
		"winner 7":           {head, strings.Replace(line(good), `"winner":`+strconv.Itoa(good.Winner), `"winner":7`, 1)},
		"bad hash":           {head, strings.Replace(line(good), good.FinalHash, "zz", 1)},
		"bad id":             {head, strings.Replace(line(good), good.ID, "r1-gx", 1)},
		"rating 1e6":         {`{"journal":1,"tournament":"` + def + `","ratings":{"bot:zoner@1":{"rating":1e6,"deviation":50,"volatility":0.06}}}`, line(good)},
		"deviation 0":        {`{"journal":1,"tournament":"` + def + `","ratings":{"bot:zoner@1":{"rating":1500,"deviation":0,"volatility":0.06}}}`, line(good)},
	} {
		path := filepath.Join(t.TempDir(), "journal.jsonl")
		if err := os.WriteFile(path, []byte(c.head+"\n"+c.line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := OpenJournal(path, def, Start{}, true); err == nil || !strings.Contains(err.Error(), "line") {
			t.Errorf("%s: %v, want the line named", name, err)
		}
	}
}
