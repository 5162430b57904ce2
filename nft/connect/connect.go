// Package connect opens what a Dojo program needs to reach fighters: the
// chain (the data directory's embedded dev chain, a `dojo node` that serves
// that directory, or any JSON-RPC endpoint), the IPFS store (the embedded
// node, the node's API, or a Kubo daemon) and the key to sign with, as one
// agent.Agents. The headless CLI and the desktop arena open them the same way.
package connect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"

	"github.com/dojo-arena/dojo/internal/datadir"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/agent"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/dojo-arena/dojo/nft/ipfs"
	"github.com/spf13/pflag"
)

// ErrNeedKeystore is returned when a signer is needed on a --rpc chain and no
// keystore was given: the dev key belongs to the embedded chain only.
var ErrNeedKeystore = errors.New("--rpc needs --keystore DIR to sign with")

// Options say where the fighters are. The zero value opens the embedded
// chain and IPFS node of the default data directory.
type Options struct {
	// DataDir is the data directory (empty: $DOJO_HOME, else the default).
	DataDir string
	// RPC and Contract name a chain other than the embedded one.
	RPC, Contract string
	// Keystore, Account and Password say which key signs (empty Keystore:
	// the data directory's dev key).
	Keystore, Account, Password string
	// Prompt asks for the keystore passphrase when neither Password nor
	// $DOJO_PASSWORD gives it; nil refuses.
	Prompt func(address string) ([]byte, error)
	// IPFSAPI names a Kubo daemon's RPC API instead of the embedded node.
	IPFSAPI string
	// IPFSOnline connects the embedded IPFS node to the network.
	IPFSOnline bool
	// Command names the program for whoever finds the directory in use.
	Command string
	// NeedKey loads the signer.
	NeedKey bool
	// OfflineOK accepts a --rpc chain that does not answer (dojo save):
	// the chain id comes from what the data directory last saw, and saves
	// are kept pending.
	OfflineOK bool
	// Stderr receives notes for the user (a chain that does not answer).
	Stderr io.Writer
}

// Env is an open connection to the fighters.
type Env struct {
	Agents *agent.Agents
	// Mode is "embedded", "attached" (to a dojo node) or "rpc".
	Mode    string
	Dir     datadir.Dir
	RPCURL  string
	Offline bool
	closers []func()
}

// Close closes everything Open opened, in reverse order.
func (e *Env) Close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
	e.closers = nil
}

// Open opens what o names.
func Open(ctx context.Context, o Options) (env *Env, err error) {
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	dir, err := datadir.Resolve(o.DataDir, os.Getenv)
	if err != nil {
		return nil, err
	}
	env = &Env{Dir: dir, Mode: "rpc"}
	opened := env // env is nil when an error is returned
	defer func() {
		if err != nil {
			opened.Close()
		}
	}()

	// The data directory is needed unless both chain and IPFS are remote.
	var holder *datadir.Holder
	var owned bool
	if o.RPC == "" || o.IPFSAPI == "" {
		if err := dir.Ensure(); err != nil {
			return nil, err
		}
		lock, err := dir.Acquire(datadir.Holder{Command: o.Command})
		var inUse *datadir.InUseError
		switch {
		case errors.As(err, &inUse) && inUse.Holder.Serves():
			holder = &inUse.Holder
			env.Mode = "attached"
		case err != nil:
			return nil, err
		default:
			owned = true
			env.Mode = "embedded"
			env.closers = append(env.closers, func() { lock.Release() })
		}
	}
	if o.RPC != "" {
		env.Mode = "rpc"
	}

	var backend chain.Backend
	var chainID *big.Int
	var contract chain.Address
	var auth *chain.Signer
	switch {
	case o.RPC != "":
		client, id, err := chain.Dial(ctx, o.RPC)
		if err != nil && o.OfflineOK {
			id, kerr := agent.KnownChainID(dir.Known(), o.Contract)
			if kerr != nil {
				return nil, fmt.Errorf("%w (and %v)", err, kerr)
			}
			fmt.Fprintf(o.Stderr, "dojo: the chain at %s does not answer (%v); saving on IPFS and keeping the save pending\n", o.RPC, err)
			lazy, lerr := chain.DialLazy(o.RPC)
			if lerr != nil {
				return nil, err
			}
			env.closers = append(env.closers, lazy.Close)
			env.Offline = true
			backend, chainID, contract, env.RPCURL = lazy, id, chain.ParseAddress(o.Contract), o.RPC
			break
		}
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, client.Close)
		backend, chainID, contract, env.RPCURL = client, id, chain.ParseAddress(o.Contract), o.RPC
	case holder != nil:
		info, err := chain.ReadInfo(dir.Root)
		if err != nil {
			return nil, fmt.Errorf("attach to the dojo node on %s: %w", dir.Root, err)
		}
		client, id, err := chain.Dial(ctx, holder.RPC)
		if err != nil {
			return nil, fmt.Errorf("attach to the dojo node (pid %d) on %s: %w", holder.PID, dir.Root, err)
		}
		env.closers = append(env.closers, client.Close)
		backend, chainID, contract, env.RPCURL = client, id, info.Contract, holder.RPC
	default:
		e, err := chain.OpenEmbedded(ctx, dir.Root, chain.EmbeddedOptions{})
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, func() { e.Close() })
		backend, chainID, contract = e.Client(), big.NewInt(chain.DevChainID), e.Info().Contract
	}
	if o.NeedKey {
		if auth, err = Signer(o, dir, chainID); err != nil {
			return nil, err
		}
	}

	var store nft.Store
	switch {
	case o.IPFSAPI != "":
		r, err := ipfs.Dial(ctx, o.IPFSAPI)
		if err != nil {
			return nil, err
		}
		store = r
	case holder != nil:
		r, err := ipfs.Dial(ctx, holder.IPFSAPI)
		if err != nil {
			return nil, fmt.Errorf("attach to the dojo node (pid %d) on %s: %w", holder.PID, dir.Root, err)
		}
		store = r
	case owned:
		s, err := ipfs.OpenEmbedded(ctx, dir.IPFS(), ipfs.EmbeddedOptions{Online: o.IPFSOnline})
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, func() { s.Close() })
		store = s
	}
	var reg *chain.Registry
	if env.Offline {
		reg, err = chain.BindRegistry(contract, backend)
	} else {
		reg, err = chain.NewRegistry(ctx, contract, backend)
	}
	if err != nil {
		return nil, err
	}
	env.Agents = &agent.Agents{Store: store, Registry: reg, Auth: auth, ChainID: chainID, PendingDir: dir.Pending(), KnownDir: dir.Known()}
	return env, nil
}

// Signer loads the key to sign with: from o's keystore, or else dir's dev
// key (the embedded chain's, funded at genesis).
func Signer(o Options, dir datadir.Dir, chainID *big.Int) (*chain.Signer, error) {
	if o.Keystore == "" {
		if o.RPC != "" {
			return nil, ErrNeedKeystore
		}
		return chain.DevSigner(dir.Root, chainID)
	}
	k, err := chain.FindKey(o.Keystore, o.Account)
	if err != nil {
		return nil, err
	}
	prompt := func() ([]byte, error) {
		if o.Prompt == nil {
			return nil, fmt.Errorf("no passphrase for %s: give --password FILE or set %s", k.Address.Hex(), chain.PasswordEnv)
		}
		return o.Prompt(k.Address.Hex())
	}
	pass, err := chain.Passphrase(o.Password, os.Getenv, prompt)
	if err != nil {
		return nil, err
	}
	return k.Signer(pass, chainID)
}

// Register adds the flags that set o to fs, with the same names and meaning
// in every Dojo program: --data-dir, --rpc, --contract, --keystore,
// --password, --account, --ipfs-api and --ipfs-online.
func (o *Options) Register(fs *pflag.FlagSet) {
	fs.StringVar(&o.DataDir, "data-dir", "", "the data directory (`DIR`; default $DOJO_HOME or ~/.config/dojo)")
	fs.StringVar(&o.RPC, "rpc", "", "an Ethereum JSON-RPC endpoint (`URL`) instead of the embedded chain")
	fs.StringVar(&o.Contract, "contract", "", "the DojoFighters contract (`ADDRESS`) on --rpc")
	fs.StringVar(&o.Keystore, "keystore", "", "a go-ethereum keystore `DIR` to sign with (default: the embedded chain's dev key)")
	fs.StringVar(&o.Password, "password", "", "a `FILE` whose first line is the keystore passphrase (else $DOJO_PASSWORD, else a prompt on a terminal)")
	fs.StringVar(&o.Account, "account", "", "the keystore account (`ADDRESS`) if it holds several")
	fs.StringVar(&o.IPFSAPI, "ipfs-api", "", "a Kubo daemon's RPC API (`URL`, e.g. http://127.0.0.1:5001) instead of the embedded node")
	fs.BoolVar(&o.IPFSOnline, "ipfs-online", false, "connect the embedded IPFS node to the IPFS network (it is offline by default)")
}

// Check refuses flag combinations that cannot work: --rpc without
// --contract, a malformed contract address, --contract without --rpc.
func (o *Options) Check() error {
	switch {
	case o.RPC != "" && o.Contract == "":
		return errors.New("--rpc needs --contract ADDRESS (deploy one with dojo deploy)")
	case o.Contract != "" && !chain.IsAddress(o.Contract):
		return fmt.Errorf("--contract %q is not an address", o.Contract)
	case o.Contract != "" && o.RPC == "":
		return errors.New("--contract goes with --rpc URL")
	}
	return nil
}
