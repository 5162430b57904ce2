package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/dojo-arena/dojo/nft/contracts"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Backend is what the Registry needs of a chain: calls, transactions, logs
// and receipts. An *ethclient.Client is one, whether it talks to the
// embedded chain or to any JSON-RPC endpoint.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// DefaultAdminDelay is the delay of a hand-over of the contract's admin
// role on a real chain: the new admin accepts it only after this long.
const DefaultAdminDelay = 2 * 24 * 60 * 60

// Deploy deploys DojoFighters with admin as its first admin and creator,
// and waits for it to be mined.
func Deploy(ctx context.Context, b Backend, auth *bind.TransactOpts, admin common.Address, adminDelay uint64) (common.Address, *types.Transaction, error) {
	opts := *auth
	opts.Context = ctx
	addr, tx, _, err := contracts.DeployDojoFighters(&opts, b, admin, new(big.Int).SetUint64(adminDelay))
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("deploy DojoFighters: %w", decodeRevert(err))
	}
	if _, err := WaitMined(ctx, b, tx.Hash()); err != nil {
		return common.Address{}, tx, fmt.Errorf("deploy DojoFighters (tx %s): %w", tx.Hash().Hex(), err)
	}
	return addr, tx, nil
}

// Registry is the DojoFighters contract at one address.
type Registry struct {
	addr    common.Address
	backend Backend
	c       *contracts.DojoFighters
}

// NewRegistry binds the contract at addr. It checks that code is deployed
// there, so a wrong --contract fails at once and plainly.
func NewRegistry(ctx context.Context, addr common.Address, b Backend) (*Registry, error) {
	code, err := b.CodeAt(ctx, addr, nil)
	if err != nil {
		return nil, fmt.Errorf("read contract %s: %w", addr.Hex(), err)
	}
	if len(code) == 0 {
		return nil, fmt.Errorf("no contract at %s on this chain", addr.Hex())
	}
	c, err := contracts.NewDojoFighters(addr, b)
	if err != nil {
		return nil, err
	}
	r := &Registry{addr: addr, backend: b, c: c}
	ok, err := c.SupportsInterface(&bind.CallOpts{Context: ctx}, [4]byte{0x49, 0x06, 0x49, 0x06})
	if err != nil || !ok {
		return nil, fmt.Errorf("contract %s is not a DojoFighters registry", addr.Hex())
	}
	return r, nil
}

// Address is the contract's address.
func (r *Registry) Address() common.Address { return r.addr }

// Fighter is what the contract stores of a token.
type Fighter struct {
	Archetype uint8
	Form      [8]uint8
	Saves     *big.Int
	Core      string
}

// Mint mints a fighter to `to` whose first Manifest is core, and returns its
// token id from the FighterMinted event.
func (r *Registry) Mint(ctx context.Context, auth *bind.TransactOpts, to common.Address, archetype uint8, form [8]uint8, core string) (*big.Int, *types.Receipt, error) {
	rc, err := r.transact(ctx, auth, "mint", func(o *bind.TransactOpts) (*types.Transaction, error) {
		return r.c.Mint(o, to, archetype, form, core)
	})
	if err != nil {
		return nil, rc, err
	}
	for _, l := range rc.Logs {
		if ev, err := r.c.ParseFighterMinted(*l); err == nil && l.Address == r.addr {
			return ev.TokenId, rc, nil
		}
	}
	return nil, rc, fmt.Errorf("mint: tx %s emitted no FighterMinted event", rc.TxHash.Hex())
}

// UpdateCore moves the token's pointer from expected to next. It fails with
// ErrNotAuthorized unless auth is the owner or an approved operator, and
// with ErrStaleCore if the pointer is no longer expected.
func (r *Registry) UpdateCore(ctx context.Context, auth *bind.TransactOpts, token *big.Int, expected, next string) (*types.Receipt, error) {
	return r.transact(ctx, auth, "updateCore", func(o *bind.TransactOpts) (*types.Transaction, error) {
		return r.c.UpdateCore(o, token, expected, next)
	})
}

// transact sends one transaction (gas estimated first, so a revert is
// reported with its reason before anything is signed and sent) and waits
// for its receipt; a failed receipt is an error.
func (r *Registry) transact(ctx context.Context, auth *bind.TransactOpts, what string, send func(*bind.TransactOpts) (*types.Transaction, error)) (*types.Receipt, error) {
	if auth == nil {
		return nil, fmt.Errorf("%s: no key to sign with", what)
	}
	opts := *auth
	opts.Context = ctx
	tx, err := send(&opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, decodeRevert(err))
	}
	rc, err := WaitMined(ctx, r.backend, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: waiting for tx %s: %w", what, tx.Hash().Hex(), err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return rc, fmt.Errorf("%s: tx %s failed in block %d", what, tx.Hash().Hex(), rc.BlockNumber)
	}
	return rc, nil
}

func (r *Registry) call(ctx context.Context) *bind.CallOpts { return &bind.CallOpts{Context: ctx} }

// Core returns the CID of the token's current Manifest.
func (r *Registry) Core(ctx context.Context, token *big.Int) (string, error) {
	s, err := r.c.CoreOf(r.call(ctx), token)
	if err != nil {
		return "", fmt.Errorf("coreOf(%s): %w", token, decodeRevert(err))
	}
	return s, nil
}

// Owner returns the token's owner.
func (r *Registry) Owner(ctx context.Context, token *big.Int) (common.Address, error) {
	a, err := r.c.OwnerOf(r.call(ctx), token)
	if err != nil {
		return common.Address{}, fmt.Errorf("ownerOf(%s): %w", token, decodeRevert(err))
	}
	return a, nil
}

// CanUpdate reports whether who may move the token's pointer: its owner,
// an operator approved for all the owner's tokens, or the token's approved
// address.
func (r *Registry) CanUpdate(ctx context.Context, token *big.Int, who common.Address) (bool, error) {
	owner, err := r.Owner(ctx, token)
	if err != nil {
		return false, err
	}
	if owner == who {
		return true, nil
	}
	all, err := r.c.IsApprovedForAll(r.call(ctx), owner, who)
	if err != nil {
		return false, err
	}
	if all {
		return true, nil
	}
	one, err := r.c.GetApproved(r.call(ctx), token)
	if err != nil {
		return false, err
	}
	return one == who, nil
}

// Fighter returns what the contract stores of the token.
func (r *Registry) Fighter(ctx context.Context, token *big.Int) (Fighter, error) {
	f, err := r.c.FighterOf(r.call(ctx), token)
	if err != nil {
		return Fighter{}, fmt.Errorf("fighterOf(%s): %w", token, decodeRevert(err))
	}
	return Fighter{Archetype: f.Archetype, Form: f.Form, Saves: f.Saves, Core: f.Core}, nil
}

// TokenURI returns the token's ERC-721 metadata URI.
func (r *Registry) TokenURI(ctx context.Context, token *big.Int) (string, error) {
	s, err := r.c.TokenURI(r.call(ctx), token)
	if err != nil {
		return "", fmt.Errorf("tokenURI(%s): %w", token, decodeRevert(err))
	}
	return s, nil
}

// TotalMinted returns how many fighters were minted.
func (r *Registry) TotalMinted(ctx context.Context) (*big.Int, error) {
	return r.c.TotalMinted(r.call(ctx))
}

// Event is where an event was emitted.
type Event struct {
	Block uint64
	Tx    common.Hash
}

// Minted is a FighterMinted event.
type Minted struct {
	Event
	To        common.Address
	Archetype uint8
	Form      [8]uint8
	Core      string
}

// CoreUpdate is a CoreUpdated event: one move of the pointer.
type CoreUpdate struct {
	Event
	Previous, Next string
	By             common.Address
}

// Minted returns the token's FighterMinted event.
func (r *Registry) Minted(ctx context.Context, token *big.Int) (*Minted, error) {
	it, err := r.c.FilterFighterMinted(&bind.FilterOpts{Context: ctx}, []*big.Int{token}, nil)
	if err != nil {
		return nil, fmt.Errorf("mint event of %s: %w", token, err)
	}
	defer it.Close()
	for it.Next() {
		e := it.Event
		return &Minted{Event: Event{e.Raw.BlockNumber, e.Raw.TxHash}, To: e.To, Archetype: e.Archetype, Form: e.Form, Core: e.Core}, nil
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("no mint event for token %s", token)
}

// History returns every move of the token's pointer, oldest first, from the
// CoreUpdated events: the contract keeps no history in storage.
func (r *Registry) History(ctx context.Context, token *big.Int) ([]CoreUpdate, error) {
	it, err := r.c.FilterCoreUpdated(&bind.FilterOpts{Context: ctx}, []*big.Int{token}, nil)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", token, err)
	}
	defer it.Close()
	var out []CoreUpdate
	for it.Next() {
		e := it.Event
		out = append(out, CoreUpdate{Event: Event{e.Raw.BlockNumber, e.Raw.TxHash}, Previous: e.PreviousCore, Next: e.NewCore, By: e.By})
	}
	return out, it.Error()
}

// WaitMined waits for the receipt of a transaction, then for the chain's
// head to reach its block, so that what is read next sees its effects (the
// embedded chain serves a receipt a moment before it moves its head). It
// polls quickly at first (a dev chain mines within milliseconds) and backs
// off to once a second (a real chain takes seconds): go-ethereum's
// bind.WaitMined polls once a second from the start, which made every save
// on the embedded chain wait a second for nothing.
func WaitMined(ctx context.Context, b Backend, hash common.Hash) (*types.Receipt, error) {
	wait := 5 * time.Millisecond
	pause := func() error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
		return nil
	}
	var rc *types.Receipt
	for {
		var err error
		rc, err = b.TransactionReceipt(ctx, hash)
		if err == nil {
			break
		}
		// A node still indexing transactions answers with this message
		// until it has caught up; it means "not yet", as NotFound does.
		if !errors.Is(err, ethereum.NotFound) && err.Error() != "transaction indexing is in progress" {
			return nil, err
		}
		if err := pause(); err != nil {
			return nil, err
		}
	}
	wait = 5 * time.Millisecond
	for {
		head, err := b.HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, err
		}
		if head.Number.Cmp(rc.BlockNumber) >= 0 {
			return rc, nil
		}
		if err := pause(); err != nil {
			return nil, err
		}
	}
}

// Make sure both real backends fit.
var _ ethereum.LogFilterer = Backend(nil)
