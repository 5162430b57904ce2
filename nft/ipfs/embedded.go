package ipfs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/dojo-arena/dojo/nft"
	"github.com/ipfs/boxo/files"
	"github.com/ipfs/boxo/path"
	"github.com/ipfs/go-cid"
	"github.com/ipfs/kubo/config"
	"github.com/ipfs/kubo/core"
	"github.com/ipfs/kubo/core/coreapi"
	iface "github.com/ipfs/kubo/core/coreiface"
	"github.com/ipfs/kubo/core/coreiface/options"
	"github.com/ipfs/kubo/plugin/loader"
	"github.com/ipfs/kubo/repo/fsrepo"
)

// ErrRepoLocked marks an embedded node whose repo another process (or
// another open Embedded in this process, tested) has open.
var ErrRepoLocked = errors.New("IPFS repo in use by another process")

// EmbeddedOptions configure the embedded node.
type EmbeddedOptions struct {
	// Online connects the node to the IPFS network. It is off by default:
	// a player's node serves its own fighters and needs no peers.
	Online bool
}

// Embedded is an in-process Kubo node whose repo lives in the data
// directory: a player needs no daemon.
type Embedded struct {
	node *core.IpfsNode
	api  iface.CoreAPI
	repo string

	closeOnce sync.Once
	closeErr  error
}

var plugins struct {
	once   sync.Once
	loader *loader.PluginLoader
	err    error
}

// loadPlugins injects Kubo's preloaded plugins (the datastores a repo opens
// with), which may happen only once per process.
func loadPlugins(repoDir string) error {
	plugins.once.Do(func() {
		l, err := loader.NewPluginLoader(repoDir)
		if err == nil {
			err = l.Initialize()
		}
		if err == nil {
			err = l.Inject()
		}
		plugins.loader, plugins.err = l, err
	})
	return plugins.err
}

// OpenEmbedded opens (creating it on first use) the Kubo repo at repoDir and
// starts a node on it, offline unless opts.Online.
func OpenEmbedded(ctx context.Context, repoDir string, opts EmbeddedOptions) (*Embedded, error) {
	abs, err := filepath.Abs(repoDir)
	if err != nil {
		return nil, fmt.Errorf("ipfs repo %s: %w", repoDir, err)
	}
	repoDir = abs
	if err := loadPlugins(repoDir); err != nil {
		return nil, fmt.Errorf("ipfs plugins: %w", err)
	}
	if err := os.MkdirAll(repoDir, 0o700); err != nil {
		return nil, fmt.Errorf("ipfs repo: %w", err)
	}
	if locked, err := fsrepo.LockedByOtherProcess(repoDir); err == nil && locked {
		return nil, fmt.Errorf("%w: %s", ErrRepoLocked, repoDir)
	}
	if !fsrepo.IsInitialized(repoDir) {
		cfg, err := config.Init(io.Discard, 2048)
		if err != nil {
			return nil, fmt.Errorf("ipfs config: %w", err)
		}
		// Nothing listens unless asked: the API and gateway are served by
		// `dojo node` on its own listeners.
		cfg.Addresses.API = config.Strings{}
		cfg.Addresses.Gateway = config.Strings{}
		if err := fsrepo.Init(repoDir, cfg); err != nil {
			return nil, fmt.Errorf("ipfs repo init: %w", err)
		}
	}
	r, err := fsrepo.Open(repoDir)
	if err != nil {
		if locked, lerr := fsrepo.LockedByOtherProcess(repoDir); lerr == nil && locked {
			return nil, fmt.Errorf("%w: %s", ErrRepoLocked, repoDir)
		}
		return nil, fmt.Errorf("open ipfs repo: %w", err)
	}
	node, err := core.NewNode(ctx, &core.BuildCfg{Online: opts.Online, Repo: r})
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("start ipfs node: %w", err)
	}
	api, err := coreapi.NewCoreAPI(node)
	if err != nil {
		node.Close()
		return nil, err
	}
	return &Embedded{node: node, api: api, repo: repoDir}, nil
}

// Dir is the absolute path of the node's repo.
func (e *Embedded) Dir() string { return e.repo }

// Node is the Kubo node, for serving it (see Serve).
func (e *Embedded) Node() *core.IpfsNode { return e.node }

// Close stops the node and releases its repo, which stays on disk. A second
// Close does nothing.
func (e *Embedded) Close() error {
	e.closeOnce.Do(func() {
		if err := e.node.Close(); err != nil {
			e.closeErr = fmt.Errorf("close ipfs node on %s: %w", e.repo, err)
		}
	})
	return e.closeErr
}

// Pin pins c recursively, fetching it first if the node is online and does
// not hold it.
func (e *Embedded) Pin(ctx context.Context, c cid.Cid) error {
	if err := e.api.Pin().Add(ctx, path.FromCid(c)); err != nil {
		return fmt.Errorf("ipfs pin %s: %w", c, err)
	}
	return nil
}

// addOptions are Dojo's explicit add options: they fix the CID of a file.
func addOptions(pin bool) []options.UnixfsAddOption {
	return []options.UnixfsAddOption{
		options.Unixfs.CidVersion(1),
		options.Unixfs.RawLeaves(true),
		options.Unixfs.Chunker(Chunker),
		options.Unixfs.Pin(pin, ""),
	}
}

// Add stores data as one UnixFS file, pinned, and returns its CID.
func (e *Embedded) Add(ctx context.Context, data []byte) (cid.Cid, error) {
	p, err := e.api.Unixfs().Add(ctx, files.NewBytesFile(data), addOptions(true)...)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs add: %w", err)
	}
	return p.RootCid(), nil
}

// Get returns the bytes of c, refusing before reading if the file is larger
// than max.
func (e *Embedded) Get(ctx context.Context, c cid.Cid, max int64) ([]byte, error) {
	n, err := e.api.Unixfs().Get(ctx, path.FromCid(c))
	if err != nil {
		return nil, fmt.Errorf("ipfs get %s: %w", c, err)
	}
	defer n.Close()
	f, ok := n.(files.File)
	if !ok {
		return nil, fmt.Errorf("ipfs get %s: not a file", c)
	}
	size, err := f.Size()
	if err != nil {
		return nil, fmt.Errorf("ipfs get %s: %w", c, err)
	}
	return readBounded(ctx, c, f, size, max)
}

// readBounded reads a file announced as size bytes, refusing it first if
// size exceeds max, and checking that exactly size bytes come.
func readBounded(ctx context.Context, c cid.Cid, r io.Reader, size, max int64) ([]byte, error) {
	if size > max {
		return nil, fmt.Errorf("%w: %s is %d bytes, at most %d allowed", nft.ErrTooLarge, c, size, max)
	}
	if size < 0 {
		return nil, fmt.Errorf("ipfs get %s: size %d", c, size)
	}
	var buf bytes.Buffer
	buf.Grow(int(size))
	if _, err := buf.ReadFrom(io.LimitReader(ctxReader{ctx, r}, max+1)); err != nil {
		return nil, fmt.Errorf("ipfs get %s: %w", c, err)
	}
	if n := int64(buf.Len()); n != size {
		if n > max {
			return nil, fmt.Errorf("%w: %s sent more than %d bytes", nft.ErrTooLarge, c, max)
		}
		return nil, fmt.Errorf("ipfs get %s: announced %d bytes, got %d", c, size, n)
	}
	return buf.Bytes(), nil
}

// ctxReader stops reading when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
