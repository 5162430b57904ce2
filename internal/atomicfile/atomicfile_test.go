package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for _, data := range []string{"first version, long", "second"} {
		if err := Write(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files left in the directory, want only the target", len(entries))
	}
	if err := Write(filepath.Join(dir, "missing", "f"), nil); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
}

func TestWriteNewRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := WriteNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	err := WriteNew(path, []byte("second"))
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("WriteNew over an existing file: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Fatalf("the existing file now holds %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files left in the directory, want only the target", len(entries))
	}
}

// Of many writers racing for one new name, exactly one wins, and the file
// holds what the winner wrote.
func TestRenameNoReplaceRace(t *testing.T) {
	for _, kind := range []string{"file", "dir"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "target")
			const n = 16
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				src := filepath.Join(dir, fmt.Sprint("src", i))
				content := filepath.Join(src, "id")
				var err error
				if kind == "dir" {
					err = os.Mkdir(src, 0o755)
				} else {
					content = src
				}
				if err == nil {
					err = os.WriteFile(content, []byte(fmt.Sprint(i)), 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = RenameNoReplace(src, target)
				}()
			}
			wg.Wait()
			winner := -1
			for i, err := range errs {
				switch {
				case err == nil && winner >= 0:
					t.Fatalf("writers %d and %d both won", winner, i)
				case err == nil:
					winner = i
				case !errors.Is(err, fs.ErrExist):
					t.Fatalf("writer %d: %v, want fs.ErrExist", i, err)
				}
			}
			if winner < 0 {
				t.Fatal("nobody won")
			}
			id := target
			if kind == "dir" {
				id = filepath.Join(target, "id")
			}
			if got, _ := os.ReadFile(id); string(got) != fmt.Sprint(winner) {
				t.Fatalf("target holds %q, the winner was %d", got, winner)
			}
		})
	}
}

// The portable fallback keeps the same contract for files and directories.
func TestRenameNoReplacePortable(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := renameNoReplacePortable(a, b); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("file over file: %v", err)
	}
	if err := renameNoReplacePortable(a, c); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("source still there after the rename: %v", err)
	}
	d, e := filepath.Join(dir, "d"), filepath.Join(dir, "e")
	if err := os.Mkdir(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := renameNoReplacePortable(d, c); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("directory over file: %v", err)
	}
	if err := renameNoReplacePortable(d, e); err != nil {
		t.Fatal(err)
	}
}
