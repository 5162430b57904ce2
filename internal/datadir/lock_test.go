package datadir

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == Env {
				return v
			}
			return ""
		}
	}
	tmp := t.TempDir()
	d, err := Resolve(filepath.Join(tmp, "flag"), env(filepath.Join(tmp, "env")))
	if err != nil || d.Root != filepath.Join(tmp, "flag") {
		t.Fatalf("flag: %v %v", d, err)
	}
	d, err = Resolve("", env(filepath.Join(tmp, "env")))
	if err != nil || d.Root != filepath.Join(tmp, "env") {
		t.Fatalf("env: %v %v", d, err)
	}
	d, err = Resolve("", env(""))
	if err != nil || filepath.Base(d.Root) != "dojo" || !filepath.IsAbs(d.Root) {
		t.Fatalf("default: %v %v", d, err)
	}
}

func TestEnsureRefusesFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Dir{Root: f}).Ensure(); err == nil {
		t.Fatal("a file was accepted as the data directory")
	}
}

func TestAcquireTwice(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	l, err := d.Acquire(Holder{Command: "dojo node"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Publish(Holder{PID: os.Getpid(), Command: "dojo node", RPC: "http://127.0.0.1:8545", IPFSAPI: "http://127.0.0.1:5001"}); err != nil {
		t.Fatal(err)
	}
	_, err = d.Acquire(Holder{Command: "dojo show"})
	var inUse *InUseError
	if !errors.As(err, &inUse) || !errors.Is(err, ErrInUse) {
		t.Fatalf("second acquire: %v", err)
	}
	if inUse.Holder.PID != os.Getpid() || !inUse.Holder.Serves() || inUse.Holder.RPC != "http://127.0.0.1:8545" {
		t.Fatalf("holder %+v", inUse.Holder)
	}
	if !strings.Contains(err.Error(), "dojo node") || !strings.Contains(err.Error(), d.Root) {
		t.Fatalf("message does not say who holds it: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.NodeJSON()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("node.json left behind: %v", err)
	}
	l2, err := d.Acquire(Holder{Command: "dojo show"})
	if err != nil {
		t.Fatalf("acquire after release: %v", err)
	}
	_ = l2.Release()
}

func TestPublishRefusesBadHolder(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	l, err := d.Acquire(Holder{Command: "dojo node"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	for _, h := range []Holder{
		{PID: 1, Command: "dojo\x1b[2J"},
		{PID: 1, Command: "x", RPC: "file:///etc/passwd"},
		{PID: -1, Command: "x"},
	} {
		if err := l.Publish(h); err == nil {
			t.Errorf("published %+v", h)
		}
	}
}

func TestHolderRejectsHostileFile(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	for _, body := range []string{
		`{"pid":1,"pid":2,"command":"x","since":"2026-01-01T00:00:00Z"}`,
		`{"pid":1,"command":"\u001b]0;owned\u0007","since":"2026-01-01T00:00:00Z"}`,
		`{"pid":1,"command":"x","since":"2026-01-01T00:00:00Z","extra":1}`,
		`{"pid":1,"command":"x","since":"2026-01-01T00:00:00Z","rpc":"javascript:alert(1)"}`,
		strings.Repeat(" ", maxNodeJSON+1),
	} {
		if err := os.WriteFile(d.NodeJSON(), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if h, err := d.Holder(); err == nil {
			t.Errorf("accepted %q as %+v", body, h)
		}
	}
}

// TestLockDiesWithItsProcess starts a child that takes the directory and is
// then killed: the kernel must drop its lock, so the next Acquire succeeds.
func TestLockDiesWithItsProcess(t *testing.T) {
	if os.Getenv("DATADIR_CHILD") != "" {
		d := Dir{Root: os.Getenv("DATADIR_CHILD")}
		if _, err := d.Acquire(Holder{Command: "child"}); err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		select {} // hold it until killed
	}
	d := Dir{Root: t.TempDir()}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockDiesWithItsProcess$")
	cmd.Env = append(os.Environ(), "DATADIR_CHILD="+d.Root)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		_ = cmd.Process.Kill()
		t.Fatalf("child said %q", line)
	}
	_, err = d.Acquire(Holder{Command: "parent"})
	var inUse *InUseError
	if !errors.As(err, &inUse) || inUse.Holder.PID != cmd.Process.Pid || inUse.Holder.Command != "child" {
		_ = cmd.Process.Kill()
		t.Fatalf("while the child holds it: %v", err)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	l, err := d.Acquire(Holder{Command: "parent"})
	if err != nil {
		t.Fatalf("after the child died: %v", err)
	}
	_ = l.Release()
}
