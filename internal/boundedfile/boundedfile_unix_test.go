//go:build unix

package boundedfile

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe with no writer must be refused at once, not waited on
// forever. If Read blocked, this test would hang until go test's timeout.
func TestReadRefusesNamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	_, err := Read(path, 1<<20)
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a named pipe") {
		t.Fatalf("Read of a FIFO: %v, want ErrNotRegular naming a named pipe", err)
	}
}
