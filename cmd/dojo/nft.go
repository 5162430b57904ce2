package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/agent"
	"github.com/dojo-arena/dojo/nft/chain"
	"github.com/spf13/cobra"
)

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// withEnv opens the fighters' world for a command and closes it after.
func withEnv(cmd *cobra.Command, f *nftFlags, needKey bool, run func(ctx context.Context, env *nftEnv) error) error {
	ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
	defer cancel()
	// A save still works, and is kept pending, while a --rpc chain is down.
	env, err := openNFT(ctx, f, "dojo "+cmd.Name(), needKey, cmd.ErrOrStderr(), cmd.Name() == "save")
	if err != nil {
		return err
	}
	defer env.Close()
	return run(ctx, env)
}

type linksJSON struct {
	Manifest string `json:"manifest"`
	Brain    string `json:"brain"`
	Memories string `json:"memories"`
	Form     string `json:"form"`
	Portrait string `json:"portrait"`
}

func linksOf(p *nft.Published) linksJSON {
	d := p.Manifest.Dojo
	return linksJSON{p.ManifestCID.String(), d.Brain.CID, d.Memories.CID, d.Form.CID, d.Portrait.CID}
}

func newMintCmd() *cobra.Command {
	var (
		f                     nftFlags
		name, desc, archetype string
		formFile, to          string
		randomForm, asJSON    bool
		seed                  uint64
	)
	cmd := &cobra.Command{
		Use:   "mint",
		Short: "Mint a new fighter: a Brain with random Memories, a Form, a token",
		Long: `mint creates a fighter: a Core of the chosen archetype with Memories drawn
from a seed (printed, so the mint can be reproduced), a Form (from a file,
see docs/FORMATS.md, or drawn at random) and its portrait, all stored on
IPFS under one Manifest, and mints the token that points at it. Only
creators on the contract's allow-list may mint; the embedded chain's dev
key is one.` + nftFlagsHelp,
		Example: "  dojo mint --name Kestrel --archetype swift --random-form\n  dojo mint --name Kestrel --form kestrel-form.json --seed 7 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" {
				return usagef("name the fighter: --name NAME")
			}
			if err := safetext.Check(name); err != nil || len(name) > nft.MaxNameLen {
				return usagef("--name must be 1 to %d printable bytes", nft.MaxNameLen)
			}
			if (formFile == "") == !randomForm {
				return usagef("give exactly one of --form FILE and --random-form")
			}
			if to != "" && !chain.IsAddress(to) {
				return usagef("--to %q is not an address", to)
			}
			if _, err := brain.NewSpec(archetype); err != nil {
				return usagef("--archetype: %w", err)
			}
			if !cmd.Flags().Changed("seed") {
				var b [8]byte
				if _, err := rand.Read(b[:]); err != nil {
					return err
				}
				seed = binary.LittleEndian.Uint64(b[:])
			}
			var form assets.Form
			if formFile != "" {
				data, err := boundedfile.Read(formFile, assets.MaxFormSize)
				if err != nil {
					return fmt.Errorf("--form: %w", err)
				}
				if form, err = assets.ParseForm(data); err != nil {
					return fmt.Errorf("--form %s: %w", formFile, err)
				}
			} else {
				form = assets.RandomForm(seed)
			}
			return withEnv(cmd, &f, true, func(ctx context.Context, env *nftEnv) error {
				req := agent.MintRequest{Name: name, Description: desc, Archetype: archetype, Form: form, Seed: seed}
				if to != "" {
					req.To = chain.ParseAddress(to)
				}
				m, err := env.agents.Mint(ctx, req)
				if err != nil {
					return err
				}
				out := struct {
					Token     string    `json:"token"`
					Owner     string    `json:"owner"`
					Name      string    `json:"name"`
					Archetype string    `json:"archetype"`
					Seed      uint64    `json:"seed"`
					Form      []string  `json:"form"`
					CIDs      linksJSON `json:"cids"`
					TokenURI  string    `json:"token_uri"`
					ChainID   string    `json:"chain_id"`
					Contract  string    `json:"contract"`
					Tx        string    `json:"tx"`
					Block     uint64    `json:"block"`
					GasUsed   uint64    `json:"gas_used"`
				}{m.Token.String(), m.Owner.Hex(), name, archetype, seed, formStrings(form), linksOf(m.Published),
					"ipfs://" + m.Published.ManifestCID.String(), env.agents.ChainID.String(), env.agents.Registry.Address().Hex(),
					m.Tx.Hex(), m.Block, m.GasUsed}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), out)
				}
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "minted fighter %s (token %s) to %s\n", name, out.Token, out.Owner)
				fmt.Fprintf(w, "  brain     %s, memories from seed %d\n", archetype, seed)
				fmt.Fprintf(w, "  form      %s\n", strings.Join(out.Form, ", "))
				fmt.Fprintf(w, "  manifest  %s\n  brain     %s\n  memories  %s\n  form      %s\n  portrait  %s\n",
					out.CIDs.Manifest, out.CIDs.Brain, out.CIDs.Memories, out.CIDs.Form, out.CIDs.Portrait)
				fmt.Fprintf(w, "  chain %s, contract %s, tx %s (block %d, %d gas)\n", out.ChainID, out.Contract, out.Tx, out.Block, out.GasUsed)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "the fighter's `NAME`")
	fl.StringVar(&desc, "description", "", "a description for wallets and marketplaces")
	fl.StringVar(&archetype, "archetype", brain.Sage, "the Brain's archetype (`NAME`: "+strings.Join(brain.Archetypes(), ", ")+")")
	fl.StringVar(&formFile, "form", "", "the Form, a JSON `FILE` (docs/FORMATS.md)")
	fl.BoolVar(&randomForm, "random-form", false, "draw the Form from the seed")
	fl.Uint64Var(&seed, "seed", 0, "seed of the Memories (and of a random Form); default: random, printed")
	fl.StringVar(&to, "to", "", "mint to this `ADDRESS` (default: the signer)")
	fl.BoolVar(&asJSON, "json", false, "print the result as one JSON document")
	f.register(fl)
	return cmd
}

func formStrings(f assets.Form) []string {
	var out []string
	for _, a := range f.Attributes() {
		out = append(out, a.TraitType+"="+a.Value)
	}
	return out
}

func newSaveCmd() *cobra.Command {
	var (
		f       nftFlags
		token   string
		coreDir string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "save",
		Short: "Save a trained Core as the fighter's new state and move its token's pointer",
		Long: `save stores the Core's Memories (and a new Manifest linking the unchanged
Brain, Form and portrait, and the previous Manifest) on IPFS, then moves the
token's pointer with updateCore, a compare-and-swap on the pointer it read:
a save from a stale pointer (another device saved meanwhile) is refused,
never a silent overwrite, and your Core is kept.

If the chain does not answer, the save is kept as pending in the data
directory and retried by the next save or by dojo sync; the exit status is
then 1. Training is never lost.` + nftFlagsHelp,
		Example: "  dojo save --token 1 --core my-core",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if token == "" || coreDir == "" {
				return usagef("say what to save: --token ID --core DIR")
			}
			id, err := parseToken(token)
			if err != nil {
				return err
			}
			core, err := brain.LoadCore(coreDir)
			if err != nil {
				return fmt.Errorf("--core: %w", err)
			}
			return withEnv(cmd, &f, true, func(ctx context.Context, env *nftEnv) error {
				saved, err := env.agents.Save(ctx, id, core, agent.TrainingAttributes(core))
				w := cmd.OutOrStdout()
				for _, r := range savedRetried(saved) {
					fmt.Fprintf(cmd.ErrOrStderr(), "dojo: pending save of token %s (%s): %s\n", r.Pending.Token, r.Pending.Manifest, r.Outcome)
				}
				if err != nil && (saved == nil || !saved.Pending) {
					return err
				}
				out := struct {
					Token    string `json:"token"`
					Previous string `json:"previous"`
					Manifest string `json:"manifest"`
					CoreID   string `json:"core_id"`
					Pending  bool   `json:"pending"`
					Path     string `json:"pending_path,omitempty"`
					Tx       string `json:"tx,omitempty"`
					GasUsed  uint64 `json:"gas_used,omitempty"`
				}{saved.Token.String(), saved.Previous, saved.Manifest, saved.CoreID, saved.Pending, saved.PendingPath, "", saved.GasUsed}
				if !saved.Pending {
					out.Tx = saved.Tx.Hex()
				}
				if asJSON {
					if perr := printJSON(w, out); perr != nil {
						return perr
					}
				} else if saved.Pending {
					fmt.Fprintf(w, "token %s: new state %s stored on IPFS, NOT yet on-chain (pending: %s)\n", out.Token, out.Manifest, out.Path)
				} else {
					fmt.Fprintf(w, "token %s now points at %s (was %s)\n  core %s\n  tx %s (%d gas)\n", out.Token, out.Manifest, out.Previous, out.CoreID, out.Tx, out.GasUsed)
				}
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&token, "token", "", "the fighter's token `ID`")
	fl.StringVar(&coreDir, "core", "", "the trained Core `DIR`")
	fl.BoolVar(&asJSON, "json", false, "print the result as one JSON document")
	f.register(fl)
	return cmd
}

func savedRetried(s *agent.Saved) []agent.SyncResult {
	if s == nil {
		return nil
	}
	return s.Retried
}

func newSyncCmd() *cobra.Command {
	var (
		f      nftFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Retry the saves that reached IPFS but not the chain",
		Long: `sync retries the pending saves of the data directory, oldest first. A save
the chain takes leaves pending; one whose token moved meanwhile (another
device saved) is reported as stale and kept: its state stays on IPFS, and
you can save your Core again on top of the new pointer. The exit status is 1
if any save failed or is stale.` + nftFlagsHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withEnv(cmd, &f, true, func(ctx context.Context, env *nftEnv) error {
				results, err := env.agents.Sync(ctx)
				type row struct {
					Token    string `json:"token"`
					Manifest string `json:"manifest"`
					Outcome  string `json:"outcome"`
					Error    string `json:"error,omitempty"`
				}
				rows := []row{}
				bad := 0
				for _, r := range results {
					x := row{Token: r.Pending.Token, Manifest: r.Pending.Manifest, Outcome: r.Outcome}
					if r.Err != nil {
						x.Error = r.Err.Error()
					}
					if r.Outcome == "failed" || r.Outcome == "stale" {
						bad++
					}
					rows = append(rows, x)
				}
				if asJSON {
					if perr := printJSON(cmd.OutOrStdout(), struct {
						Results []row `json:"results"`
					}{rows}); perr != nil {
						return perr
					}
				} else {
					if len(rows) == 0 {
						fmt.Fprintln(cmd.OutOrStdout(), "no pending saves")
					}
					for _, r := range rows {
						fmt.Fprintf(cmd.OutOrStdout(), "token %s %s: %s %s\n", r.Token, r.Manifest, r.Outcome, safetext.Escape(r.Error))
					}
				}
				if err != nil {
					return err
				}
				if bad > 0 {
					return fmt.Errorf("%d pending save(s) not taken", bad)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as one JSON document")
	f.register(cmd.Flags())
	return cmd
}

func newShowCmd() *cobra.Command {
	var (
		f      nftFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "show TOKEN",
		Short: "Show a fighter: owner, pointer, its history on-chain, its Manifest",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseToken(args[0])
			if err != nil {
				return err
			}
			return withEnv(cmd, &f, false, func(ctx context.Context, env *nftEnv) error {
				s, err := env.agents.Show(ctx, id)
				if err != nil && s == nil {
					return err
				}
				type update struct {
					Block    uint64 `json:"block"`
					Tx       string `json:"tx"`
					Previous string `json:"previous"`
					Next     string `json:"next"`
					By       string `json:"by"`
				}
				out := struct {
					Token     string        `json:"token"`
					Owner     string        `json:"owner"`
					Pointer   string        `json:"pointer"`
					TokenURI  string        `json:"token_uri"`
					Saves     string        `json:"saves"`
					Archetype uint8         `json:"archetype_code"`
					Form      [8]uint8      `json:"form_codes"`
					Minted    update        `json:"minted"`
					History   []update      `json:"history"`
					Manifest  *nft.Manifest `json:"manifest,omitempty"`
				}{Token: id.String(), Owner: s.Owner.Hex(), Pointer: s.Fighter.Core, TokenURI: s.TokenURI, Saves: s.Fighter.Saves.String(),
					Archetype: s.Fighter.Archetype, Form: s.Fighter.Form, Manifest: s.Manifest, History: []update{},
					Minted: update{Block: s.Minted.Block, Tx: s.Minted.Tx.Hex(), Next: s.Minted.Core, By: s.Minted.To.Hex()}}
				for _, h := range s.History {
					out.History = append(out.History, update{h.Block, h.Tx.Hex(), h.Previous, h.Next, h.By.Hex()})
				}
				w := cmd.OutOrStdout()
				if asJSON {
					if perr := printJSON(w, out); perr != nil {
						return perr
					}
					return err
				}
				fmt.Fprintf(w, "token %s, owned by %s\n  pointer  %s (%s saves)\n", out.Token, out.Owner, out.Pointer, out.Saves)
				if m := s.Manifest; m != nil {
					fmt.Fprintf(w, "  name     %s\n  core     %s\n", safetext.Escape(m.Name), m.Dojo.Core)
					var attrs []string
					for _, a := range m.Attributes {
						attrs = append(attrs, safetext.Escape(a.TraitType+"="+a.Value.String()))
					}
					fmt.Fprintf(w, "  traits   %s\n", strings.Join(attrs, ", "))
				}
				fmt.Fprintf(w, "history (from the chain's events):\n  block %d  minted  %s\n", out.Minted.Block, out.Minted.Next)
				for _, h := range out.History {
					fmt.Fprintf(w, "  block %d  saved   %s (by %s)\n", h.Block, h.Next, h.By)
				}
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the fighter as one JSON document")
	f.register(cmd.Flags())
	return cmd
}

func newFetchCmd() *cobra.Command {
	var (
		f      nftFlags
		out    string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "fetch TOKEN",
		Short: "Fetch a fighter's current Core from IPFS into a Core directory",
		Long: `fetch resolves the token to its Manifest on IPFS and every linked part,
checking each link (sizes before download, the Brain, the Memories' shapes,
NaN and Inf, the Core's identity, the Form against the token) and writes the
Core to a new directory.` + nftFlagsHelp,
		Example: "  dojo fetch 1 --out kestrel-core",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseToken(args[0])
			if err != nil {
				return err
			}
			if out == "" {
				return usagef("say where to write the Core: --out DIR")
			}
			if err := brain.CheckNewCore(out); err != nil {
				return fmt.Errorf("--out %s: %w", out, err)
			}
			return withEnv(cmd, &f, false, func(ctx context.Context, env *nftEnv) error {
				got, err := env.agents.Fetch(ctx, id)
				if err != nil {
					return err
				}
				if err := brain.SaveCore(out, got.Core); err != nil {
					return err
				}
				coreID, _ := got.Core.ID()
				res := struct {
					Token    string `json:"token"`
					Manifest string `json:"manifest"`
					CoreID   string `json:"core_id"`
					Dir      string `json:"dir"`
				}{id.String(), got.ManifestCID.String(), coreID, out}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), res)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "token %s: %s\n  core %s\n  written to %s\n", res.Token, res.Manifest, res.CoreID, out)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the new Core `DIR`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as one JSON document")
	f.register(cmd.Flags())
	return cmd
}
