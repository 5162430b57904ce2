package nft

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"
)

// memStore is a test double for Store, not a real backend: CIDv1 raw over
// the SHA-256 of the bytes (what Kubo gives for objects of one chunk), and
// put, which files any bytes under any CID, so a test can forge what content
// addressing cannot build (a history that loops).
type memStore struct {
	objs map[string][]byte
	gets int
}

func newMemStore() *memStore { return &memStore{objs: map[string][]byte{}} }

func (s *memStore) Add(_ context.Context, data []byte) (cid.Cid, error) {
	h, err := mh.Sum(data, mh.SHA2_256, -1)
	if err != nil {
		return cid.Undef, err
	}
	c := cid.NewCidV1(cid.Raw, h)
	s.objs[c.KeyString()] = append([]byte(nil), data...)
	return c, nil
}

func (s *memStore) Get(_ context.Context, c cid.Cid, max int64) ([]byte, error) {
	s.gets++
	b, ok := s.objs[c.KeyString()]
	if !ok {
		return nil, fmt.Errorf("%s: not found", c)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: %d bytes: %w", c, len(b), ErrTooLarge)
	}
	return append([]byte(nil), b...), nil
}

func (s *memStore) put(c cid.Cid, data []byte) { s.objs[c.KeyString()] = data }

// TestHistoryRefusesCycles forges histories that loop (a manifest naming
// itself, two naming each other) and checks History stops with
// ErrBadManifest after reading each manifest once.
func TestHistoryRefusesCycles(t *testing.T) {
	ctx := context.Background()
	s := newMemStore()
	spec, err := brain.NewSpec(brain.Sage)
	if err != nil {
		t.Fatal(err)
	}
	core, err := brain.NewCore(spec, 1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Publish(ctx, s, PublishInput{Name: "Loop", Core: core, Form: assets.RandomForm(3)})
	if err != nil {
		t.Fatal(err)
	}
	// linking returns the manifest's bytes with previous set to prev.
	linking := func(prev cid.Cid) []byte {
		m := *p.Manifest
		m.Dojo.Previous = &Link{CID: prev.String(), Size: MaxManifestSize, Type: TypeManifest}
		b, err := MarshalManifest(&m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := p.ManifestCID, p.Manifest.Dojo.Brain.CID // two CIDs to file forged manifests under
	bc, err := cid.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		forge func()
		reads int
	}{
		{"names itself", func() { s.put(a, linking(a)) }, 1},
		{"two name each other", func() { s.put(a, linking(bc)); s.put(bc, linking(a)) }, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.forge()
			s.gets = 0
			h, err := History(ctx, s, a, 100)
			if !errors.Is(err, ErrBadManifest) || !strings.Contains(err.Error(), "loops") {
				t.Fatalf("error %v, want a loop refused", err)
			}
			if len(h) != tc.reads || s.gets != tc.reads {
				t.Errorf("%d entries, %d reads, want %d of each", len(h), s.gets, tc.reads)
			}
		})
	}
	if _, err := History(ctx, s, a, 1); err == nil || !strings.Contains(err.Error(), "longer than 1") {
		t.Errorf("depth bound: %v", err)
	}
}
