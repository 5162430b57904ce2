package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// built is the dojo binary the process tests run, built once for them all.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
	out      []byte
}

// dojoBinary builds bin/dojo as users get it (CGO_ENABLED=0) the first
// time a test asks, and returns its path; in -short mode the test is
// skipped.
func dojoBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "dojo-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "dojo")
		build := exec.Command("go", "build", "-o", built.bin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		built.out, built.err = build.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}
