package chain

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/nft/contracts"
	"github.com/dojo-arena/dojo/nft/contracts/testcontracts"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/core/types"
)

// Real CIDv1 strings (base32) for pointers.
const (
	testCID  = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
	testCID2 = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
	testCID3 = "bafybeigdwjhgawoexqe5nrh5kynidxvehpgy73muet3k7tifsm76ubisou"
)

// TestRegistry runs the contract's rules on every backend: the embedded
// chain always, a real geth --dev when DOJO_GETH_BIN is set.
func TestRegistry(t *testing.T) {
	t.Run("embedded", func(t *testing.T) {
		c, _ := embeddedChain(t)
		registrySuite(t, c)
	})
	t.Run("geth", func(t *testing.T) {
		registrySuite(t, gethChain(t))
	})
}

func registrySuite(t *testing.T, c *testChain) {
	ctx := ctxT(t)
	addr, _, err := Deploy(ctx, c.client, c.admin, c.admin.From, 0)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := NewRegistry(ctx, addr, c.client)
	if err != nil {
		t.Fatal(err)
	}
	player := c.newAccount(t)
	stranger := c.newAccount(t)
	form := [8]uint8{2, 1, 0, 5, 11, 3, 4, 3}

	id, rc, err := reg.Mint(ctx, c.admin, player.From, 1, form, testCID)
	if err != nil {
		t.Fatal(err)
	}
	if id.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("first token id %s", id)
	}
	t.Logf("%s: mint used %d gas", c.name, rc.GasUsed)
	if owner, err := reg.Owner(ctx, id); err != nil || owner != player.From {
		t.Fatalf("owner %s %v", owner.Hex(), err)
	}
	if uri, err := reg.TokenURI(ctx, id); err != nil || uri != "ipfs://"+testCID {
		t.Fatalf("tokenURI %q %v", uri, err)
	}
	ev, err := reg.Minted(ctx, id)
	if err != nil || ev.To != player.From || ev.Form != form || ev.Archetype != 1 || ev.Core != testCID {
		t.Fatalf("mint event %+v %v", ev, err)
	}
	dojo, err := contracts.NewDojoFighters(addr, c.client)
	if err != nil {
		t.Fatal(err)
	}
	for _, iface := range [][4]byte{{0x80, 0xac, 0x58, 0xcd}, {0x5b, 0x5e, 0x13, 0x9f}, {0x49, 0x06, 0x49, 0x06}, {0x01, 0xff, 0xc9, 0xa7}} {
		if ok, err := dojo.SupportsInterface(&bind.CallOpts{Context: ctx}, iface); err != nil || !ok {
			t.Errorf("supportsInterface(%x) = %v %v", iface, ok, err)
		}
	}
	if ok, _ := dojo.SupportsInterface(&bind.CallOpts{Context: ctx}, [4]byte{0xde, 0xad, 0xbe, 0xef}); ok {
		t.Error("supportsInterface(deadbeef) = true")
	}

	// The compare-and-swap.
	rc, err = reg.UpdateCore(ctx, player, id, testCID, testCID2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: updateCore used %d gas", c.name, rc.GasUsed)
	var sawMeta bool
	for _, l := range rc.Logs {
		if m, err := dojo.ParseMetadataUpdate(*l); err == nil && m.TokenId.Cmp(id) == 0 {
			sawMeta = true
		}
	}
	if !sawMeta {
		t.Error("updateCore emitted no ERC-4906 MetadataUpdate")
	}
	_, err = reg.UpdateCore(ctx, player, id, testCID, testCID3) // made on the old pointer
	if !errors.Is(err, ErrStaleCore) || !strings.Contains(err.Error(), testCID2) {
		t.Fatalf("stale save: %v", err)
	}
	if _, err := reg.UpdateCore(ctx, stranger, id, testCID2, testCID3); !errors.Is(err, ErrNotAuthorized) {
		t.Fatalf("stranger's save: %v", err)
	}
	if _, err := reg.UpdateCore(ctx, player, id, testCID2, "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"); !errors.Is(err, ErrInvalidCid) {
		t.Fatalf("CIDv0: %v", err)
	}
	if _, err := reg.UpdateCore(ctx, player, id, testCID2, ""); !errors.Is(err, ErrInvalidCid) {
		t.Fatalf("empty CID: %v", err)
	}
	if _, err := reg.UpdateCore(ctx, player, big.NewInt(99), testCID2, testCID3); !errors.Is(err, ErrNoToken) {
		t.Fatalf("missing token: %v", err)
	}
	// An approved operator may save; approval is the owner's to give.
	opts := *player
	opts.Context = ctx
	tx, err := dojo.Approve(&opts, stranger.From, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WaitMined(ctx, c.client, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	if ok, err := reg.CanUpdate(ctx, id, stranger.From); err != nil || !ok {
		t.Fatalf("CanUpdate(approved) = %v %v", ok, err)
	}
	if _, err := reg.UpdateCore(ctx, stranger, id, testCID2, testCID3); err != nil {
		t.Fatalf("approved operator's save: %v", err)
	}
	f, err := reg.Fighter(ctx, id)
	if err != nil || f.Core != testCID3 || f.Saves.Int64() != 2 || f.Form != form {
		t.Fatalf("fighter %+v %v", f, err)
	}
	hist, err := reg.History(ctx, id)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %+v %v", hist, err)
	}
	if hist[0].Previous != testCID || hist[0].Next != testCID2 || hist[0].By != player.From ||
		hist[1].Previous != testCID2 || hist[1].Next != testCID3 || hist[1].By != stranger.From || hist[1].Block <= hist[0].Block {
		t.Fatalf("history out of order or wrong: %+v", hist)
	}

	// Bounds on what a minter supplies (audit H-03, M-03).
	limits := [8]uint8{3, 3, 3, 6, 12, 12, 5, 4}
	for i := range limits {
		bad := [8]uint8{}
		bad[i] = limits[i]
		if _, _, err := reg.Mint(ctx, c.admin, player.From, 0, bad, testCID); !errors.Is(err, ErrBadTraits) {
			t.Errorf("trait %d = %d: %v", i, limits[i], err)
		}
	}
	if _, _, err := reg.Mint(ctx, c.admin, player.From, 2, form, testCID); !errors.Is(err, ErrBadTraits) {
		t.Errorf("archetype 2: %v", err)
	}
	if _, _, err := reg.Mint(ctx, c.admin, player.From, 0, form, "bafy"+strings.Repeat("a", 100)); !errors.Is(err, ErrInvalidCid) {
		t.Errorf("long CID: %v", err)
	}
	if got, _ := dojo.TraitLimits(&bind.CallOpts{Context: ctx}); got != limits {
		t.Errorf("traitLimits %v", got)
	}

	// The mint rule: the allow-list, kept by a revocable, transferable admin
	// (audit M-02).
	if _, _, err := reg.Mint(ctx, stranger, stranger.From, 0, form, testCID); !errors.Is(err, ErrNotCreator) {
		t.Fatalf("non-creator mint: %v", err)
	}
	role, _ := dojo.CREATORROLE(&bind.CallOpts{Context: ctx})
	must := func(rc *types.Receipt, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	do := waitTx(ctx, c.client)
	must(do(dojo.GrantRole(withCtx(ctx, c.admin), role, stranger.From)))
	if _, _, err := reg.Mint(ctx, stranger, stranger.From, 0, form, testCID); err != nil {
		t.Fatalf("granted creator's mint: %v", err)
	}
	must(do(dojo.RevokeRole(withCtx(ctx, c.admin), role, stranger.From)))
	if _, _, err := reg.Mint(ctx, stranger, stranger.From, 0, form, testCID); !errors.Is(err, ErrNotCreator) {
		t.Fatalf("revoked creator's mint: %v", err)
	}
	must(do(dojo.BeginDefaultAdminTransfer(withCtx(ctx, c.admin), stranger.From)))
	c.send(t, stranger.From, big.NewInt(1)) // a block later: the delay (0) has passed
	must(do(dojo.AcceptDefaultAdminTransfer(withCtx(ctx, stranger))))
	if a, err := dojo.DefaultAdmin(&bind.CallOpts{Context: ctx}); err != nil || a != stranger.From {
		t.Fatalf("admin after hand-over: %s %v", a.Hex(), err)
	}
	must(do(dojo.GrantRole(withCtx(ctx, stranger), role, stranger.From)))
	if _, err := do(dojo.GrantRole(withCtx(ctx, c.admin), role, c.admin.From)); err == nil {
		t.Fatal("the old admin still grants roles")
	}

	// Re-entrancy through the receiver hook during mint (audit H-08).
	attackerAddr, tx, attacker, err := testcontracts.DeployReentrantMinter(withCtx(ctx, c.admin), c.client, addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WaitMined(ctx, c.client, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	must(do(dojo.GrantRole(withCtx(ctx, stranger), role, attackerAddr)))
	before, _ := reg.TotalMinted(ctx)
	if _, err := do(attacker.Attack(withCtx(ctx, c.admin), testCID)); err != nil {
		t.Fatalf("attack: %v", err)
	}
	after, _ := reg.TotalMinted(ctx)
	bal, _ := dojo.BalanceOf(&bind.CallOpts{Context: ctx}, attackerAddr)
	failed, _ := attacker.ReentryFailed(&bind.CallOpts{Context: ctx})
	reentered, _ := attacker.Reentered(&bind.CallOpts{Context: ctx})
	if new(big.Int).Sub(after, before).Int64() != 1 || bal.Int64() != 1 || !failed || reentered.Sign() != 0 {
		t.Fatalf("re-entrant mint: minted %s→%s, attacker holds %s, reentry failed %v, reentered %s", before, after, bal, failed, reentered)
	}

	// Ids and counters are uint256 (audit H-06 and the uint32 counter).
	abi := fightersABI
	for _, m := range []struct{ method, arg string }{{"mint", ""}, {"updateCore", "tokenId"}, {"fighterOf", "tokenId"}} {
		for _, in := range abi.Methods[m.method].Inputs {
			if in.Name == m.arg && in.Type.String() != "uint256" {
				t.Errorf("%s(%s) is %s", m.method, in.Name, in.Type)
			}
		}
	}
	if out := abi.Methods["mint"].Outputs; len(out) != 1 || out[0].Type.String() != "uint256" {
		t.Errorf("mint returns %v", out)
	}
	if out := abi.Methods["fighterOf"].Outputs; out[2].Name != "saves" || out[2].Type.String() != "uint256" {
		t.Errorf("saves is %v", out[2].Type)
	}
	// No function walks a token's history on-chain: it is in the events.
	for name, m := range abi.Methods {
		for _, o := range m.Outputs {
			if o.Type.String() == "string[]" {
				t.Errorf("%s returns a list of cores", name)
			}
		}
	}
}

func withCtx(ctx context.Context, o *bind.TransactOpts) *bind.TransactOpts {
	c := *o
	c.Context = ctx
	return &c
}

// waitTx waits for a transaction sent through the raw bindings.
func waitTx(ctx context.Context, b Backend) func(*types.Transaction, error) (*types.Receipt, error) {
	return func(tx *types.Transaction, err error) (*types.Receipt, error) {
		if err != nil {
			return nil, decodeRevert(err)
		}
		rc, err := WaitMined(ctx, b, tx.Hash())
		if err != nil {
			return nil, err
		}
		if rc.Status != types.ReceiptStatusSuccessful {
			return rc, errors.New("transaction failed")
		}
		return rc, nil
	}
}
