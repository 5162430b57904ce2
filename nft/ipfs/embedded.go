package ipfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

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

// ErrRepoLocked marks a Kubo repo that another process (or another open
// Embedded in this process) holds.
var ErrRepoLocked = errors.New("ipfs repo in use")

// EmbeddedOptions configures OpenEmbedded.
type EmbeddedOptions struct {
	// Online joins the public IPFS network. The default, false, keeps the
	// node offline: it serves only what its repo holds.
	Online bool
}

// Embedded is an in-process Kubo node over a repo on disk. It implements
// nft.Store.
type Embedded struct {
	dir  string
	node *core.IpfsNode
	api  iface.CoreAPI
	// plugins is the process-wide plugin loader, kept for Serve.
	plugins *loader.PluginLoader

	closeOnce sync.Once
	closeErr  error
}

var (
	pluginsOnce sync.Once
	pluginsErr  error
	plugins     *loader.PluginLoader

	openMu   sync.Mutex
	openDirs = map[string]bool{}
)

// setupPlugins loads and injects Kubo's preloaded plugins (the datastores
// among them) once per process, before any repo opens.
func setupPlugins(repoDir string) (*loader.PluginLoader, error) {
	pluginsOnce.Do(func() {
		l, err := loader.NewPluginLoader(repoDir)
		if err != nil {
			pluginsErr = fmt.Errorf("ipfs: load plugins: %w", err)
			return
		}
		if err := l.Initialize(); err != nil {
			pluginsErr = fmt.Errorf("ipfs: initialise plugins: %w", err)
			return
		}
		if err := l.Inject(); err != nil {
			pluginsErr = fmt.Errorf("ipfs: inject plugins: %w", err)
			return
		}
		plugins = l
	})
	return plugins, pluginsErr
}

// OpenEmbedded opens the Kubo repo at repoDir, initialising it first if it
// is not one yet, and starts an in-process node over it, offline unless
// opts.Online. If another process holds the repo (a running `dojo node` or
// an `ipfs daemon`), or this process has it open already, the error wraps
// ErrRepoLocked and names the repo. ctx is the node's lifetime: when it
// ends the node stops. Close stops the node and releases the repo.
func OpenEmbedded(ctx context.Context, repoDir string, opts EmbeddedOptions) (*Embedded, error) {
	dir, err := filepath.Abs(repoDir)
	if err != nil {
		return nil, fmt.Errorf("ipfs: repo path %q: %w", repoDir, err)
	}
	pl, err := setupPlugins(dir)
	if err != nil {
		return nil, err
	}

	openMu.Lock()
	if openDirs[dir] {
		openMu.Unlock()
		return nil, fmt.Errorf("ipfs: repo %s is already open in this process: %w", dir, ErrRepoLocked)
	}
	openDirs[dir] = true
	openMu.Unlock()
	ok := false
	defer func() {
		if !ok {
			release(dir)
		}
	}()

	if !fsrepo.IsInitialized(dir) {
		cfg, err := config.Init(io.Discard, 2048)
		if err != nil {
			return nil, fmt.Errorf("ipfs: new config for %s: %w", dir, err)
		}
		if err := fsrepo.Init(dir, cfg); err != nil {
			return nil, fmt.Errorf("ipfs: init repo %s: %w", dir, err)
		}
	}
	if locked, err := fsrepo.LockedByOtherProcess(dir); err != nil {
		return nil, fmt.Errorf("ipfs: check lock of repo %s: %w", dir, err)
	} else if locked {
		return nil, fmt.Errorf("ipfs: repo %s is held by another process: %w", dir, ErrRepoLocked)
	}
	r, err := fsrepo.Open(dir)
	if err != nil {
		if isLockError(err) {
			return nil, fmt.Errorf("ipfs: repo %s is held by another process: %w (%w)", dir, ErrRepoLocked, err)
		}
		return nil, fmt.Errorf("ipfs: open repo %s: %w", dir, err)
	}
	node, err := core.NewNode(ctx, &core.BuildCfg{Online: opts.Online, Repo: r})
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("ipfs: start node on %s: %w", dir, err)
	}
	api, err := coreapi.NewCoreAPI(node)
	if err != nil {
		_ = node.Close()
		return nil, fmt.Errorf("ipfs: core api on %s: %w", dir, err)
	}
	ok = true
	return &Embedded{dir: dir, node: node, api: api, plugins: pl}, nil
}

// isLockError tells whether err is go-fs-lock's "someone else has the lock".
func isLockError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "someone else has the lock") || strings.Contains(s, "lock is already held")
}

func release(dir string) {
	openMu.Lock()
	delete(openDirs, dir)
	openMu.Unlock()
}

// Dir returns the absolute path of the node's repo.
func (e *Embedded) Dir() string { return e.dir }

// Close stops the node and releases the repo. It is safe to call twice.
func (e *Embedded) Close() error {
	e.closeOnce.Do(func() {
		// node.Close closes the repo it was built on.
		if err := e.node.Close(); err != nil {
			e.closeErr = fmt.Errorf("ipfs: close node on %s: %w", e.dir, err)
		}
		release(e.dir)
	})
	return e.closeErr
}

// addOptions are Dojo's add options in coreapi form.
func addOptions() []options.UnixfsAddOption {
	return []options.UnixfsAddOption{
		options.Unixfs.CidVersion(CidVersion),
		options.Unixfs.RawLeaves(true),
		options.Unixfs.Chunker(Chunker),
		options.Unixfs.Pin(true, ""),
	}
}

// Add stores data as one UnixFS file with Dojo's options, pins it, and
// returns its CID.
func (e *Embedded) Add(ctx context.Context, data []byte) (cid.Cid, error) {
	p, err := e.api.Unixfs().Add(ctx, files.NewBytesFile(data), addOptions()...)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add %d bytes: %w", len(data), err)
	}
	return p.RootCid(), nil
}

// Get returns the file named by c. It reads the UnixFS file size first and
// refuses with an error wrapping nft.ErrTooLarge if it exceeds max, then
// reads at most max+1 bytes and checks they are exactly the announced size.
// A CID that is not in the repo fails at once offline, and when ctx expires
// online.
func (e *Embedded) Get(ctx context.Context, c cid.Cid, max int64) ([]byte, error) {
	nd, err := e.api.Unixfs().Get(ctx, path.FromCid(c))
	if err != nil {
		return nil, fmt.Errorf("ipfs: get %s: %w", c, err)
	}
	defer nd.Close()
	f, ok := nd.(files.File)
	if !ok {
		return nil, fmt.Errorf("ipfs: %s is not a file", c)
	}
	size, err := f.Size()
	if err != nil {
		return nil, fmt.Errorf("ipfs: size of %s: %w", c, err)
	}
	if size < 0 {
		return nil, fmt.Errorf("ipfs: %s has negative size %d", c, size)
	}
	return readBounded(ctx, c, uint64(size), max, f)
}

// Pin pins c recursively, fetching it first if the node is online and does
// not hold it.
func (e *Embedded) Pin(ctx context.Context, c cid.Cid) error {
	if err := e.api.Pin().Add(ctx, path.FromCid(c)); err != nil {
		return fmt.Errorf("ipfs: pin %s: %w", c, err)
	}
	return nil
}
