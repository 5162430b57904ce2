package golden

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestUpdateNeedsABump(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.golden")
	v1 := Versions{"rules": 1, "obs": 1}
	if err := Update(path, v1, []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if err := Compare(path, v1, []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if err := Compare(path, v1, []byte("b\n")); err == nil {
		t.Fatal("Compare accepted different content")
	}
	if err := Update(path, v1, []byte("a\n")); err != nil {
		t.Fatalf("an update that changes nothing was refused: %v", err)
	}
	if err := Update(path, v1, []byte("b\n")); !errors.Is(err, ErrNoBump) {
		t.Fatalf("Update without a bump: got %v, want ErrNoBump", err)
	}
	if data, _ := os.ReadFile(path); string(data) != v1.header()+"a\n" {
		t.Fatalf("a refused update changed the file: %q", data)
	}
	v2 := Versions{"rules": 1, "obs": 2}
	if err := Compare(path, v2, []byte("a\n")); err == nil {
		t.Fatal("Compare accepted a file written for other versions")
	}
	if err := Update(path, v2, []byte("b\n")); err != nil {
		t.Fatalf("Update after a bump: %v", err)
	}
	if err := Compare(path, v2, []byte("b\n")); err != nil {
		t.Fatal(err)
	}
}

func TestCheckFollowsTheFlag(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.golden")
	v := Versions{"rules": 1}
	if err := Check(path, v, []byte("a\n"), true); err != nil {
		t.Fatal(err)
	}
	if err := Check(path, v, []byte("a\n"), false); err != nil {
		t.Fatal(err)
	}
	if err := Check(path, v, []byte("b\n"), false); err == nil {
		t.Fatal("Check without -update accepted different content")
	}
	if err := Check(path, v, []byte("b\n"), true); !errors.Is(err, ErrNoBump) {
		t.Fatalf("Check with -update but no bump: %v", err)
	}
}
