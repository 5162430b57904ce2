package agent

import (
	"context"
	"errors"
	"math/big"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/dojo-arena/dojo/nft/ipfs"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

type world struct {
	ctx    context.Context
	chain  *chain.Embedded
	store  *ipfs.Embedded
	agents *Agents
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	dir := t.TempDir()
	e, err := chain.OpenEmbedded(ctx, dir, chain.EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	s, err := ipfs.OpenEmbedded(ctx, filepath.Join(dir, "ipfs"), ipfs.EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	reg, err := chain.NewRegistry(ctx, e.Info().Contract, e.Client())
	if err != nil {
		t.Fatal(err)
	}
	_, auth := e.DevKey()
	return &world{ctx: ctx, chain: e, store: s, agents: &Agents{Store: s, Registry: reg, Auth: auth, ChainID: big.NewInt(chain.DevChainID), PendingDir: filepath.Join(dir, "pending")}}
}

func trainedFrom(t *testing.T, c *brain.Core, delta float32) *brain.Core {
	t.Helper()
	n := c.Clone()
	n.Memories.Layers[0].Bias[0] += delta
	return n
}

func TestMintSaveShowFetch(t *testing.T) {
	w := newWorld(t)
	a := w.agents
	form := assets.RandomForm(5)
	m, err := a.Mint(w.ctx, MintRequest{Name: "Kestrel", Archetype: brain.Swift, Form: form, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if m.Token.Int64() != 1 || m.Owner != a.Auth.From {
		t.Fatalf("minted %+v", m)
	}
	got, err := a.Fetch(w.ctx, m.Token)
	if err != nil {
		t.Fatal(err)
	}
	trained := trainedFrom(t, got.Core, 0.25)
	saved, err := a.Save(w.ctx, m.Token, trained, []nft.Attribute{{TraitType: "samples trained", DisplayType: "number", Value: nft.Number(1200)}})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Previous != m.Published.ManifestCID.String() || saved.Pending {
		t.Fatalf("saved %+v", saved)
	}
	shown, err := a.Show(w.ctx, m.Token)
	if err != nil {
		t.Fatal(err)
	}
	if shown.Fighter.Core != saved.Manifest || len(shown.History) != 1 || shown.History[0].Next != saved.Manifest ||
		shown.Manifest.Dojo.Save != 1 || shown.Manifest.Dojo.Token == nil || shown.TokenURI != "ipfs://"+saved.Manifest {
		t.Fatalf("shown %+v", shown)
	}
	back, err := a.Fetch(w.ctx, m.Token)
	if err != nil {
		t.Fatal(err)
	}
	wantID, _ := trained.ID()
	if id, _ := back.Core.ID(); id != wantID {
		t.Fatalf("fetched %s, saved %s", id, wantID)
	}

	// A Core of another Brain is refused before anything is stored.
	other, _ := brain.NewSpec(brain.Sage)
	sage, _ := brain.NewCore(other, 1)
	if _, err := a.Save(w.ctx, m.Token, sage, nil); !errors.Is(err, ErrBrainChanged) {
		t.Fatalf("sage Core on a swift token: %v", err)
	}

	// Someone else's key is refused before anything is stored, and says why.
	k, _ := crypto.GenerateKey()
	stranger, _ := bind.NewKeyedTransactorWithChainID(k, big.NewInt(chain.DevChainID))
	b := *a
	b.Auth = stranger
	if _, err := b.Save(w.ctx, m.Token, trainedFrom(t, back.Core, 1), nil); !errors.Is(err, chain.ErrNotAuthorized) || !strings.Contains(err.Error(), "owner is") {
		t.Fatalf("stranger's save: %v", err)
	}
}

// TestTwoDevicesCannotOverwrite saves the same fighter from two devices that
// read the same pointer: the second save is stale, said so, and nothing is
// overwritten.
func TestTwoDevicesCannotOverwrite(t *testing.T) {
	w := newWorld(t)
	a := w.agents
	m, err := a.Mint(w.ctx, MintRequest{Name: "Twin", Archetype: brain.Swift, Form: assets.RandomForm(1), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := a.Fetch(w.ctx, m.Token)
	first, err := a.Save(w.ctx, m.Token, trainedFrom(t, base.Core, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The second device publishes on the pointer it read before the first
	// save and swaps from it.
	_, err = a.Registry.UpdateCore(w.ctx, a.Auth, m.Token, m.Published.ManifestCID.String(), first.Manifest)
	if !errors.Is(err, chain.ErrStaleCore) {
		t.Fatalf("second device: %v", err)
	}
	if cur, _ := a.Registry.Core(w.ctx, m.Token); cur != first.Manifest {
		t.Fatalf("pointer %s, want the first save %s", cur, first.Manifest)
	}
}

// downBackend is a chain that answers calls but whose transactions never
// arrive: the connection drops at send.
type downBackend struct{ chain.Backend }

func (downBackend) SendTransaction(context.Context, *types.Transaction) error {
	return &netErr{syscall.ECONNREFUSED}
}

type netErr struct{ error }

func TestSaveKeptPendingThenSynced(t *testing.T) {
	w := newWorld(t)
	a := w.agents
	m, err := a.Mint(w.ctx, MintRequest{Name: "Patient", Archetype: brain.Swift, Form: assets.RandomForm(2), Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := a.Fetch(w.ctx, m.Token)
	downReg, err := chain.NewRegistry(w.ctx, a.Registry.Address(), downBackend{w.chain.Client()})
	if err != nil {
		t.Fatal(err)
	}
	down := *a
	down.Registry = downReg
	saved, err := down.Save(w.ctx, m.Token, trainedFrom(t, base.Core, 2), nil)
	if !errors.Is(err, ErrPending) || saved == nil || !saved.Pending {
		t.Fatalf("save with the chain down: %v", err)
	}
	list, _ := nft.ListPending(a.PendingDir)
	if len(list) != 1 || list[0].Manifest != saved.Manifest || list[0].Expected != m.Published.ManifestCID.String() {
		t.Fatalf("pending %+v", list)
	}
	// The chain is back: Sync moves the pointer and clears the pending save.
	results, err := a.Sync(w.ctx)
	if err != nil || len(results) != 1 || results[0].Outcome != "saved" {
		t.Fatalf("sync: %+v %v", results, err)
	}
	if cur, _ := a.Registry.Core(w.ctx, m.Token); cur != saved.Manifest {
		t.Fatalf("pointer %s after sync, want %s", cur, saved.Manifest)
	}
	if list, _ := nft.ListPending(a.PendingDir); len(list) != 0 {
		t.Fatalf("still pending: %v", list)
	}

	// A pending save whose pointer moved meanwhile is stale and stays.
	if _, err := down.Save(w.ctx, m.Token, trainedFrom(t, base.Core, 3), nil); !errors.Is(err, ErrPending) {
		t.Fatal(err)
	}
	newer, _ := a.Fetch(w.ctx, m.Token)
	b := *a
	b.PendingDir = t.TempDir() // another device, with no pending saves
	if _, err := b.Save(w.ctx, m.Token, trainedFrom(t, newer.Core, 4), nil); err != nil {
		t.Fatal(err)
	}
	results, _ = a.Sync(w.ctx)
	if len(results) != 1 || results[0].Outcome != "stale" || !errors.Is(results[0].Err, chain.ErrStaleCore) {
		t.Fatalf("stale pending: %+v", results)
	}
	if list, _ := nft.ListPending(a.PendingDir); len(list) != 1 {
		t.Fatal("a stale save was dropped")
	}
}
