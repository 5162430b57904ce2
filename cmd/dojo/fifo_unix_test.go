//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/dojo-arena/dojo/brain"
)

// A named pipe given as a replay, a demonstration or a Core file fails at
// once with a clear error (it used to hang forever waiting for a writer);
// a replay larger than any replay is refused before it is read.
func TestNamedPipesAndHugeFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	core := filepath.Join(dir, "c")
	if _, err := run(t, "core", "new", "--out", core); err != nil {
		t.Fatal(err)
	}
	fifoCore := filepath.Join(dir, "fc")
	if err := os.Mkdir(fifoCore, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(fifoCore, brain.BrainFile), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.replay")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, maxReplayFile+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	expectErrors(t, []errCase{
		{[]string{"replay", "verify", fifo}, "not a regular file (it is a named pipe)"},
		{[]string{"train", "--core", core, "--demos", fifo, "--out", filepath.Join(dir, "c1")}, "not a regular file (it is a named pipe)"},
		{[]string{"core", "show", fifoCore}, "not a regular file (it is a named pipe)"},
		{[]string{"fight", "--p1", "core:" + fifoCore}, "not a regular file (it is a named pipe)"},
		{[]string{"replay", "verify", huge}, "file too large"},
	})
}
