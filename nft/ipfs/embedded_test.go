package ipfs

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestEmbeddedRepoLockedInProcess(t *testing.T) {
	e := openTemp(t)
	_, err := OpenEmbedded(context.Background(), e.Dir(), EmbeddedOptions{})
	if !errors.Is(err, ErrRepoLocked) {
		t.Fatalf("second OpenEmbedded: err %v, want ErrRepoLocked", err)
	}
	if !strings.Contains(err.Error(), e.Dir()) {
		t.Fatalf("error %q does not name the repo %s", err, e.Dir())
	}
}

// A repo held by another process (a real Kubo daemon) gives ErrRepoLocked.
func TestEmbeddedRepoLockedByDaemon(t *testing.T) {
	dir, _ := startDaemon(t)
	_, err := OpenEmbedded(context.Background(), dir, EmbeddedOptions{})
	if !errors.Is(err, ErrRepoLocked) {
		t.Fatalf("OpenEmbedded on a daemon's repo: err %v, want ErrRepoLocked", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Fatalf("error %q does not name the repo %s", err, dir)
	}
}

// The gateway serves added files read-only.
func TestEmbeddedGateway(t *testing.T) {
	e := openTemp(t)
	_, gw := serveTemp(t, e)
	data := payload(8, 50_000)
	c, err := e.Add(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(gw + "/ipfs/" + c.String())
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, data) {
		t.Fatalf("GET /ipfs/%s: status %d, %d bytes", c, resp.StatusCode, len(got))
	}
	for _, method := range []string{http.MethodPost, http.MethodPut} {
		req, err := http.NewRequest(method, gw+"/ipfs/", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Fatalf("%s on the gateway: status %d, want a refusal", method, resp.StatusCode)
		}
	}
	// The RPC API is not on the gateway's port.
	resp, err = http.Post(gw+"/api/v0/version", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("the gateway answers /api/v0")
	}
}
