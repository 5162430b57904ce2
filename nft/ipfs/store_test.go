package ipfs

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipfs/go-cid"

	"github.com/dojo-arena/dojo/nft"
)

// store is nft.Store plus Pin, as both backends have it.
type store interface {
	nft.Store
	Pin(ctx context.Context, c cid.Cid) error
}

var (
	_ store = (*Embedded)(nil)
	_ store = (*Remote)(nil)
)

// backend builds one Store under test; rec, if not nil, records the RPC
// commands the Store sends.
type backend struct {
	name string
	open func(t *testing.T) (s store, rec *recorder)
}

var backends = []backend{
	{"embedded", func(t *testing.T) (store, *recorder) {
		return openTemp(t), nil
	}},
	{"remote-to-embedded", func(t *testing.T) (store, *recorder) {
		api, _ := serveTemp(t, openTemp(t))
		u, rec := proxy(t, api)
		r, err := Dial(u)
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		return r, rec
	}},
	{"remote-to-kubo-daemon", func(t *testing.T) (store, *recorder) {
		_, api := startDaemon(t)
		u, rec := proxy(t, api)
		r, err := Dial(u)
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		return r, rec
	}},
}

// sizes straddle the 256 KiB chunk boundary and need a two-level DAG.
var sizes = []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 900_000}

func TestRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, rec := b.open(t)
			ctx := context.Background()
			for i, n := range sizes {
				data := payload(uint64(i), n)
				c, err := s.Add(ctx, data)
				if err != nil {
					t.Fatalf("Add %d bytes: %v", n, err)
				}
				want, err := HashOnly(data)
				if err != nil {
					t.Fatal(err)
				}
				if !c.Equals(want) {
					t.Fatalf("%d bytes: Add gave %s, HashOnly %s", n, c, want)
				}
				if c.Version() != 1 || !strings.HasPrefix(c.String(), "baf") {
					t.Fatalf("%d bytes: CID %s is not CIDv1 base32", n, c)
				}
				got, err := s.Get(ctx, c, int64(n))
				if err != nil {
					t.Fatalf("Get %d bytes with max %d: %v", n, n, err)
				}
				if !bytes.Equal(got, data) {
					t.Fatalf("Get %s: %d bytes differ from the %d added", c, len(got), n)
				}
				if err := s.Pin(ctx, c); err != nil {
					t.Fatalf("Pin %s: %v", c, err)
				}
				if n == 0 {
					continue
				}
				if rec != nil {
					rec.reset()
				}
				_, err = s.Get(ctx, c, int64(n-1))
				if !errors.Is(err, nft.ErrTooLarge) {
					t.Fatalf("Get %d bytes with max %d: err %v, want ErrTooLarge", n, n-1, err)
				}
				if rec != nil && rec.called("cat") {
					t.Fatalf("Get with a too small max read the content (cat) before refusing")
				}
			}
		})
	}
}

// A CID never added does not resolve: Get fails (at the latest when ctx
// expires) instead of hanging.
func TestUnresolvableCID(t *testing.T) {
	never, err := HashOnly(payload(99, 5000))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, _ := b.open(t)
			_, err := s.Get(shortCtx(t), never, 1<<20)
			if err == nil {
				t.Fatalf("Get of a CID never added succeeded")
			}
			t.Logf("Get of a CID never added: %v", err)
		})
	}
}

// The embedded node, a Kubo daemon through Remote and the real binary's own
// `ipfs add` give the same CIDs for the same bytes.
func TestSameCIDsAsKuboBinary(t *testing.T) {
	bin := ipfsBin(t)
	repo := filepath.Join(t.TempDir(), "cli")
	env := append(os.Environ(), "IPFS_PATH="+repo)
	if out, err := runEnv(env, nil, bin, "init", "--profile=test"); err != nil {
		t.Fatalf("ipfs init: %v: %s", err, out)
	}
	e := openTemp(t)
	_, api := startDaemon(t)
	r, err := Dial(api)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i, n := range sizes {
		data := payload(uint64(100+i), n)
		out, err := runEnv(env, data, bin, "add", "-Q", "--cid-version", "1", "--raw-leaves", "--chunker", "size-262144")
		if err != nil {
			t.Fatalf("ipfs add %d bytes: %v: %s", n, err, out)
		}
		want := strings.TrimSpace(string(out))
		ce, err := e.Add(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		cr, err := r.Add(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := HashOnly(data)
		if err != nil {
			t.Fatal(err)
		}
		if ce.String() != want || cr.String() != want || ch.String() != want {
			t.Fatalf("%d bytes: ipfs add %s, embedded %s, remote %s, HashOnly %s", n, want, ce, cr, ch)
		}
	}
}

func runEnv(env []string, stdin []byte, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	return cmd.CombinedOutput()
}
