//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A secret is written 0600 and, like WriteNew, never over an existing file;
// an ordinary file is 0644.
func TestWriteNewPrivateMode(t *testing.T) {
	dir := t.TempDir()
	secret, plain := filepath.Join(dir, "secret"), filepath.Join(dir, "plain")
	if err := WriteNewPrivate(secret, []byte("s")); err != nil {
		t.Fatal(err)
	}
	if err := WriteNew(plain, []byte("p")); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{secret: 0o600, plain: 0o644} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
		}
	}
	if err := WriteNewPrivate(secret, []byte("t")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("WriteNewPrivate over an existing file: %v", err)
	}
}
