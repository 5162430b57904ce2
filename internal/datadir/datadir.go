// Package datadir is Dojo's one data directory: where it is, what lives in
// it, and which process owns it.
//
// The embedded chain (geth) and the embedded IPFS node (Kubo) each hold a
// lock on their folder, so one process at a time can open them. That process
// takes the data directory's own lock first (Acquire) and says who it is in
// node.json, with the local endpoints it serves if it serves any (`dojo
// node`, the arena). Every other process finds the directory in use
// (*InUseError) and either attaches to those endpoints or tells the user
// plainly which process holds the directory and what to do.
//
// The lock is an flock(2) on dojo.lock: the kernel drops it when its process
// dies, however it dies, so a crash never leaves the directory locked.
//
// It depends on nothing of the project but internal packages, so both
// cmd/dojo and the arena use it.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Env is the environment variable that names the data directory when no
// --data-dir flag is given.
const Env = "DOJO_HOME"

// Dir is a data directory. Its layout:
//
//	chain/        the embedded chain's geth datadir
//	ipfs/         the embedded IPFS node's Kubo repo
//	keystore/     go-ethereum keystore files (the embedded chain's dev key)
//	dev.password  the dev key's passphrase (0600; the embedded chain only)
//	chain.json    chain id and contract address of the embedded chain
//	pending/      saves that reached IPFS but not the chain yet
//	tokens/       the last pointer seen of each token (to save while the chain is down)
//	arena/        the desktop arena's own files: settings.json (key bindings,
//	              sound), fighters/ (each fighter's Cores and recorded
//	              sessions), replays/
//	node.json     the process that owns the directory, and what it serves
//	dojo.lock     the owner's lock
type Dir struct {
	// Root is the directory's absolute path.
	Root string
}

// Resolve picks the data directory: the flag if set, else $DOJO_HOME, else
// "dojo" under the OS user config directory (~/.config/dojo on Linux).
func Resolve(flag string, getenv func(string) string) (Dir, error) {
	root := flag
	if root == "" {
		root = getenv(Env)
	}
	if root == "" {
		cfg, err := os.UserConfigDir()
		if err != nil {
			return Dir{}, fmt.Errorf("no data directory: set --data-dir or %s (%w)", Env, err)
		}
		root = filepath.Join(cfg, "dojo")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return Dir{}, fmt.Errorf("data directory %q: %w", root, err)
	}
	return Dir{Root: abs}, nil
}

// Ensure creates the directory (0700: it holds keys) if it is missing, and
// refuses a path that exists but is not a directory.
func (d Dir) Ensure() error {
	if d.Root == "" {
		return errors.New("data directory not set")
	}
	if err := os.MkdirAll(d.Root, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	fi, err := os.Stat(d.Root)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("data directory %s is not a directory", d.Root)
	}
	return nil
}

// Chain is the embedded chain's geth datadir.
func (d Dir) Chain() string { return filepath.Join(d.Root, "chain") }

// IPFS is the embedded IPFS node's Kubo repo.
func (d Dir) IPFS() string { return filepath.Join(d.Root, "ipfs") }

// Keystore holds go-ethereum keystore files.
func (d Dir) Keystore() string { return filepath.Join(d.Root, "keystore") }

// DevPassword is the file holding the embedded chain's dev key passphrase.
func (d Dir) DevPassword() string { return filepath.Join(d.Root, "dev.password") }

// ChainJSON records the embedded chain's id and contract address.
func (d Dir) ChainJSON() string { return filepath.Join(d.Root, "chain.json") }

// Pending holds saves that reached IPFS but not the chain.
func (d Dir) Pending() string { return filepath.Join(d.Root, "pending") }

// Arena holds the desktop arena's settings, fighters and replays.
func (d Dir) Arena() string { return filepath.Join(d.Root, "arena") }

// Known holds the last pointer seen of each token.
func (d Dir) Known() string { return filepath.Join(d.Root, "tokens") }

// NodeJSON describes the process that owns the directory.
func (d Dir) NodeJSON() string { return filepath.Join(d.Root, "node.json") }

// LockFile is the owner's lock.
func (d Dir) LockFile() string { return filepath.Join(d.Root, "dojo.lock") }

// Ratings is the tournaments' ratings book (tournament.Book).
func (d Dir) Ratings() string { return filepath.Join(d.Root, "ratings.json") }
