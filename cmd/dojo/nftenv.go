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

	"github.com/dojo-arena/dojo/nft/agent"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/dojo-arena/dojo/nft/connect"
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

// nftEnv is an open connection to the fighters (connect.Env).
type nftEnv struct {
	*connect.Env
	agents *agent.Agents
}

// openNFT opens what the flags name (connect.Open). command says who holds
// the data directory (for the message another process shows); needKey says
// whether a signer is needed. With offlineOK (dojo save), a --rpc chain that
// does not answer is not an error: the save is kept pending.
func openNFT(ctx context.Context, f *nftFlags, command string, needKey bool, stderr io.Writer, offlineOK ...bool) (*nftEnv, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	env, err := connect.Open(ctx, f.options(command, needKey, stderr, len(offlineOK) > 0 && offlineOK[0]))
	if errors.Is(err, connect.ErrNeedKeystore) {
		return nil, usagef("%v", err)
	}
	if err != nil {
		return nil, err
	}
	return &nftEnv{Env: env, agents: env.Agents}, nil
}

// options are the flags as connect.Options.
func (f *nftFlags) options(command string, needKey bool, stderr io.Writer, offlineOK bool) connect.Options {
	return connect.Options{
		DataDir: f.dataDir, RPC: f.rpc, Contract: f.contract,
		Keystore: f.keystore, Account: f.account, Password: f.password,
		Prompt: func(address string) ([]byte, error) {
			fd := int(os.Stdin.Fd())
			if !term.IsTerminal(fd) {
				return nil, fmt.Errorf("no passphrase for %s: give --password FILE or set %s", address, chain.PasswordEnv)
			}
			fmt.Fprintf(stderr, "Passphrase for %s: ", address)
			defer fmt.Fprintln(stderr)
			return term.ReadPassword(fd)
		},
		IPFSAPI: f.ipfsAPI, IPFSOnline: f.ipfsOnline,
		Command: command, NeedKey: needKey, OfflineOK: offlineOK,
		Stderr: stderr,
	}
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
