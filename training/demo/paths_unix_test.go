//go:build unix

package demo

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dojo-arena/dojo/internal/boundedfile"
)

// A named pipe given as a demonstration is refused at once; one inside a
// directory of demonstrations is skipped (it is not a regular file). Before
// boundedfile, the first hung forever waiting for a writer.
func TestLoadRefusesNamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe"+Ext)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	for _, load := range []func() (*Set, error){
		func() (*Set, error) { return Load(fifo) },
		func() (*Set, error) { return LoadPaths(fifo) },
	} {
		if _, err := load(); !errors.Is(err, boundedfile.ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("loading a FIFO: %v, want ErrNotRegular", err)
		}
	}
	writeDemo(t, filepath.Join(dir, "a"+Ext), 1, 3)
	if s, err := LoadDir(dir); err != nil || s.Len() != 3 {
		t.Errorf("LoadDir beside a FIFO: %v", err)
	}
}
