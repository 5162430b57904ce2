package agent

import (
	"context"
	"errors"
	"fmt"
	"github.com/dojo-arena/dojo/internal/safetext"
	"math/big"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"
)

// Saved is the outcome of a save.
type Saved struct {
	Token    *big.Int
	Previous string
	Manifest string
	CoreID   string
	// Pending is set when the chain did not take the save; PendingPath is
	// where it is kept.
	Pending     bool
	PendingPath string
	Tx          common.Hash
	GasUsed     uint64
	// Retried lists the older pending saves this one retried first.
	Retried []SyncResult
}

// Save stores core as the token's new state and moves the token's pointer
// to it with a compare-and-swap on the pointer it read. Older pending saves
// of this registry are retried first.
//
// It refuses before storing anything when the signer may not move the
// pointer, or when the Core's Brain is not the token's. A save whose chain
// transaction fails for want of the chain (down, timing out) is kept as
// pending and returned with an error wrapping ErrPending. A save made on a
// pointer that moved meanwhile fails with chain.ErrStaleCore; the Core
// directory is untouched and the stored Manifest stays on IPFS.
func (a *Agents) Save(ctx context.Context, token *big.Int, core *brain.Core, extra []nft.Attribute) (*Saved, error) {
	out := &Saved{Token: token}
	if results, err := a.Sync(ctx); err == nil {
		out.Retried = results
	}
	if a.Auth == nil {
		return nil, errors.New("save: no key to sign with")
	}
	ok, err := a.Registry.CanUpdate(ctx, token, a.Auth.From)
	if err != nil && !isRefusal(err) {
		return a.saveOffline(ctx, token, core, extra, err)
	}
	if err != nil {
		return nil, fmt.Errorf("save token %s: %w", token, err)
	}
	if !ok {
		owner, _ := a.Registry.Owner(ctx, token)
		return nil, fmt.Errorf("save token %s: %w: %s signs, the owner is %s", token, chain.ErrNotAuthorized, a.Auth.From.Hex(), owner.Hex())
	}
	current, err := a.Registry.Core(ctx, token)
	if err != nil {
		return nil, err
	}
	prevCID, err := nft.ParseCID(current)
	if err != nil {
		return nil, fmt.Errorf("token %s points at %w", token, err)
	}
	a.remember(token, current)
	if err := a.publishOn(ctx, out, token, prevCID, core, extra); err != nil {
		return nil, err
	}
	rc, err := a.Registry.UpdateCore(ctx, a.Auth, token, current, out.Manifest)
	if err == nil {
		out.Tx, out.GasUsed = rc.TxHash, rc.GasUsed
		a.remember(token, out.Manifest)
		return out, nil
	}
	if isRefusal(err) {
		return out, fmt.Errorf("save token %s: %w (the new state stays on IPFS as %s; your Core is unchanged)", token, err, out.Manifest)
	}
	return a.keepPending(out, token, err)
}

// publishOn stores core as the state after the Manifest prevCID, after
// checking that its Brain is that state's.
func (a *Agents) publishOn(ctx context.Context, out *Saved, token *big.Int, prevCID cid.Cid, core *brain.Core, extra []nft.Attribute) error {
	prev, err := nft.Fetch(ctx, a.Store, prevCID)
	if err != nil {
		return fmt.Errorf("token %s: its current state: %w", token, err)
	}
	wantSpec, _ := brain.SpecHash(prev.Core.Spec)
	gotSpec, err := brain.SpecHash(core.Spec)
	if err != nil || gotSpec != wantSpec {
		return fmt.Errorf("save token %s: %w (token: %s %s, Core: %s %s)", token, ErrBrainChanged, prev.Core.Spec.Archetype, wantSpec, core.Spec.Archetype, gotSpec)
	}
	pub, err := nft.Publish(ctx, a.Store, nft.PublishInput{
		Name: prev.Manifest.Name, Description: prev.Manifest.Description, Core: core, Form: prev.Form,
		Previous: prev.Link(), Save: prev.Manifest.Dojo.Save + 1,
		Token:      &nft.Token{ChainID: a.ChainID.Uint64(), Contract: a.Registry.Address().Hex(), ID: token.String()},
		Attributes: extra,
	})
	if err != nil {
		return err
	}
	out.Previous, out.Manifest, out.CoreID = prevCID.String(), pub.ManifestCID.String(), pub.Manifest.Dojo.Core
	return nil
}

// saveOffline saves while the chain does not answer: on top of the last
// pointer this data directory saw, stored on IPFS and kept pending.
func (a *Agents) saveOffline(ctx context.Context, token *big.Int, core *brain.Core, extra []nft.Attribute, chainErr error) (*Saved, error) {
	k, err := a.known(token)
	if err != nil {
		return nil, fmt.Errorf("save token %s: the chain does not answer (%v), and this data directory never saw the token's pointer to save on top of", token, chainErr)
	}
	prevCID, err := nft.ParseCID(k.Pointer)
	if err != nil {
		return nil, err
	}
	out := &Saved{Token: token}
	if err := a.publishOn(ctx, out, token, prevCID, core, extra); err != nil {
		return nil, err
	}
	return a.keepPending(out, token, chainErr)
}

// keepPending keeps a save the chain did not take in the pending directory.
func (a *Agents) keepPending(out *Saved, token *big.Int, err error) (*Saved, error) {
	current := out.Previous
	path, perr := nft.SavePending(a.PendingDir, nft.Pending{
		ChainID: a.ChainID.String(), Contract: a.Registry.Address().Hex(), Token: token.String(),
		Expected: current, Manifest: out.Manifest, CoreID: out.CoreID, Reason: reason(err),
	})
	if perr != nil {
		return out, fmt.Errorf("save token %s: %v; and keeping it pending failed: %w", token, err, perr)
	}
	out.Pending, out.PendingPath = true, path
	return out, fmt.Errorf("%w: %v (kept in %s; run `dojo sync` when the chain is back)", ErrPending, err, path)
}

// isRefusal reports whether the chain answered and refused (a revert), as
// opposed to not answering.
func isRefusal(err error) bool {
	for _, s := range []error{chain.ErrNotAuthorized, chain.ErrStaleCore, chain.ErrInvalidCid, chain.ErrBadTraits, chain.ErrNotCreator, chain.ErrNoToken, chain.ErrReverted} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// SyncResult is what became of one pending save.
type SyncResult struct {
	Pending *nft.Pending
	// Outcome is "saved", "already saved", "stale" or "failed".
	Outcome string
	Err     error
	Tx      common.Hash
}

// Sync retries the pending saves of this registry, oldest first. A save
// the chain takes is removed from pending; one whose token's pointer moved
// meanwhile is stale: it stays pending (its Manifest is on IPFS) and is
// reported, never forced over the other save.
func (a *Agents) Sync(ctx context.Context) ([]SyncResult, error) {
	list, listErr := nft.ListPending(a.PendingDir)
	var out []SyncResult
	for _, p := range list {
		if p.ChainID != a.ChainID.String() || !common.IsHexAddress(p.Contract) || common.HexToAddress(p.Contract) != a.Registry.Address() {
			continue
		}
		r := SyncResult{Pending: p}
		current, err := a.Registry.Core(ctx, p.TokenID())
		switch {
		case err != nil:
			r.Outcome, r.Err = "failed", err
		case current == p.Manifest:
			r.Outcome = "already saved"
			r.Err = p.Done()
		case current != p.Expected:
			r.Outcome = "stale"
			r.Err = fmt.Errorf("%w: token %s now points at %s, this save was made on %s (its state stays on IPFS as %s)", chain.ErrStaleCore, p.Token, current, p.Expected, p.Manifest)
		default:
			rc, err := a.Registry.UpdateCore(ctx, a.Auth, p.TokenID(), p.Expected, p.Manifest)
			if err != nil {
				r.Outcome, r.Err = "failed", err
				break
			}
			r.Outcome, r.Tx = "saved", rc.TxHash
			r.Err = p.Done()
			a.remember(p.TokenID(), p.Manifest)
		}
		out = append(out, r)
		if ctx.Err() != nil {
			break
		}
	}
	return out, listErr
}

// Shown is a fighter as `dojo show` tells it.
type Shown struct {
	Token    *big.Int
	Owner    common.Address
	Fighter  chain.Fighter
	Minted   *chain.Minted
	History  []chain.CoreUpdate
	Manifest *nft.Manifest
	TokenURI string
}

// Show reads a fighter: its owner and pointer from the chain, the history of
// its pointer from the CoreUpdated events, and its current Manifest.
func (a *Agents) Show(ctx context.Context, token *big.Int) (*Shown, error) {
	f, err := a.Registry.Fighter(ctx, token)
	if err != nil {
		return nil, err
	}
	s := &Shown{Token: token, Fighter: f}
	if s.Owner, err = a.Registry.Owner(ctx, token); err != nil {
		return nil, err
	}
	if s.TokenURI, err = a.Registry.TokenURI(ctx, token); err != nil {
		return nil, err
	}
	if s.Minted, err = a.Registry.Minted(ctx, token); err != nil {
		return nil, err
	}
	if s.History, err = a.Registry.History(ctx, token); err != nil {
		return nil, err
	}
	c, err := nft.ParseCID(f.Core)
	if err != nil {
		return nil, fmt.Errorf("token %s points at %w", token, err)
	}
	data, err := a.Store.Get(ctx, c, nft.MaxManifestSize)
	if err != nil {
		return s, fmt.Errorf("token %s: manifest %s: %w", token, c, err)
	}
	if s.Manifest, err = nft.ParseManifest(data); err != nil {
		return s, fmt.Errorf("token %s: manifest %s: %w", token, c, err)
	}
	return s, nil
}

// Fetch resolves token → pointer → Manifest → Core, checking every link,
// and that the Brain archetype and Form are the ones the token was minted
// with.
func (a *Agents) Fetch(ctx context.Context, token *big.Int) (*nft.Fetched, error) {
	f, err := a.Registry.Fighter(ctx, token)
	if err != nil {
		return nil, err
	}
	c, err := nft.ParseCID(f.Core)
	if err != nil {
		return nil, fmt.Errorf("token %s points at %w", token, err)
	}
	a.remember(token, f.Core)
	got, err := nft.Fetch(ctx, a.Store, c)
	if err != nil {
		return nil, fmt.Errorf("token %s: %w", token, err)
	}
	code, err := archetypeCode(got.Core.Spec.Archetype)
	if err != nil || code != f.Archetype {
		return nil, fmt.Errorf("%w: token %s was minted as archetype %d, its Manifest holds %s", nft.ErrBadManifest, token, f.Archetype, got.Core.Spec.Archetype)
	}
	if got.Form.Codes() != f.Form {
		return nil, fmt.Errorf("%w: token %s was minted with Form %v, its Manifest holds %v", nft.ErrBadManifest, token, f.Form, got.Form.Codes())
	}
	return got, nil
}

// reason is an error's text as a pending save keeps it: printable, bounded.
func reason(err error) string {
	r := safetext.Escape(err.Error())
	if len(r) > 1000 {
		r = r[:1000] + "…"
	}
	return r
}

// TrainingAttributes are the ERC-721 attributes a save adds from the Core's
// last training: its held-out accuracy and the epochs it ran. None for a
// Core that was never trained.
func TrainingAttributes(core *brain.Core) []nft.Attribute {
	m := core.Memories.Lineage.Metrics
	if m == nil {
		return nil
	}
	return []nft.Attribute{
		{TraitType: "held-out accuracy", DisplayType: "boost_percentage", Value: nft.Number(float64(int(m.HoldoutAccuracy*1000)) / 10)},
		{TraitType: "epochs trained", DisplayType: "number", Value: nft.Number(float64(m.EpochsRun))},
	}
}
