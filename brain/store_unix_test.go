//go:build unix

package brain

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/dojo-arena/dojo/internal/boundedfile"
)

// A save killed half-way (here: SIGKILL after brain.json was written, in a
// child process) leaves no Core at the target, only a temporary directory
// that is not a Core; a later save to the same target works.
func TestKilledSaveLeavesNoCore(t *testing.T) {
	if target := os.Getenv("DOJO_TEST_KILL_SAVE"); target != "" {
		saveHook = func(string) { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) }
		_ = SaveCore(target, mustCore(t, Swift, 1))
		t.Fatal("the save was not killed")
	}
	parent := t.TempDir()
	target := filepath.Join(parent, "out")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledSaveLeavesNoCore$")
	cmd.Env = append(os.Environ(), "DOJO_TEST_KILL_SAVE="+target)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v\n%s", err, out)
	}
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a killed save left the target: %v", err)
	}
	if _, err := LoadCore(target); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadCore of the target after a killed save: %v, want fs.ErrNotExist", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(parent, ".out"+TempPrefix+"*"))
	if len(leftovers) != 1 {
		t.Fatalf("want the killed save's temporary directory, found %v", leftovers)
	}
	if _, err := os.Stat(filepath.Join(leftovers[0], BrainFile)); err != nil {
		t.Fatalf("the child was killed before it wrote brain.json: %v", err)
	}
	if _, err := LoadCore(leftovers[0]); err == nil {
		t.Fatal("the half-written temporary directory loads as a Core")
	}
	c := mustCore(t, Swift, 2)
	if err := SaveCore(target, c); err != nil {
		t.Fatalf("saving after a killed save: %v", err)
	}
	if got, err := LoadCore(target); err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("LoadCore after the save: %v", err)
	}
}

// A named pipe in place of either Core file is refused at once (before
// boundedfile, LoadCore waited forever for a writer).
func TestLoadCoreRefusesNamedPipe(t *testing.T) {
	for _, name := range []string{BrainFile, MemoriesFile} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "c")
			if err := SaveCore(dir, mustCore(t, Swift, 1)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name)
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Skipf("no named pipes: %v", err)
			}
			_, err := LoadCore(dir)
			if !errors.Is(err, boundedfile.ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
				t.Fatalf("LoadCore with a FIFO %s: %v, want ErrNotRegular", name, err)
			}
			if errors.Is(err, ErrBadCore) {
				t.Errorf("a file that cannot be read is not a bad Core: %v", err)
			}
		})
	}
}
