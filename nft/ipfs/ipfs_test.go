package ipfs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/nft"
	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
)

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// backends are the two real nft.Store implementations, tested the same way.
var backends = []struct {
	name string
	open func(t *testing.T) nft.Store
}{
	{"embedded", func(t *testing.T) nft.Store {
		e, err := OpenEmbedded(ctxT(t, time.Minute), t.TempDir(), EmbeddedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}},
	{"kubo-daemon", func(t *testing.T) nft.Store {
		_, api := startDaemon(t)
		r, err := Dial(ctxT(t, time.Minute), api)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}},
}

func TestStore(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			ctx := ctxT(t, 2*time.Minute)
			for i, n := range []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 900_000} {
				data := randomBytes(n, uint64(i))
				c, err := s.Add(ctx, data)
				if err != nil {
					t.Fatalf("add %d bytes: %v", n, err)
				}
				want, err := HashOnly(data)
				if err != nil || !c.Equals(want) {
					t.Fatalf("%d bytes: Add gave %s, HashOnly %s (%v)", n, c, want, err)
				}
				if c.Version() != 1 || (n <= ChunkSize && c.Type() != cid.Raw) {
					t.Fatalf("%d bytes: CID %s is not CIDv1 with a raw leaf", n, c)
				}
				got, err := s.Get(ctx, c, int64(n))
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("get %d bytes back: %d bytes, %v", n, len(got), err)
				}
				if n > 0 {
					if _, err := s.Get(ctx, c, int64(n-1)); !errors.Is(err, nft.ErrTooLarge) {
						t.Fatalf("get %d bytes with max %d: %v", n, n-1, err)
					}
				}
			}
			// A CID nobody added does not resolve: Get fails, it never hangs.
			sum := sha256.Sum256([]byte("never added " + b.name))
			mh, _ := multihash.Encode(sum[:], multihash.SHA2_256)
			missing := cid.NewCidV1(cid.Raw, mh)
			short := ctxT(t, 3*time.Second)
			start := time.Now()
			if _, err := s.Get(short, missing, 1<<20); err == nil {
				t.Fatal("an unknown CID resolved")
			}
			if time.Since(start) > 30*time.Second {
				t.Fatal("Get ignored its context")
			}
		})
	}
}

// TestSameCIDsEverywhere adds the same bytes through the embedded node, the
// daemon's API and the real `ipfs add` command line.
func TestSameCIDsEverywhere(t *testing.T) {
	repo, api := startDaemon(t)
	ctx := ctxT(t, 2*time.Minute)
	e, err := OpenEmbedded(ctx, t.TempDir(), EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	r, err := Dial(ctx, api)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range []int{10, ChunkSize + 1, 900_000} {
		data := randomBytes(n, uint64(100+i))
		c1, err := e.Add(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := r.Add(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Getenv("DOJO_IPFS_BIN"), "add", "-Q", "--cid-version", "1", "--raw-leaves", "--chunker", Chunker)
		cmd.Env = append(os.Environ(), "IPFS_PATH="+repo)
		cmd.Stdin = bytes.NewReader(data)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("ipfs add: %v", err)
		}
		if c3 := strings.TrimSpace(string(out)); c1.String() != c2.String() || c2.String() != c3 {
			t.Fatalf("%d bytes: embedded %s, API %s, ipfs add %s", n, c1, c2, c3)
		}
	}
}

func TestEmbeddedRestartAndLock(t *testing.T) {
	repo := t.TempDir()
	ctx := ctxT(t, time.Minute)
	e, err := OpenEmbedded(ctx, repo, EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data := randomBytes(300_000, 7)
	c, err := e.Add(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenEmbedded(ctx, repo, EmbeddedOptions{}); !errors.Is(err, ErrRepoLocked) {
		t.Fatalf("second open of a held repo: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2, err := OpenEmbedded(ctx, repo, EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	got, err := e2.Get(ctx, c, int64(len(data)))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("after restart: %d bytes, %v", len(got), err)
	}
}

// TestServe serves the embedded node: another process attaches to its API
// with the Remote backend, and a browser reads through its gateway, which
// refuses writes.
func TestServe(t *testing.T) {
	ctx := ctxT(t, time.Minute)
	e, err := OpenEmbedded(ctx, t.TempDir(), EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	srv, err := e.Serve(sctx, "127.0.0.1:0", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Dial(ctx, srv.API)
	if err != nil {
		t.Fatal(err)
	}
	data := randomBytes(5000, 3)
	c, err := r.Add(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := e.Get(ctx, c, 5000); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("added through the API, read in process: %v", err)
	}
	resp, err := http.Get(srv.Gateway + "/ipfs/" + c.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, data) {
		t.Fatalf("gateway: %s, %d bytes", resp.Status, len(body))
	}
	resp, err = http.Post(srv.Gateway+"/ipfs/", "application/octet-stream", bytes.NewReader(data))
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Fatalf("the gateway accepted a write: %s", resp.Status)
		}
	}
}
