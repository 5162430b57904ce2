package brain

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestSaveLoadCore(t *testing.T) {
	for _, a := range Archetypes() {
		t.Run(a, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "fighter")
			c := mustCore(t, a, 11)
			c.Memories.Lineage.Demonstrations = []string{"sha256:demo"}
			if err := SaveCore(dir, c); err != nil {
				t.Fatal(err)
			}
			got, err := LoadCore(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Error("LoadCore(SaveCore(c)) != c")
			}
			// A Core is never overwritten: a second save fails and the
			// first Core stays as it was.
			c2 := c.Clone()
			c2.Memories.Layers[0].Bias[0] = 0.5
			if err := SaveCore(dir, c2); !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "already holds a Core") {
				t.Fatalf("second save into %s: %v, want fs.ErrExist", dir, err)
			}
			got, err = LoadCore(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Error("the refused save changed the stored Core")
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !reflect.DeepEqual(names, []string{BrainFile, MemoriesFile}) {
				t.Errorf("core directory holds %v, want only %s and %s (temporary files left?)", names, BrainFile, MemoriesFile)
			}
		})
	}
}

func TestSaveCoreInvalidWritesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "c")
	bad := mustCore(t, Sage, 1)
	bad.Memories.Layers[1].Weight[0] = float32(1e30)
	if err := SaveCore(dir, bad); !errors.Is(err, ErrBadCore) {
		t.Fatalf("SaveCore of an invalid core: %v, want ErrBadCore", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("a refused save left %d entries beside the target", len(entries))
	}
}

// SaveCore into an existing empty directory replaces it; into a directory
// that holds anything, or onto a file, it fails and changes nothing.
func TestSaveCoreTargets(t *testing.T) {
	c := mustCore(t, Swift, 1)
	empty := t.TempDir()
	if err := SaveCore(empty, c); err != nil {
		t.Fatalf("SaveCore into an empty directory: %v", err)
	}
	if _, err := LoadCore(empty); err != nil {
		t.Fatal(err)
	}
	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SaveCore(busy, c); !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "not an empty directory") {
		t.Errorf("SaveCore into a directory with a file: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(busy, "notes.txt")); string(b) != "mine" {
		t.Error("the refused save touched the directory")
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SaveCore(file, c); !errors.Is(err, fs.ErrExist) {
		t.Errorf("SaveCore onto a file: %v", err)
	}
	if err := SaveCore(filepath.Join(t.TempDir(), "a", "b", "c"), c); err != nil {
		t.Errorf("SaveCore with missing parents: %v", err)
	}
}

// Of several saves racing for one directory, exactly one wins, the others
// fail with fs.ErrExist, and the directory holds the winner's Core whole.
func TestConcurrentSavesOneWins(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	const n = 8
	cores := make([]*Core, n)
	for i := range cores {
		cores[i] = mustCore(t, Swift, uint64(100+i))
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = SaveCore(dir, cores[i])
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("saves %d and %d both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, fs.ErrExist):
			t.Fatalf("save %d: %v, want fs.ErrExist", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no save succeeded")
	}
	got, err := LoadCore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, cores[winner]) {
		t.Error("the directory does not hold the winning save's Core")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries beside the Core, want none (temporary directories left?)", len(entries)-1)
	}
}

func TestLoadCoreRejects(t *testing.T) {
	write := func(t *testing.T, dir, name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sage, swift := mustCore(t, Sage, 1), mustCore(t, Swift, 1)
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"missing dir", func(t *testing.T, dir string) { os.RemoveAll(dir) }, "no such file"},
		{"missing memories", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, MemoriesFile)) }, MemoriesFile},
		{"corrupt memories", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, MemoriesFile))
			write(t, dir, MemoriesFile, b[:len(b)-1])
		}, "decoding memories"},
		{"other brain", func(t *testing.T, dir string) {
			spec, _ := MarshalSpec(swift.Spec)
			write(t, dir, BrainFile, spec)
		}, `memories are for archetype "sage", the brain is "swift"`},
		{"bad spec", func(t *testing.T, dir string) { write(t, dir, BrainFile, []byte(`{"format":1}`)) }, "invalid brain spec"},
		{"huge spec", func(t *testing.T, dir string) {
			write(t, dir, BrainFile, []byte(strings.Repeat(" ", maxSpecBytes+1)))
		}, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := SaveCore(dir, sage); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, dir)
			if _, err := LoadCore(dir); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadCore error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
