package arena

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/dojo-arena/dojo/nft/connect"
)

// The arena on a chain it reaches over JSON-RPC (another process's chain:
// here an embedded chain serving HTTP): a token minted elsewhere is found
// among the player's and brought in; when the chain goes away, a save is
// stored on IPFS and kept pending, and the screen's state says so; the
// fighter's record keeps its last on-chain state.
func TestTokensOverRPCAndPendingSave(t *testing.T) {
	ctx := context.Background()
	remoteDir := t.TempDir()
	remote, err := chain.OpenEmbedded(ctx, remoteDir, chain.EmbeddedOptions{HTTPAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			remote.Close()
		}
	}()
	a := NewApp(t.TempDir(), 5)
	a.Tokens.Options = connect.Options{
		DataDir: a.Tokens.Options.DataDir, RPC: remote.HTTPEndpoint(), Contract: remote.Info().Contract.Hex(),
		Keystore: filepath.Join(remoteDir, "keystore"), Password: filepath.Join(remoteDir, "dev.password"),
	}
	t.Cleanup(a.Tokens.Close)

	// Minted elsewhere: not through the arena's Mint scene.
	form := assets.RandomForm(77)
	minted := a.Tokens.Mint(MintRequest{Name: "Kestrel", Archetype: brain.Swift, Form: form, Seed: 4}).Wait()
	if minted.Err != nil || minted.Mode != "rpc" {
		t.Fatalf("mint: %+v", minted)
	}

	choose(t, a, "Training")
	choose(t, a, "Bring a token here")
	if a.Scene != SceneOwned {
		t.Fatalf("scene %v", a.Scene)
	}
	deadline := time.Now().Add(time.Minute)
	for !a.ownedShown {
		if time.Now().After(deadline) {
			t.Fatal("the scan for tokens did not finish")
		}
		a.Dev.Update()
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		waitBriefly()
	}
	choose(t, a, "token #1  Kestrel  (swift brain)")
	f := a.Training.Fighter()
	if a.Scene != SceneTraining || f == nil || f.Token != minted.Token || f.Form != form || f.Saved != minted.CID {
		t.Fatalf("brought in: scene %v fighter %+v", a.Scene, f)
	}
	if id, _ := f.Core.ID(); id != minted.CoreID {
		t.Fatalf("the fighter's Core is %s, the token's %s", id, minted.CoreID)
	}
	// Brought in once: the scan now skips it.
	choose(t, a, "Bring a token here")
	for !a.ownedShown {
		a.Dev.Update()
		_ = a.Update()
		waitBriefly()
	}
	if a.Menu.Items[0].Label != "No other token of yours" {
		t.Fatalf("the token is offered again: %q", a.Menu.Items[0].Label)
	}
	choose(t, a, "Back")

	// The chain goes away; a save is kept pending.
	if err := remote.Close(); err != nil {
		t.Fatal(err)
	}
	closed = true
	trained := f.Core.Clone()
	trained.Memories.Lineage.Parent = "sha256:test"
	if err := f.SetCore(trained); err != nil {
		t.Fatal(err)
	}
	choose(t, a, "Save to my token")
	st := waitJob(t, a)
	if st.Err != nil || !st.Pending || st.CID == "" || st.CID == minted.CID || st.Path == "" {
		t.Fatalf("a save with the chain gone: %+v", st)
	}
	disk, err := LoadFighter(f.Dir)
	if err != nil || disk.Saved != minted.CID {
		t.Fatalf("fighter.json says the token points at %v (%v); it still points at %s", disk.Saved, err, minted.CID)
	}
}
