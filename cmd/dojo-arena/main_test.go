package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	built     string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if built != "" {
		os.RemoveAll(filepath.Dir(built))
	}
	os.Exit(code)
}

// buildArena builds dojo-arena once for the package's tests.
func buildArena(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dojo-arena-test-")
		if err != nil {
			buildErr = err
			return
		}
		built = filepath.Join(dir, "dojo-arena")
		if out, err := exec.Command("go", "build", "-o", built, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

// runArena starts the built arena with HOME set to a directory whose
// .asoundrc is asoundrc, lets it run for a while and stops it; it returns
// what it wrote on stderr and whether it was still running.
func runArena(t *testing.T, bin, asoundrc string) (string, bool) {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte(asoundrc), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--data-dir", filepath.Join(home, "dojo"))
	cmd.Env = append(os.Environ(), "HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		return stderr.String() + "\nexited: " + errString(err), false
	case <-time.After(2500 * time.Millisecond):
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	<-exited
	return stderr.String(), true
}

func errString(err error) string {
	if err == nil {
		return "0"
	}
	return err.Error()
}

// The arena runs with sound on a machine with a sound device (ALSA's null
// device stands for one), and without a device it still runs, silent,
// having said so once. (Ebiten alone ends the game there: "oto: ALSA error".)
func TestSoundOrNot(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs a display: make test runs this under xvfb-run")
	}
	bin := buildArena(t)
	out, running := runArena(t, bin, "pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
	if !running || strings.Contains(out, "sound off") {
		t.Fatalf("with a sound device: running %v, stderr:\n%s", running, out)
	}
	out, running = runArena(t, bin, "pcm.!default { type hw card 9 }\n")
	if !running {
		t.Fatalf("without a sound device the arena did not keep running:\n%s", out)
	}
	if n := strings.Count(out, "sound off"); n != 1 {
		t.Fatalf("without a sound device the arena said \"sound off\" %d times:\n%s", n, out)
	}
}

// Bad command lines are refused with a message, before any window opens.
func TestBadFlags(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs a display: make test runs this under xvfb-run")
	}
	bin := buildArena(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--core", filepath.Join(t.TempDir(), "missing")}, "--core"},
		{[]string{"--scale", "9"}, "--scale"},
		{[]string{"--rpc", "http://127.0.0.1:1"}, "--rpc needs --contract"},
		{[]string{"--rpc", "http://127.0.0.1:1", "--contract", "0x0000000000000000000000000000000000000001"}, "--keystore"},
		{[]string{"extra"}, "unknown command"},
	} {
		cmd := exec.Command(bin, append([]string{"--data-dir", t.TempDir(), "--mute"}, c.args...)...)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), c.want) {
			t.Errorf("dojo-arena %v: %v\n%s", c.args, err, out)
		}
	}
}
