package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/dojo-arena/dojo/internal/datadir"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/agent"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/dojo-arena/dojo/nft/ipfs"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// nftFlags are the flags every command that touches the chain or IPFS
// takes, with the same meaning everywhere.
type nftFlags struct {
	dataDir, rpc, contract, keystore, password, account, ipfsAPI string
	timeout                                                      time.Duration
	ipfsOnline                                                   bool
}

const nftFlagsHelp = `
Where fighters live: by default the embedded chain and IPFS node in the data
directory (--data-dir, or $DOJO_HOME, or ~/.config/dojo), nothing to start by
hand. If a ` + "`dojo node`" + ` serves that directory, commands attach to it.
--rpc URL --contract ADDR use any Ethereum JSON-RPC endpoint instead, signing
with a go-ethereum keystore (--keystore DIR; passphrase from --password FILE,
$DOJO_PASSWORD or a prompt); --ipfs-api URL uses a Kubo daemon.`

func (f *nftFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.dataDir, "data-dir", "", "the data directory (`DIR`; default $DOJO_HOME or ~/.config/dojo)")
	fs.StringVar(&f.rpc, "rpc", "", "an Ethereum JSON-RPC endpoint (`URL`) instead of the embedded chain")
	fs.StringVar(&f.contract, "contract", "", "the DojoFighters contract (`ADDRESS`) on --rpc")
	fs.StringVar(&f.keystore, "keystore", "", "a go-ethereum keystore `DIR` to sign with (default: the embedded chain's dev key)")
	fs.StringVar(&f.password, "password", "", "a `FILE` whose first line is the keystore passphrase (else $DOJO_PASSWORD, else a prompt)")
	fs.StringVar(&f.account, "account", "", "the keystore account (`ADDRESS`) if it holds several")
	fs.StringVar(&f.ipfsAPI, "ipfs-api", "", "a Kubo daemon's RPC API (`URL`, e.g. http://127.0.0.1:5001) instead of the embedded node")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up on the chain or IPFS after this long")
	fs.BoolVar(&f.ipfsOnline, "ipfs-online", false, "connect the embedded IPFS node to the IPFS network (it is offline by default)")
}

func (f *nftFlags) check() error {
	if f.rpc != "" && f.contract == "" {
		return usagef("--rpc needs --contract ADDRESS (deploy one with dojo deploy)")
	}
	if f.contract != "" && !chain.IsAddress(f.contract) {
		return usagef("--contract %q is not an address", f.contract)
	}
	if f.contract != "" && f.rpc == "" {
		return usagef("--contract goes with --rpc URL")
	}
	if f.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	return nil
}

// nftEnv is an open connection to the fighters: chain, store, signer.
type nftEnv struct {
	agents  *agent.Agents
	mode    string // "embedded", "attached" or "rpc"
	dir     datadir.Dir
	rpcURL  string
	offline bool
	closers []func()
}

func (e *nftEnv) Close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// openNFT opens what the flags name. command says who holds the data
// directory (for the message another process shows); needKey says whether
// a signer is needed.
//
// With offlineOK (dojo save), a --rpc chain that does not answer is not an
// error: the chain id comes from what the data directory last saw of the
// contract, and the save is kept pending.
func openNFT(ctx context.Context, f *nftFlags, command string, needKey bool, stderr io.Writer, offlineOK ...bool) (env *nftEnv, err error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	dir, err := datadir.Resolve(f.dataDir, os.Getenv)
	if err != nil {
		return nil, err
	}
	env = &nftEnv{dir: dir, mode: "rpc"}
	opened := env // env is nil when an error is returned
	defer func() {
		if err != nil {
			opened.Close()
		}
	}()

	// The data directory is needed unless both chain and IPFS are remote.
	var holder *datadir.Holder
	var owned bool
	if f.rpc == "" || f.ipfsAPI == "" {
		lock, err := dir.Acquire(datadir.Holder{Command: command})
		var inUse *datadir.InUseError
		switch {
		case errors.As(err, &inUse) && inUse.Holder.Serves():
			holder = &inUse.Holder
			env.mode = "attached"
		case err != nil:
			return nil, err
		default:
			owned = true
			env.mode = "embedded"
			env.closers = append(env.closers, func() { lock.Release() })
		}
	}
	if f.rpc != "" {
		env.mode = "rpc"
	}

	var backend chain.Backend
	var chainID *big.Int
	var contract chain.Address
	var auth *chain.Signer
	switch {
	case f.rpc != "":
		client, id, err := chain.Dial(ctx, f.rpc)
		if err != nil && len(offlineOK) > 0 && offlineOK[0] {
			id, kerr := agent.KnownChainID(dir.Known(), f.contract)
			if kerr != nil {
				return nil, fmt.Errorf("%w (and %v)", err, kerr)
			}
			fmt.Fprintf(stderr, "dojo: the chain at %s does not answer (%v); saving on IPFS and keeping the save pending\n", f.rpc, err)
			lazy, lerr := chain.DialLazy(f.rpc)
			if lerr != nil {
				return nil, err
			}
			env.closers = append(env.closers, lazy.Close)
			env.offline = true
			backend, chainID, contract, env.rpcURL = lazy, id, chain.ParseAddress(f.contract), f.rpc
			break
		}
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, client.Close)
		backend, chainID, contract, env.rpcURL = client, id, chain.ParseAddress(f.contract), f.rpc
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
		backend, chainID, contract, env.rpcURL = client, id, info.Contract, holder.RPC
	default:
		e, err := chain.OpenEmbedded(ctx, dir.Root, chain.EmbeddedOptions{})
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, func() { e.Close() })
		backend, chainID, contract = e.Client(), big.NewInt(chain.DevChainID), e.Info().Contract
	}
	if needKey {
		if auth, err = signer(f, dir, chainID, stderr); err != nil {
			return nil, err
		}
	}

	var store nft.Store
	switch {
	case f.ipfsAPI != "":
		r, err := ipfs.Dial(ctx, f.ipfsAPI)
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
		s, err := ipfs.OpenEmbedded(ctx, dir.IPFS(), ipfs.EmbeddedOptions{Online: f.ipfsOnline})
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, func() { s.Close() })
		store = s
	}
	var reg *chain.Registry
	if env.offline {
		reg, err = chain.BindRegistry(contract, backend)
	} else {
		reg, err = chain.NewRegistry(ctx, contract, backend)
	}
	if err != nil {
		return nil, err
	}
	env.agents = &agent.Agents{Store: store, Registry: reg, Auth: auth, ChainID: chainID, PendingDir: dir.Pending(), KnownDir: dir.Known()}
	return env, nil
}

// signer loads the key to sign with: from --keystore, or else the data
// directory's dev key (the embedded chain's, funded at genesis).
func signer(f *nftFlags, dir datadir.Dir, chainID *big.Int, stderr io.Writer) (*chain.Signer, error) {
	if f.keystore == "" {
		if f.rpc != "" {
			return nil, usagef("--rpc needs --keystore DIR to sign with")
		}
		return chain.DevSigner(dir.Root, chainID)
	}
	k, err := chain.FindKey(f.keystore, f.account)
	if err != nil {
		return nil, err
	}
	prompt := func() ([]byte, error) {
		fd := int(os.Stdin.Fd())
		if !term.IsTerminal(fd) {
			return nil, fmt.Errorf("no passphrase for %s: give --password FILE or set %s", k.Address.Hex(), chain.PasswordEnv)
		}
		fmt.Fprintf(stderr, "Passphrase for %s: ", k.Address.Hex())
		defer fmt.Fprintln(stderr)
		return term.ReadPassword(fd)
	}
	pass, err := chain.Passphrase(f.password, os.Getenv, prompt)
	if err != nil {
		return nil, err
	}
	return k.Signer(pass, chainID)
}

// parseToken reads a token id argument.
func parseToken(s string) (*big.Int, error) {
	s = strings.TrimPrefix(s, "token:")
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() <= 0 || len(s) > 78 {
		return nil, usagef("token id %q: want a positive decimal number", s)
	}
	return n, nil
}
