package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/training"
)

// smallSetup makes a swift Core and a few seconds of demonstrations.
func smallSetup(t *testing.T) (dir, core, demos string) {
	t.Helper()
	dir = t.TempDir()
	core, demos = filepath.Join(dir, "c0"), filepath.Join(dir, "demos")
	if _, err := run(t, "core", "new", "--archetype", "swift", "--seed", "3", "--out", core); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "record", "--teacher", "bot:zoner", "--minutes", "0.1", "--out", demos); err != nil {
		t.Fatal(err)
	}
	return dir, core, demos
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

// --plot and --replay never write inside a Core, nor over an existing file
// without --force; the refusals come before any training or match.
func TestOutputsNeverOverwrite(t *testing.T) {
	dir, core, demos := smallSetup(t)
	before := readAll(t, core)
	other := filepath.Join(dir, "other")
	if _, err := run(t, "core", "new", "--out", other); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(dir, "existing.png")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "c1")
	train := func(extra ...string) []string {
		return append([]string{"train", "--core", core, "--demos", demos, "--out", out, "--epochs", "2", "--quiet"}, extra...)
	}
	expectErrors(t, []errCase{
		{train("--plot", filepath.Join(core, brain.MemoriesFile)), "inside the Core"},
		{train("--plot", filepath.Join(core, brain.MemoriesFile), "--force"), "inside the Core"},
		{train("--plot", filepath.Join(core, "curve.png")), "inside the Core"},
		{train("--plot", filepath.Join(out, "curve.png")), "inside the Core"},
		{train("--plot", filepath.Join(other, brain.BrainFile), "--force"), "looks like a Core"},
		{train("--plot", existing), "give --force"},
		{train("--plot", dir), "not a regular file"},
		{[]string{"fight", "--replay", filepath.Join(core, brain.MemoriesFile), "--p1", "core:" + core, "--force"}, "inside the Core"},
		{[]string{"fight", "--replay", filepath.Join(other, brain.MemoriesFile), "--force"}, "looks like a Core"},
		{[]string{"fight", "--replay", existing}, "give --force"},
	})
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused train left %s: %v", out, err)
	}
	if got := readAll(t, core); len(got) != len(before) || got[brain.MemoriesFile] != before[brain.MemoriesFile] || got[brain.BrainFile] != before[brain.BrainFile] {
		t.Fatal("the Core's files changed")
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Fatal("an existing file was overwritten without --force")
	}
	// Through a symbolic link to the Core's directory too.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(core, link); err == nil {
		expectErrors(t, []errCase{{train("--plot", filepath.Join(link, "x.png")), "inside the Core"}})
	}
	// --force replaces an existing regular file.
	if _, err := run(t, "fight", "--replay", existing, "--force"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(existing); string(b) == "keep me" {
		t.Fatal("--force did not replace the file")
	}
	if _, err := run(t, train("--plot", filepath.Join(dir, "curve.png"))...); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "curve.png")); err != nil {
		t.Fatal(err)
	}
}

// The Core is saved before the curve: a curve that cannot be written is a
// warning, the command succeeds and the Core is there.
func TestPlotFailureKeepsCore(t *testing.T) {
	dir := t.TempDir()
	core, err := brain.NewCore(mustSpec(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	m := training.Metrics{History: []training.Progress{{Epoch: 1, Epochs: 1, TrainLoss: 1}}}
	m.Best = m.History[0]
	out := filepath.Join(dir, "c1")
	// The plot's directory vanished after the flags were checked.
	f := trainFlags{out: out, plot: filepath.Join(dir, "gone", "curve.png")}
	var log bytes.Buffer
	saved, plot, err := saveTrained(&log, f, core, m)
	if err != nil || saved != out || plot != "" {
		t.Fatalf("saveTrained = %q, %q, %v; want the Core saved and no plot", saved, plot, err)
	}
	if !strings.Contains(log.String(), "warning: the trained Core is saved in "+out+", but not its training curve") {
		t.Errorf("no warning on the log:\n%s", log.String())
	}
	if _, err := brain.LoadCore(out); err != nil {
		t.Fatalf("the Core was not saved: %v", err)
	}
}

// If --out is created by someone else while training runs, the trained
// Core is not lost: it goes beside it, and the command fails saying where.
func TestOutTakenDuringTraining(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "c1")
	first, _ := brain.NewCore(mustSpec(t), 1)
	mine, _ := brain.NewCore(mustSpec(t), 2)
	if err := brain.SaveCore(out, first); err != nil {
		t.Fatal(err)
	}
	m := training.Metrics{History: []training.Progress{{Epoch: 1, Epochs: 1, TrainLoss: 1}}}
	var log bytes.Buffer
	saved, _, err := saveTrained(&log, trainFlags{out: out}, mine, m)
	if err == nil || saved != out+"-2" || !strings.Contains(err.Error(), "saved in "+out+"-2 instead") {
		t.Fatalf("saveTrained = %q, %v", saved, err)
	}
	got, err := brain.LoadCore(out + "-2")
	if err != nil {
		t.Fatal(err)
	}
	h1, _ := got.MemoriesHash()
	h2, _ := mine.MemoriesHash()
	if h1 != h2 {
		t.Error("the rescued Core is not the trained one")
	}
	if kept, _ := brain.LoadCore(out); kept == nil {
		t.Error("the other Core at --out was damaged")
	}
}

func mustSpec(t *testing.T) brain.Spec {
	t.Helper()
	s, err := brain.NewSpec(brain.Swift)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// On a stderr that is not a terminal, training progress is plain lines,
// at most one per epoch: no carriage-return redraws (a 200-epoch run used
// to write 103 KB of them).
func TestTrainProgressNotATerminal(t *testing.T) {
	dir, core, demos := smallSetup(t)
	var out, errOut bytes.Buffer
	code := execute([]string{"train", "--core", core, "--demos", demos, "--out", filepath.Join(dir, "c1"),
		"--epochs", "200", "--patience", "-1", "--batch", "256"}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	log := errOut.String()
	if strings.Contains(log, "\r") {
		t.Errorf("carriage returns on a non-terminal stderr")
	}
	lines := strings.Count(log, "\n")
	if lines > 200+5 || len(log) > 200*100 {
		t.Errorf("%d lines, %d bytes of progress for 200 epochs", lines, len(log))
	}
	if !strings.Contains(log, "epoch 200/200: loss") {
		t.Errorf("the last epoch's line is missing:\n%s", log)
	}
	t.Logf("%d bytes, %d lines on stderr for 200 epochs", len(log), lines)
}

// The plain progress prints the first epoch, then at most one line every
// progressEvery, then the last epoch (a fake clock: no timing in the test).
func TestEpochProgressLines(t *testing.T) {
	var log bytes.Buffer
	p := newEpochProgress(&log, 100, false)
	if p.bar != nil {
		t.Fatal("a bytes.Buffer is not a terminal")
	}
	var now = p.last
	p.now = func() time.Time { return now }
	for e := 1; e <= 100; e++ {
		now = now.Add(progressEvery / 10) // ten epochs per interval
		p.update(training.Progress{Epoch: e, Epochs: 100})
	}
	p.finish()
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 11 || !strings.HasPrefix(lines[0], "epoch 1/100") || !strings.HasPrefix(lines[1], "epoch 11/100") || !strings.HasPrefix(lines[10], "epoch 100/100") {
		t.Errorf("lines:\n%s", log.String())
	}
	log.Reset()
	q := newEpochProgress(&log, 3, false)
	slow := time.Unix(0, 0)
	q.now = func() time.Time { slow = slow.Add(time.Minute); return slow }
	for e := 1; e <= 3; e++ {
		q.update(training.Progress{Epoch: e, Epochs: 3})
	}
	q.finish()
	if n := strings.Count(log.String(), "\n"); n != 3 {
		t.Errorf("slow epochs: %d lines, want one per epoch:\n%s", n, log.String())
	}
}

// The same demonstration file named twice (here through a symbolic link)
// is read once, and the log says so.
func TestTrainDeduplicatesDemos(t *testing.T) {
	dir, core, demos := smallSetup(t)
	files, _ := filepath.Glob(filepath.Join(demos, "*.demo"))
	if len(files) != 1 {
		t.Fatalf("demos: %v", files)
	}
	link := filepath.Join(dir, "again.demo")
	if err := os.Symlink(files[0], link); err != nil {
		t.Skip(err)
	}
	var out, errOut bytes.Buffer
	code := execute([]string{"train", "--core", core, "--demos", demos + "," + link, "--out", filepath.Join(dir, "c1"), "--epochs", "1", "--quiet", "--json"}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	var rep trainReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 1 || !strings.Contains(errOut.String(), "note: "+link+" is the same file as "+files[0]+": read once") {
		t.Errorf("files %v; stderr:\n%s", rep.Files, errOut.String())
	}
}

// A Core whose lineage holds a terminal escape sequence is refused when
// loaded, and nothing raw reaches the terminal.
func TestCoreShowRefusesEscapes(t *testing.T) {
	dir := t.TempDir()
	c := filepath.Join(dir, "c")
	if _, err := run(t, "core", "new", "--archetype", "swift", "--out", c); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c, brain.MemoriesFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(data)
	header := string(data[8 : 8+n])
	evil := strings.Replace(header, `\"method\":\"he-uniform\"`, `\"method\":\"\\u001b[2J\\u001b]0;owned\\u0007\"`, 1)
	if evil == header {
		t.Fatalf("no init method in the header: %s", header)
	}
	evil += strings.Repeat(" ", (8-len(evil)%8)%8)
	patched := binary.LittleEndian.AppendUint64(nil, uint64(len(evil)))
	patched = append(append(patched, evil...), data[8+n:]...)
	if err := os.WriteFile(path, patched, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"core", "show", c}, {"core", "show", c, "--json"}, {"fight", "--p1", "core:" + c}} {
		var out, errOut bytes.Buffer
		code := execute(args, &out, &errOut)
		if code != exitFailure || !strings.Contains(errOut.String(), "control character U+001B") {
			t.Errorf("dojo %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut.String())
		}
		if strings.ContainsAny(out.String()+errOut.String(), "\x1b\x07") {
			t.Errorf("dojo %s printed a raw escape sequence", strings.Join(args, " "))
		}
	}
}
