package chain

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/rpc"
)

// ErrDataDirLocked marks an embedded chain whose datadir another process has
// open.
var ErrDataDirLocked = errors.New("chain data directory in use by another process")

// DevChainID is the chain id of the embedded dev chain (geth --dev's).
const DevChainID = 1337

// devGasLimit is the embedded chain's block gas limit.
const devGasLimit = 30_000_000

// EmbeddedOptions configure the embedded chain.
type EmbeddedOptions struct {
	// HTTPAddr, if set (e.g. 127.0.0.1:8545), serves the chain's JSON-RPC
	// (eth, net, web3) there so wallets and other processes can reach it.
	HTTPAddr string
}

// Embedded is an in-process go-ethereum dev chain kept in a data directory:
// its state survives restarts, each transaction is mined as it arrives,
// its dev key is a keystore file beside it, and the DojoFighters contract is
// deployed on its first start.
type Embedded struct {
	stack  *node.Node
	client *ethclient.Client
	info   ChainInfo
	key    Key
	pass   []byte

	authOnce sync.Once
	auth     *bind.TransactOpts
	authErr  error
}

// ChainInfo is what chain.json records of the embedded chain.
type ChainInfo struct {
	ChainID    uint64         `json:"chain_id"`
	Contract   common.Address `json:"contract"`
	DeployTx   common.Hash    `json:"deploy_tx"`
	DevAccount common.Address `json:"dev_account"`
}

// Paths under the data directory.
func chainDir(dir string) string    { return filepath.Join(dir, "chain") }
func keystoreDir(dir string) string { return filepath.Join(dir, "keystore") }
func devPassword(dir string) string { return filepath.Join(dir, "dev.password") }
func chainJSON(dir string) string   { return filepath.Join(dir, "chain.json") }

// OpenEmbedded starts the embedded chain of the data directory dir, creating
// it (dev key, genesis, contract) on first use.
func OpenEmbedded(ctx context.Context, dir string, opts EmbeddedOptions) (*Embedded, error) {
	// chain.json is read once: it names the dev account and the contract.
	info, infoErr := ReadInfo(dir)
	if infoErr != nil && !errors.Is(infoErr, os.ErrNotExist) {
		return nil, infoErr
	}
	key, pass, err := devKey(dir, infoErr == nil, info)
	if err != nil {
		return nil, err
	}
	cfg := &node.Config{
		Name:    "dojo",
		DataDir: chainDir(dir),
		P2P:     p2p.Config{NoDiscovery: true, MaxPeers: 0, ListenAddr: ""},
		Logger:  log.NewLogger(log.DiscardHandler()),
	}
	if opts.HTTPAddr != "" {
		host, port, err := net.SplitHostPort(opts.HTTPAddr)
		if err != nil {
			return nil, fmt.Errorf("JSON-RPC address %q: %w", opts.HTTPAddr, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			return nil, fmt.Errorf("JSON-RPC port %q: %w", port, err)
		}
		cfg.HTTPHost, cfg.HTTPPort = host, p
		cfg.HTTPModules = []string{"eth", "net", "web3"}
		cfg.HTTPVirtualHosts = []string{"localhost"}
	}
	stack, err := node.New(cfg)
	if err != nil {
		if errors.Is(err, node.ErrDatadirUsed) {
			return nil, fmt.Errorf("%w: %s", ErrDataDirLocked, cfg.DataDir)
		}
		return nil, fmt.Errorf("embedded chain: %w", err)
	}
	ecfg := ethconfig.Defaults
	ecfg.Genesis = core.DeveloperGenesisBlock(devGasLimit, &key.Address)
	ecfg.NetworkId = DevChainID
	ecfg.SyncMode = ethconfig.FullSync
	// Archive mode on the hash scheme writes every block's state to disk
	// as it is made: a crash loses no mined transaction.
	ecfg.StateScheme = rawdb.HashScheme
	ecfg.NoPruning = true
	// No log index: loading its head snapshot was half of every start
	// (0.2 s), and a player's chain is small enough for eth_getLogs to
	// scan its blocks.
	ecfg.LogNoHistory = true
	backend, err := eth.New(stack, &ecfg)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("embedded chain: %w", err)
	}
	fsys := filters.NewFilterSystem(backend.APIBackend, filters.Config{
		LogCacheSize:  ecfg.FilterLogCacheSize,
		LogQueryLimit: ecfg.LogQueryLimit,
		RangeLimit:    ecfg.RangeLimit,
	})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fsys)}})
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("embedded chain: %w", err)
	}
	// With period 0 the beacon seals a block only when asked; the API
	// registered here asks as each transaction arrives.
	catalyst.RegisterSimulatedBeaconAPIs(stack, beacon)
	stack.RegisterLifecycle(beacon)
	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, fmt.Errorf("start embedded chain: %w", err)
	}
	e := &Embedded{stack: stack, client: ethclient.NewClient(stack.Attach()), key: key, pass: pass}
	if err := e.ensureContract(ctx, dir, infoErr == nil, info); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// devKey returns the dev key, creating it with a random passphrase (kept in
// dev.password, 0600) on first use. known says whether chain.json (info)
// exists, naming the dev account.
func devKey(dir string, known bool, info ChainInfo) (Key, []byte, error) {
	if err := os.MkdirAll(keystoreDir(dir), 0o700); err != nil {
		return Key{}, nil, err
	}
	if _, err := os.Stat(devPassword(dir)); errors.Is(err, os.ErrNotExist) {
		buf := make([]byte, 24)
		if _, err := rand.Read(buf); err != nil {
			return Key{}, nil, err
		}
		pass := []byte(hex.EncodeToString(buf))
		if err := atomicfile.WriteNew(devPassword(dir), pass); err != nil {
			return Key{}, nil, fmt.Errorf("dev key passphrase: %w", err)
		}
		if err := os.Chmod(devPassword(dir), 0o600); err != nil {
			return Key{}, nil, err
		}
		// Light scrypt: this key guards play money on a local chain.
		if _, err := keystore.StoreKey(keystoreDir(dir), string(pass), keystore.LightScryptN, keystore.LightScryptP); err != nil {
			return Key{}, nil, fmt.Errorf("create dev key: %w", err)
		}
	}
	account := ""
	if known {
		account = info.DevAccount.Hex()
	}
	return loadDevKey(dir, account)
}

// loadDevKey finds the dev key of account (the only key if empty) in the
// data directory's keystore, and reads its passphrase.
func loadDevKey(dir, account string) (Key, []byte, error) {
	pass, err := boundedfile.Read(devPassword(dir), 1024)
	if err != nil {
		return Key{}, nil, fmt.Errorf("dev key passphrase: %w", err)
	}
	k, err := FindKey(keystoreDir(dir), account)
	if err != nil {
		return Key{}, nil, fmt.Errorf("dev key: %w", err)
	}
	return k, pass, nil
}

// DevSigner signs with the dev key of the data directory dir, whose
// embedded chain (chain.json) names it: for a process that attaches to the
// chain another process serves, or opened it itself.
func DevSigner(dir string, chainID *big.Int) (*Signer, error) {
	info, err := ReadInfo(dir)
	if err != nil {
		return nil, fmt.Errorf("the dev key: %w", err)
	}
	k, pass, err := loadDevKey(dir, info.DevAccount.Hex())
	if err != nil {
		return nil, err
	}
	return k.Signer(pass, chainID)
}

// ensureContract deploys the contract on the first start and checks, on
// later ones, that chain.json still names deployed code.
func (e *Embedded) ensureContract(ctx context.Context, dir string, known bool, info ChainInfo) error {
	if known {
		code, err := e.client.CodeAt(ctx, info.Contract, nil)
		if err != nil {
			return fmt.Errorf("embedded chain: %w", err)
		}
		if len(code) == 0 {
			return fmt.Errorf("embedded chain: chain.json names contract %s but the chain has no code there (was %s removed?)", info.Contract.Hex(), chainDir(dir))
		}
		e.info = info
		return nil
	}
	// On a dev chain the admin hand-over needs no delay.
	_, auth := e.DevKey()
	if auth == nil {
		return fmt.Errorf("embedded chain: %w", e.authErr)
	}
	addr, tx, err := Deploy(ctx, e.client, auth, e.key.Address, 0)
	if err != nil {
		return fmt.Errorf("embedded chain: %w", err)
	}
	e.info = ChainInfo{ChainID: DevChainID, Contract: addr, DeployTx: tx.Hash(), DevAccount: e.key.Address}
	data, err := json.MarshalIndent(e.info, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(chainJSON(dir), append(data, '\n'))
}

// ReadInfo reads and validates the chain.json of the data directory dir:
// the embedded chain's id, contract and dev account.
func ReadInfo(dir string) (ChainInfo, error) {
	data, err := boundedfile.Read(chainJSON(dir), 4096)
	if err != nil {
		return ChainInfo{}, err
	}
	var info ChainInfo
	if err := strictjson.Unmarshal(data, &info); err != nil {
		return ChainInfo{}, fmt.Errorf("%s: %w", chainJSON(dir), err)
	}
	if info.ChainID != DevChainID || info.Contract == (common.Address{}) || info.DeployTx == (common.Hash{}) || info.DevAccount == (common.Address{}) {
		return ChainInfo{}, fmt.Errorf("%s: not a Dojo embedded chain record", chainJSON(dir))
	}
	return info, nil
}

// Client is a JSON-RPC client of the chain, in process.
func (e *Embedded) Client() *ethclient.Client { return e.client }

// Info returns the chain id, contract and dev account.
func (e *Embedded) Info() ChainInfo { return e.info }

// DevKey returns the dev key (its keystore file) and a signer for it, nil
// if the key does not decrypt. It is decrypted on first use: scrypt costs
// 75 ms that a command which only reads need not pay.
func (e *Embedded) DevKey() (Key, *bind.TransactOpts) {
	e.authOnce.Do(func() {
		e.auth, e.authErr = e.key.Signer(e.pass, big.NewInt(DevChainID))
	})
	return e.key, e.auth
}

// HTTPEndpoint is the JSON-RPC URL served, or "" if none.
func (e *Embedded) HTTPEndpoint() string { return e.stack.HTTPEndpoint() }

// Close stops the chain; its state stays in the data directory.
func (e *Embedded) Close() error {
	if e.client != nil {
		e.client.Close()
	}
	done := make(chan error, 1)
	go func() { done <- e.stack.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		return errors.New("embedded chain did not stop within 30 s")
	}
}
