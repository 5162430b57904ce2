package ipfs

import (
	"bytes"
	"context"
	"errors"
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

// rpcBackends reach a Kubo RPC API through a recording proxy: the
// embedded node served as `dojo node` serves it, and a real daemon.
var rpcBackends = []backend{
	{"remote-to-embedded", func(t *testing.T) (store, *recorder) {
		api, _ := serveTemp(t, openTemp(t))
		u, rec := proxy(t, api)
		r, err := Dial(context.Background(), u)
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		return r, rec
	}},
	{"remote-to-kubo-daemon", func(t *testing.T) (store, *recorder) {
		_, api := startDaemon(t)
		u, rec := proxy(t, api)
		r, err := Dial(context.Background(), u)
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		return r, rec
	}},
}

// sizes straddle the 256 KiB chunk boundary and need a two-level DAG.
var sizes = []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 900_000}

// TestRoundTripPinAndRefusal adds and reads back through each store, pins,
// and checks over the RPC backends that a too small max is refused before
// any content is read (no cat).
func TestRoundTripPinAndRefusal(t *testing.T) {
	all := append([]backend{{"embedded", func(t *testing.T) (store, *recorder) { return openTemp(t), nil }}}, rpcBackends...)
	for _, b := range all {
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

// A CID never added does not resolve on the served embedded node either:
// Get fails (at the latest when ctx expires) instead of hanging.
func TestUnresolvableCIDOverRPC(t *testing.T) {
	never, err := HashOnly(payload(99, 5000))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rpcBackends {
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
