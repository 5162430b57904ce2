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
// takes, with the same meaning everywhere (and in the arena).
type nftFlags struct {
	connect.Options
	timeout time.Duration
}

const nftFlagsHelp = `
Where fighters live: by default the embedded chain and IPFS node in the data
directory (--data-dir, or $DOJO_HOME, or ~/.config/dojo), nothing to start by
hand. If a ` + "`dojo node`" + ` serves that directory, commands attach to it.
--rpc URL --contract ADDR use any Ethereum JSON-RPC endpoint instead, signing
with a go-ethereum keystore (--keystore DIR; passphrase from --password FILE,
$DOJO_PASSWORD or a prompt); --ipfs-api URL uses a Kubo daemon.`

func (f *nftFlags) register(fs *pflag.FlagSet) {
	f.Options.Register(fs)
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up on the chain or IPFS after this long")
}

func (f *nftFlags) check() error {
	if err := f.Options.Check(); err != nil {
		return usagef("%v", err)
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

// options are the flags as connect.Options, for command.
func (f *nftFlags) options(command string, needKey bool, stderr io.Writer, offlineOK bool) connect.Options {
	o := f.Options
	o.Prompt = func(address string) ([]byte, error) {
		fd := int(os.Stdin.Fd())
		if !term.IsTerminal(fd) {
			return nil, fmt.Errorf("no passphrase for %s: give --password FILE or set %s", address, chain.PasswordEnv)
		}
		fmt.Fprintf(stderr, "Passphrase for %s: ", address)
		defer fmt.Fprintln(stderr)
		return term.ReadPassword(fd)
	}
	o.Command, o.NeedKey, o.OfflineOK, o.Stderr = command, needKey, offlineOK, stderr
	return o
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
