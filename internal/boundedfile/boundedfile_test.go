package boundedfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, max := range []int64{5, 6, 1 << 20} {
		b, err := Read(path, max)
		if err != nil || string(b) != "hello" {
			t.Fatalf("Read(max %d) = %q, %v", max, b, err)
		}
	}
	if _, err := Read(path, 4); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), path) {
		t.Errorf("Read of a 5-byte file with max 4: %v, want ErrTooLarge naming the file", err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := Read(empty, 0); err != nil || len(b) != 0 {
		t.Errorf("Read of an empty file: %q, %v", b, err)
	}
	if _, err := Read(dir, 1<<20); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a directory") {
		t.Errorf("Read of a directory: %v, want ErrNotRegular", err)
	}
	if _, err := Read(filepath.Join(dir, "missing"), 1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: %v, want fs.ErrNotExist", err)
	}
	// A shared machine's /dev/null can be replaced by a regular file (a
	// program renaming over it): test the device only when it is one.
	if info, err := os.Lstat(os.DevNull); err == nil && info.Mode()&fs.ModeDevice != 0 {
		if _, err := Read(os.DevNull, 1<<20); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "device") {
			t.Errorf("Read(%s): %v, want ErrNotRegular", os.DevNull, err)
		}
	}
}

// A symbolic link to a regular file reads the file.
func TestReadFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("f", filepath.Join(dir, "l")); err != nil {
		t.Skip(err)
	}
	if b, err := Read(filepath.Join(dir, "l"), 1); err != nil || string(b) != "x" {
		t.Fatalf("Read through a symlink: %q, %v", b, err)
	}
}

// FirstLine is the first line without its end, however long, with or
// without a newline after it.
func TestFirstLine(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 5000)
	for content, want := range map[string]string{
		"secret\nsecond\n": "secret",
		"secret\r\n":       "secret",
		"secret":           "secret",
		"":                 "",
		"\nsecond":         "",
		long + "\nmore":    long,
	} {
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := FirstLine(path, 1<<20)
		if err != nil || string(got) != want {
			t.Errorf("FirstLine of %.20q: %.20q %v, want %.20q", content, got, err, want)
		}
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, []byte(long), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := FirstLine(big, 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file past the bound: %v", err)
	}
}
