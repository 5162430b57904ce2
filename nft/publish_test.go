package nft_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/golden"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/ipfs"
	"github.com/ipfs/go-cid"
)

var update = flag.Bool("update", false, "rewrite testdata/manifest.golden after a version bump")

// counting is a Store that counts the objects read through it.
type counting struct {
	nft.Store
	gets atomic.Int64
}

func (c *counting) Get(ctx context.Context, id cid.Cid, max int64) ([]byte, error) {
	c.gets.Add(1)
	return c.Store.Get(ctx, id, max)
}

func store(t *testing.T) *counting {
	t.Helper()
	e, err := ipfs.OpenEmbedded(context.Background(), t.TempDir(), ipfs.EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return &counting{Store: e}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func newCore(t *testing.T, archetype string, seed uint64) *brain.Core {
	t.Helper()
	spec, err := brain.NewSpec(archetype)
	if err != nil {
		t.Fatal(err)
	}
	c, err := brain.NewCore(spec, seed)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func publish(t *testing.T, s nft.Store, in nft.PublishInput) *nft.Published {
	t.Helper()
	p, err := nft.Publish(ctxT(t), s, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPublishFetchHistory(t *testing.T) {
	s := store(t)
	ctx := ctxT(t)
	core := newCore(t, brain.Sage, 1)
	form := assets.RandomForm(1)
	first := publish(t, s, nft.PublishInput{Name: "Kestrel", Description: "A test fighter.", Core: core, Form: form})
	got, err := nft.Fetch(ctx, s, first.ManifestCID)
	if err != nil {
		t.Fatal(err)
	}
	wantID, _ := core.ID()
	if id, _ := got.Core.ID(); id != wantID || got.Form != form || got.Manifest.Name != "Kestrel" {
		t.Fatalf("fetched %s %v %q", id, got.Form.Codes(), got.Manifest.Name)
	}

	// A save: new Memories, the same Brain and Form.
	trained := core.Clone()
	trained.Memories.Layers[0].Bias[0] += 0.5
	trained.Memories.Lineage.Parent = first.Manifest.Dojo.Memories.CID
	second := publish(t, s, nft.PublishInput{Name: "Kestrel", Core: trained, Form: form, Previous: first.Link(), Save: 1,
		Token: &nft.Token{ChainID: 1337, Contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", ID: "1"}})
	a, b := first.Manifest.Dojo, second.Manifest.Dojo
	if a.Brain != b.Brain || a.Form != b.Form || a.Portrait != b.Portrait {
		t.Fatal("unchanged parts changed CID across a save")
	}
	if a.Memories.CID == b.Memories.CID {
		t.Fatal("new Memories kept the old CID")
	}
	if b.Previous == nil || b.Previous.CID != first.ManifestCID.String() || b.Previous.Size != got.ManifestSize {
		t.Fatalf("previous link %+v", b.Previous)
	}
	hist, err := nft.History(ctx, s, second.ManifestCID, 100)
	if err != nil || len(hist) != 2 || hist[0].CID != second.ManifestCID || hist[1].CID != first.ManifestCID {
		t.Fatalf("history %v %v", hist, err)
	}
	if _, err := nft.History(ctx, s, second.ManifestCID, 1); err == nil {
		t.Fatal("history ignored its depth bound")
	}
	// The same state published again is the same object.
	again := publish(t, s, nft.PublishInput{Name: "Kestrel", Description: "A test fighter.", Core: core, Form: form})
	if again.ManifestCID != first.ManifestCID {
		t.Fatal("publishing the same state gave another CID")
	}
}

// TestFetchRejectsHostileManifests stores crafted Manifests and objects and
// checks that Fetch refuses each with a clear error, and that bounds are
// checked before anything is downloaded.
func TestFetchRejectsHostileManifests(t *testing.T) {
	s := store(t)
	ctx := ctxT(t)
	core := newCore(t, brain.Sage, 2)
	base := publish(t, s, nft.PublishInput{Name: "Base", Core: core, Form: assets.RandomForm(2)})
	good, err := nft.MarshalManifest(base.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	addBytes := func(data []byte) nft.Link {
		c, err := s.Add(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		return nft.Link{CID: c.String(), Size: int64(len(data)), Type: nft.TypeMemories}
	}
	memBytes, _ := brain.EncodeMemories(&core.Spec, &core.Memories)
	withFloat := func(bits uint32) []byte {
		// The last 4 bytes are the last bias of the last layer.
		b := append([]byte(nil), memBytes...)
		binary.LittleEndian.PutUint32(b[len(b)-4:], bits)
		return b
	}
	swift := newCore(t, brain.Swift, 2)
	swiftMem, _ := brain.EncodeMemories(&swift.Spec, &swift.Memories)

	cases := []struct {
		name   string
		edit   func(m *nft.Manifest)
		raw    func(s string) string
		want   string
		noGets bool // refused before any object but the Manifest is read
	}{
		{name: "missing memories link", raw: func(s string) string { return cut(s, `"memories": {`, `},`) }, want: "memories", noGets: true},
		{name: "wrong link type", edit: func(m *nft.Manifest) { m.Dojo.Form.Type = nft.TypePortrait }, want: "dojo.form.type", noGets: true},
		{name: "absurd size", edit: func(m *nft.Manifest) { m.Dojo.Memories.Size = 1 << 40 }, want: "dojo.memories.size", noGets: true},
		{name: "escape in name", edit: func(m *nft.Manifest) { m.Name = "Evil\x1b[2J" }, want: "text", noGets: true},
		{name: "escape in attribute", edit: func(m *nft.Manifest) { m.Attributes[0].Value = nft.Text("\u202eevil") }, want: "text", noGets: true},
		{name: "bad version", edit: func(m *nft.Manifest) { m.Dojo.Version = 9 }, want: "dojo.version", noGets: true},
		{name: "duplicate key", raw: func(s string) string {
			return strings.Replace(s, `"name": "Base",`, `"name": "Base", "name": "Other",`, 1)
		}, want: "duplicate", noGets: true},
		{name: "image not the portrait", edit: func(m *nft.Manifest) { m.Image = "https://example.com/x.png" }, want: "image", noGets: true},
		{name: "CIDv0 link", edit: func(m *nft.Manifest) { m.Dojo.Brain.CID = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG" }, want: "dojo.brain.cid", noGets: true},
		{name: "NaN parameter", edit: func(m *nft.Manifest) { m.Dojo.Memories = addBytes(withFloat(0x7fc00000)) }, want: "memories"},
		{name: "Inf parameter", edit: func(m *nft.Manifest) { m.Dojo.Memories = addBytes(withFloat(0x7f800000)) }, want: "memories"},
		{name: "wrong shapes", edit: func(m *nft.Manifest) { m.Dojo.Memories = addBytes(swiftMem) }, want: "memories"},
		{name: "size says less than served", edit: func(m *nft.Manifest) { m.Dojo.Brain.Size-- }, want: "brain"},
		{name: "core id mismatch", edit: func(m *nft.Manifest) { m.Dojo.Core = swiftID(t, swift) }, want: "names Core"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var data []byte
			if tc.raw != nil {
				data = []byte(tc.raw(string(good)))
			} else {
				m, _ := nft.ParseManifest(good)
				tc.edit(m)
				var err error
				data, err = marshalUnchecked(m)
				if err != nil {
					t.Fatal(err)
				}
			}
			c, err := s.Add(ctx, data)
			if err != nil {
				t.Fatal(err)
			}
			s.gets.Store(0)
			_, err = nft.Fetch(ctx, s, c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Fetch: %v (want an error about %q)", err, tc.want)
			}
			if tc.noGets && s.gets.Load() != 1 {
				t.Fatalf("%d objects read; the manifest should have been refused before any link was followed", s.gets.Load())
			}
		})
	}
	if _, err := nft.Fetch(ctx, s, base.ManifestCID); err != nil {
		t.Fatalf("the untouched manifest: %v", err)
	}
}

func swiftID(t *testing.T, c *brain.Core) string {
	id, err := c.ID()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// cut removes the text from the first occurrence of start to the end of the
// next occurrence of end.
func cut(s, start, end string) string {
	i := strings.Index(s, start)
	j := strings.Index(s[i:], end)
	return s[:i] + s[i+j+len(end):]
}

// marshalUnchecked writes a Manifest without MarshalManifest's validation,
// as an attacker would.
func marshalUnchecked(m *nft.Manifest) ([]byte, error) {
	return jsonMarshal(m)
}

// TestManifestGolden pins an example Manifest (the one docs/FORMATS.md
// shows): a change of its bytes needs a version bump.
func TestManifestGolden(t *testing.T) {
	s := store(t)
	p := publish(t, s, nft.PublishInput{Name: "Kestrel", Description: "A sage minted from seed 1.", Core: newCore(t, brain.Sage, 1), Form: assets.RandomForm(7),
		Attributes: []nft.Attribute{{TraitType: "samples trained", DisplayType: "number", Value: nft.Number(0)}}})
	body, err := nft.MarshalManifest(p.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "manifest.golden")
	versions := golden.Versions{"manifest": nft.ManifestVersion, "form": assets.FormVersion, "render": assets.RenderVersion,
		"rules": game.RulesVersion, "obs": game.ObsSpecVersion, "spec": brain.SpecFormatVersion, "memories": brain.MemoriesFormatVersion}
	if err := golden.Check(path, versions, body, *update); err != nil {
		t.Fatal(err)
	}
	if _, err := nft.ParseManifest(body); err != nil {
		t.Fatal(err)
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
