package tournament

import (
	"os"
	"path/filepath"
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
	j, done, err := OpenJournal(path, def, false)
	if err != nil || len(done) != 0 {
		t.Fatal(err, done)
	}
	for _, g := range games[:3] {
		if err := j.Append(Play(g, es)); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	if _, _, err := OpenJournal(path, def, false); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("a second start over the journal: %v", err)
	}
	// A crash in the middle of the fourth line.
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"id":"r2-g0a","rou`)
	f.Close()
	j, done, err = OpenJournal(path, def, true)
	if err != nil || len(done) != 3 || done[2].ID != games[2].ID {
		t.Fatalf("resume: %v, %d games", err, len(done))
	}
	if err := j.Append(Play(games[3], es)); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if _, done, err = OpenJournal(path, def, true); err != nil || len(done) != 4 {
		t.Fatalf("after the torn line was cut: %v, %d games", err, len(done))
	}
	other := DefinitionHash("round-robin", 6, es, games)
	if _, _, err := OpenJournal(path, other, true); err == nil || !strings.Contains(err.Error(), "another tournament") {
		t.Fatalf("another tournament's journal: %v", err)
	}
}
