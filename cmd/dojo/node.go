package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/dojo-arena/dojo/internal/datadir"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/dojo-arena/dojo/nft/connect"
	"github.com/dojo-arena/dojo/nft/ipfs"
	"github.com/spf13/cobra"
)

func newDeployCmd() *cobra.Command {
	var (
		f      nftFlags
		delay  uint64
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Deploy the DojoFighters contract to a chain",
		Long: `deploy deploys the DojoFighters contract to the chain at --rpc, signed by
the keystore account, which becomes the contract's admin and first creator
(the mint allow-list). It prints the contract's address: give it to the
other commands as --contract. The embedded chain deploys its own on first
start; this is for your own geth, a testnet or mainnet.

The admin role is handed over in two steps: the new admin accepts after
--admin-delay seconds.`,
		Example: "  dojo deploy --rpc http://127.0.0.1:8545 --keystore ~/.ethereum/keystore --password pw.txt",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.RPC == "" || f.Keystore == "" {
				return usagef("deploy needs --rpc URL and --keystore DIR")
			}
			if f.Contract != "" || f.IPFSAPI != "" {
				return usagef("deploy takes neither --contract nor --ipfs-api")
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
			defer cancel()
			client, id, err := chain.Dial(ctx, f.RPC)
			if err != nil {
				return err
			}
			defer client.Close()
			auth, err := connect.Signer(f.options("dojo deploy", true, cmd.ErrOrStderr(), false), datadir.Dir{}, id)
			if err != nil {
				return err
			}
			addr, tx, err := chain.Deploy(ctx, client, auth, auth.From, delay)
			if err != nil {
				return err
			}
			rc, err := client.TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				return err
			}
			out := struct {
				Contract string `json:"contract"`
				Tx       string `json:"tx"`
				Block    uint64 `json:"block"`
				GasUsed  uint64 `json:"gas_used"`
				ChainID  string `json:"chain_id"`
				Admin    string `json:"admin"`
			}{addr.Hex(), tx.Hash().Hex(), rc.BlockNumber.Uint64(), rc.GasUsed, id.String(), auth.From.Hex()}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), out)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "DojoFighters deployed at %s on chain %s\n  tx %s (block %d, %d gas)\n  admin and creator %s\nUse it with: --rpc %s --contract %s\n",
				out.Contract, out.ChainID, out.Tx, out.Block, out.GasUsed, out.Admin, f.RPC, out.Contract)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.Uint64Var(&delay, "admin-delay", chain.DefaultAdminDelay, "seconds a new admin waits before accepting the role")
	fl.BoolVar(&asJSON, "json", false, "print the result as one JSON document")
	f.register(fl)
	return cmd
}

func newNodeCmd() *cobra.Command {
	var (
		dataDir, listenRPC, listenGateway, listenAPI string
		asJSON, online                               bool
	)
	cmd := &cobra.Command{
		Use:   "node",
		Short: "Serve the embedded chain's JSON-RPC and IPFS gateway to wallets, browsers and other dojo commands",
		Long: `node opens the data directory's embedded chain and IPFS node and serves
them on 127.0.0.1 (unless told otherwise): the chain's JSON-RPC, for any
Ethereum client (a wallet, ethers.js, geth attach), the IPFS node's read-only
HTTP gateway, for browsers, and its RPC API, through which other dojo
commands on the same data directory attach while the node runs. It prints
the chain id, the URLs, the contract and how to add the dev account and a
fighter to a wallet; with --json one JSON line on stdout before it serves.
It stops cleanly on Ctrl-C or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			dir, err := datadir.Resolve(dataDir, os.Getenv)
			if err != nil {
				return err
			}
			lock, err := dir.Acquire(datadir.Holder{Command: "dojo node"})
			if err != nil {
				return err
			}
			defer lock.Release()
			e, err := chain.OpenEmbedded(ctx, dir.Root, chain.EmbeddedOptions{HTTPAddr: listenRPC})
			if err != nil {
				return err
			}
			defer e.Close()
			s, err := ipfs.OpenEmbedded(ctx, dir.IPFS(), ipfs.EmbeddedOptions{Online: online})
			if err != nil {
				return err
			}
			defer s.Close()
			srv, err := s.Serve(ctx, listenAPI, listenGateway)
			if err != nil {
				return err
			}
			h := lock.Holder()
			h.RPC, h.IPFSAPI, h.Gateway = e.HTTPEndpoint(), srv.API, srv.Gateway
			if err := lock.Publish(h); err != nil {
				return err
			}
			info := e.Info()
			key, _ := e.DevKey()
			out := struct {
				ChainID     uint64 `json:"chain_id"`
				RPC         string `json:"rpc"`
				Gateway     string `json:"gateway"`
				IPFSAPI     string `json:"ipfs_api"`
				Contract    string `json:"contract"`
				DevAccount  string `json:"dev_account"`
				DevKeyFile  string `json:"dev_keystore_file"`
				DevPassword string `json:"dev_password_file"`
				DataDir     string `json:"data_dir"`
				PID         int    `json:"pid"`
			}{info.ChainID, h.RPC, h.Gateway, h.IPFSAPI, info.Contract.Hex(), info.DevAccount.Hex(), key.Path, dir.DevPassword(), dir.Root, h.PID}
			w := cmd.OutOrStdout()
			if asJSON {
				line, err := json.Marshal(out)
				if err != nil {
					return err
				}
				fmt.Fprintln(w, string(line))
			} else {
				printNodeHelp(cmd, out.ChainID, out.RPC, out.Gateway, out.IPFSAPI, info.Contract, out.DevAccount, out.DevKeyFile, out.DevPassword)
			}
			<-ctx.Done()
			fmt.Fprintln(cmd.ErrOrStderr(), "dojo node: stopping")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dataDir, "data-dir", "", "the data directory (`DIR`; default $DOJO_HOME or ~/.config/dojo)")
	fl.StringVar(&listenRPC, "listen-rpc", "127.0.0.1:8545", "serve the chain's JSON-RPC on `ADDR`")
	fl.StringVar(&listenGateway, "listen-gateway", "127.0.0.1:8080", "serve the IPFS gateway on `ADDR`")
	fl.StringVar(&listenAPI, "listen-ipfs-api", "127.0.0.1:5001", "serve the IPFS RPC API (for other dojo commands) on `ADDR`")
	fl.BoolVar(&asJSON, "json", false, "print one JSON line describing the node, then serve")
	fl.BoolVar(&online, "ipfs-online", false, "connect the IPFS node to the IPFS network, so others can fetch your fighters (offline by default)")
	return cmd
}

func printNodeHelp(cmd *cobra.Command, chainID uint64, rpc, gw, api string, contract chain.Address, dev, keyFile, pwFile string) {
	fmt.Fprintf(cmd.OutOrStdout(), `dojo node is serving the data directory's chain and IPFS node.
  chain id      %d
  JSON-RPC      %s
  IPFS gateway  %s   (open %s/ipfs/CID in a browser)
  IPFS API      %s   (other dojo commands attach to it)
  contract      %s   (DojoFighters; tokenURI is ipfs://MANIFEST)
  dev account   %s

In a wallet (e.g. MetaMask):
  1. add a network: RPC URL %s, chain id %d, currency ETH;
  2. import the dev account: "Import account" → JSON file → %s,
     with the password in %s;
  3. import a fighter: "Import NFT" → contract %s, token id (dojo show ID).
From any Ethereum client: geth attach %s, or ethers.js on the same URL.
Ctrl-C stops the node.
`, chainID, rpc, gw, gw, api, contract.Hex(), dev, rpc, chainID, keyFile, pwFile, contract.Hex(), rpc)
}
