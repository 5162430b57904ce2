package ipfs

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// kuboScript is scripts/kubo.sh, from this package's directory.
const kuboScript = "../../scripts/kubo.sh"

// ipfsBin returns $DOJO_IPFS_BIN, or skips the test.
func ipfsBin(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("DOJO_IPFS_BIN")
	if bin == "" {
		t.Skip("DOJO_IPFS_BIN is not set: skipping the test against a real Kubo daemon (scripts/kubo.sh build prints the path)")
	}
	return bin
}

// startDaemon starts a real offline Kubo daemon on a fresh directory with
// scripts/kubo.sh and stops it by PID when the test ends. It returns the
// daemon's repo (DIR/repo) and its API URL.
func startDaemon(t testing.TB) (repo, apiURL string) {
	t.Helper()
	ipfsBin(t)
	dir := t.TempDir()
	if out, err := exec.Command("bash", kuboScript, "start", dir).CombinedOutput(); err != nil {
		t.Fatalf("kubo.sh start: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("bash", kuboScript, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("kubo.sh stop: %v: %s", err, out)
		}
	})
	url, err := os.ReadFile(filepath.Join(dir, "api.url"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "repo"), strings.TrimSpace(string(url))
}

// openTemp opens an embedded node on a fresh repo, closed when the test ends.
func openTemp(t testing.TB) *Embedded {
	t.Helper()
	e, err := OpenEmbedded(context.Background(), filepath.Join(t.TempDir(), "ipfs"), EmbeddedOptions{})
	if err != nil {
		t.Fatalf("OpenEmbedded: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

// serveTemp serves e's RPC API and gateway on free 127.0.0.1 ports until the
// test ends, and returns their base URLs.
func serveTemp(t testing.TB, e *Embedded) (apiURL, gatewayURL string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := e.Serve(ctx, "127.0.0.1:0", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	return srv.API, srv.Gateway
}

// recorder is a reverse proxy in front of a Kubo RPC API that records the
// commands called through it.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) called(cmd string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.calls {
		if c == cmd {
			return true
		}
	}
	return false
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.calls = nil
	r.mu.Unlock()
}

// proxy puts a recorder in front of apiURL and returns the proxy's URL.
func proxy(t testing.TB, apiURL string) (string, *recorder) {
	t.Helper()
	u, err := url.Parse(apiURL)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec.mu.Lock()
		rec.calls = append(rec.calls, strings.TrimPrefix(req.URL.Path, "/api/v0/"))
		rec.mu.Unlock()
		rp.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, rec
}

// payload returns n deterministic pseudo-random bytes for seed.
func payload(seed uint64, n int) []byte {
	r := rand.New(rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), 'd', 'o', 'j', 'o'}))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// shortCtx is a context that expires soon, for CIDs that never resolve.
func shortCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	t.Cleanup(cancel)
	return ctx
}
