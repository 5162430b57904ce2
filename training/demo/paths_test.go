package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeDemo writes a demonstration file of n decisions.
func writeDemo(t *testing.T, path string, seed uint64, n int) {
	t.Helper()
	w, err := Create(path, Meta{Source: "bot:zoner", Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	for k := range n {
		if err := w.Write(&Record{Tick: int32(k), Action: uint8(k % 16)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// One file named several ways (a symbolic link, a hard link, a directory
// and a file in it, the same path twice) is loaded once, and every other
// name is reported.
func TestLoadPathsDeduplicatesLinks(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a"+Ext)
	writeDemo(t, a, 1, 5)
	other := t.TempDir()
	sym := filepath.Join(other, "sym"+Ext)
	hard := filepath.Join(other, "hard"+Ext)
	if err := os.Symlink(a, sym); err != nil {
		t.Skip(err)
	}
	if err := os.Link(a, hard); err != nil {
		t.Skip(err)
	}
	s, err := LoadPaths(a, sym, dir, hard, a, other)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 5 || len(s.Files) != 1 {
		t.Fatalf("loaded %d decisions from %d files, want 5 from 1", s.Len(), len(s.Files))
	}
	var got []string
	for _, d := range s.Duplicates {
		if d.SameAs != a {
			t.Errorf("duplicate %s is said to be the same as %s, want %s", d.Path, d.SameAs, a)
		}
		got = append(got, d.Path)
	}
	// sym, a (from dir), hard, a, then hard and sym from other in name order.
	want := []string{sym, a, hard, a, hard, sym}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("duplicates %v, want %v", got, want)
	}

	// A symbolic link inside the loaded directory is not a second file.
	if err := os.Symlink(a, filepath.Join(dir, "b"+Ext)); err != nil {
		t.Fatal(err)
	}
	s, err = LoadDir(dir)
	if err != nil || s.Len() != 5 || len(s.Duplicates) != 1 {
		t.Fatalf("LoadDir with a link to its own file: %v, %d decisions, duplicates %v", err, s.Len(), s.Duplicates)
	}
}
