package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

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
	bin := filepath.Join(t.TempDir(), "dojo-arena")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
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
