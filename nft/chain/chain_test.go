package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// testChain is one backend under test: a client, a funded admin key (the
// contract's deployer) and a way to fund more accounts.
type testChain struct {
	name    string
	client  Backend
	chainID *big.Int
	admin   *bind.TransactOpts
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// embeddedChain opens an embedded chain in a temporary data directory.
func embeddedChain(t *testing.T) (*testChain, *Embedded) {
	t.Helper()
	e, err := OpenEmbedded(ctxT(t), t.TempDir(), EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	_, auth := e.DevKey()
	return &testChain{name: "embedded", client: e.Client(), chainID: big.NewInt(DevChainID), admin: auth}, e
}

// gethChain starts a real `geth --dev` with scripts/geth.sh when
// DOJO_GETH_BIN is set, and stops it by PID at the end of the test.
func gethChain(t *testing.T) *testChain {
	t.Helper()
	bin := os.Getenv("DOJO_GETH_BIN")
	if bin == "" {
		t.Skip("DOJO_GETH_BIN not set: the real geth suite runs under make test (scripts/geth.sh build)")
	}
	dir := t.TempDir()
	script, _ := filepath.Abs("../../scripts/geth.sh")
	out, err := exec.Command("bash", script, "start", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("start geth: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("bash", script, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("stop geth: %v\n%s", err, out)
		}
	})
	url, err := os.ReadFile(filepath.Join(dir, "rpc.url"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	client, id, err := Dial(ctx, strings.TrimSpace(string(url)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	key, err := FindKey(filepath.Join(dir, "keystore"), "")
	if err != nil {
		t.Fatal(err)
	}
	auth, err := key.Signer([]byte(gethDevPassphrase), id)
	if err != nil {
		t.Fatal(err)
	}
	return &testChain{name: "geth", client: client, chainID: id, admin: auth}
}

// gethDevPassphrase is the passphrase scripts/geth.sh gives the dev key it
// imports into the keystore.
const gethDevPassphrase = "dojo-dev"

// newAccount makes a key and funds it with 1 ether from the admin.
func (c *testChain) newAccount(t *testing.T) *bind.TransactOpts {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	auth, err := bind.NewKeyedTransactorWithChainID(k, c.chainID)
	if err != nil {
		t.Fatal(err)
	}
	c.send(t, auth.From, big.NewInt(1e18))
	return auth
}

func (c *testChain) send(t *testing.T, to common.Address, value *big.Int) {
	t.Helper()
	ctx := ctxT(t)
	nonce, err := c.client.PendingNonceAt(ctx, c.admin.From)
	if err != nil {
		t.Fatal(err)
	}
	tip, err := c.client.SuggestGasTipCap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	head, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	fee := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: c.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: fee, Gas: 21000, To: &to, Value: value})
	signed, err := c.admin.Signer(c.admin.From, tx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.client.SendTransaction(ctx, signed); err != nil {
		t.Fatal(err)
	}
	if rc, err := WaitMined(ctx, c.client, signed.Hash()); err != nil || rc.Status != 1 {
		t.Fatalf("transfer: %v %v", rc, err)
	}
}

func TestEmbeddedPersists(t *testing.T) {
	dir := t.TempDir()
	ctx := ctxT(t)
	e, err := OpenEmbedded(ctx, dir, EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	info := e.Info()
	if info.ChainID != DevChainID || info.Contract == (common.Address{}) {
		t.Fatalf("info %+v", info)
	}
	// A second process (or a second open here) must not get the datadir.
	if _, err := OpenEmbedded(ctx, dir, EmbeddedOptions{}); !errors.Is(err, ErrDataDirLocked) {
		t.Fatalf("second open: %v", err)
	}
	reg, err := NewRegistry(ctx, info.Contract, e.Client())
	if err != nil {
		t.Fatal(err)
	}
	_, auth := e.DevKey()
	id, rc, err := reg.Mint(ctx, auth, auth.From, 1, [8]uint8{2, 2, 2, 5, 11, 11, 4, 3}, testCID)
	if err != nil {
		t.Fatal(err)
	}
	block := rc.BlockNumber.Uint64()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e2, err := OpenEmbedded(ctx, dir, EmbeddedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if e2.Info() != info {
		t.Fatalf("chain.json changed: %+v vs %+v", e2.Info(), info)
	}
	reg2, err := NewRegistry(ctx, info.Contract, e2.Client())
	if err != nil {
		t.Fatal(err)
	}
	f, err := reg2.Fighter(ctx, id)
	if err != nil || f.Core != testCID || f.Archetype != 1 {
		t.Fatalf("after restart: %+v %v", f, err)
	}
	_, auth2 := e2.DevKey()
	_, rc2, err := reg2.Mint(ctx, auth2, auth2.From, 0, [8]uint8{}, testCID)
	if err != nil {
		t.Fatal(err)
	}
	if rc2.BlockNumber.Uint64() != block+1 {
		t.Fatalf("next block after restart is %d, want %d", rc2.BlockNumber, block+1)
	}
}

func TestDialDown(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, _, err := Dial(ctx, "http://127.0.0.1:1"); err == nil {
		t.Fatal("a closed port answered")
	}
}

func TestSignerWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	priv, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	writeKey(t, dir, priv, "right horse battery")
	k, err := FindKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = k.Signer([]byte("wrong staple"), big.NewInt(1))
	if !errors.Is(err, ErrBadPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	msg := err.Error()
	keyHex := common.Bytes2Hex(crypto.FromECDSA(priv))
	for _, secret := range []string{"wrong staple", "right horse battery", keyHex, keyHex[:16]} {
		if strings.Contains(strings.ToLower(msg), strings.ToLower(secret)) {
			t.Fatalf("error leaks %q: %s", secret, msg)
		}
	}
	if _, err := k.Signer([]byte("right horse battery"), big.NewInt(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := FindKey(t.TempDir(), ""); !errors.Is(err, ErrNoKey) {
		t.Fatalf("empty keystore: %v", err)
	}
	priv2, _ := crypto.GenerateKey()
	writeKey(t, dir, priv2, "x")
	if _, err := FindKey(dir, ""); err == nil || !strings.Contains(err.Error(), "--account") {
		t.Fatalf("two accounts without --account: %v", err)
	}
	if k2, err := FindKey(dir, crypto.PubkeyToAddress(priv2.PublicKey).Hex()); err != nil || k2.Address != crypto.PubkeyToAddress(priv2.PublicKey) {
		t.Fatalf("--account: %v", err)
	}
}

func TestPassphraseSources(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte("from-file\r\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == PasswordEnv {
				return v
			}
			return ""
		}
	}
	prompt := func() ([]byte, error) { return []byte("typed"), nil }
	for _, c := range []struct {
		file, env, want string
	}{{file, "from-env", "from-file"}, {"", "from-env", "from-env"}, {"", "", "typed"}} {
		got, err := Passphrase(c.file, env(c.env), prompt)
		if err != nil || string(got) != c.want {
			t.Errorf("Passphrase(%q, %q) = %q, %v; want %q", c.file, c.env, got, err, c.want)
		}
	}
	if _, err := Passphrase("", env(""), nil); err == nil {
		t.Error("no source gave a passphrase")
	}
}

func writeKey(t *testing.T, dir string, priv *ecdsa.PrivateKey, pass string) {
	t.Helper()
	ks := filepath.Join(dir)
	if err := os.MkdirAll(ks, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := importKey(ks, priv, pass); err != nil {
		t.Fatal(err)
	}
}

func importKey(dir string, priv *ecdsa.PrivateKey, pass string) (common.Address, error) {
	a, err := keystore.NewKeyStore(dir, keystore.LightScryptN, keystore.LightScryptP).ImportECDSA(priv, pass)
	return a.Address, err
}
