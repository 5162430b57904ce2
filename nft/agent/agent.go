// Package agent is what players and creators do with fighters as NFT
// agents: mint one, save its training (Memories → IPFS → Manifest → the
// token's pointer), retry saves the chain did not take, show a fighter and
// fetch its Core. It joins the three parts the nft packages keep apart: the
// store (nft.Store), the chain (chain.Registry) and the data directory's
// pending saves. cmd/dojo and the arena are its users.
package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
)

// ErrPending marks a save that reached IPFS but not the chain: it is kept in
// the pending directory and retried by the next save or by Sync.
var ErrPending = errors.New("save kept as pending: the chain did not take it")

// ErrBrainChanged marks a save whose Core has another Brain than the token:
// the Brain is fixed at mint.
var ErrBrainChanged = errors.New("the Core's Brain is not the token's")

// Agents acts on the fighters of one registry.
type Agents struct {
	Store    nft.Store
	Registry *chain.Registry
	// Auth signs transactions; nil for read-only use.
	Auth    *bind.TransactOpts
	ChainID *big.Int
	// PendingDir keeps saves the chain did not take.
	PendingDir string
}

// archetypeCode is the contract's code of an archetype: its index in
// brain.Archetypes().
func archetypeCode(name string) (uint8, error) {
	for i, a := range brain.Archetypes() {
		if a == name {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("unknown archetype %q (known: %v)", name, brain.Archetypes())
}

// MintRequest is a new fighter.
type MintRequest struct {
	Name, Description string
	Archetype         string
	Form              assets.Form
	// Seed draws the Brain's initial parameters.
	Seed uint64
	// To receives the token (zero: the signer).
	To common.Address
}

// Minted is a minted fighter.
type Minted struct {
	Token     *big.Int
	Owner     common.Address
	Published *nft.Published
	Tx        common.Hash
	Block     uint64
	GasUsed   uint64
}

// Mint draws a Core for the archetype from the seed, stores it with its
// Form and portrait on IPFS, and mints the token pointing at its Manifest.
func (a *Agents) Mint(ctx context.Context, req MintRequest) (*Minted, error) {
	code, err := archetypeCode(req.Archetype)
	if err != nil {
		return nil, err
	}
	spec, err := brain.NewSpec(req.Archetype)
	if err != nil {
		return nil, err
	}
	core, err := brain.NewCore(spec, req.Seed)
	if err != nil {
		return nil, err
	}
	pub, err := nft.Publish(ctx, a.Store, nft.PublishInput{Name: req.Name, Description: req.Description, Core: core, Form: req.Form})
	if err != nil {
		return nil, err
	}
	to := req.To
	if to == (common.Address{}) && a.Auth != nil {
		to = a.Auth.From
	}
	id, rc, err := a.Registry.Mint(ctx, a.Auth, to, code, req.Form.Codes(), pub.ManifestCID.String())
	if err != nil {
		return nil, fmt.Errorf("mint %q: %w (its Core is stored on IPFS as %s)", req.Name, err, pub.ManifestCID)
	}
	return &Minted{Token: id, Owner: to, Published: pub, Tx: rc.TxHash, Block: rc.BlockNumber.Uint64(), GasUsed: rc.GasUsed}, nil
}
