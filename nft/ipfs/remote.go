package ipfs

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ipfs/boxo/files"
	"github.com/ipfs/go-cid"
	shell "github.com/ipfs/go-ipfs-api"
)

// Remote is a Kubo daemon reached over its RPC API. It implements nft.Store.
type Remote struct {
	url string
	sh  *shell.Shell
	// Version is the daemon's version, as it answered Dial.
	Version string
}

// dialTimeout bounds the version call that checks the daemon answers.
const dialTimeout = 10 * time.Second

// Dial connects to the Kubo RPC API at apiURL (http://127.0.0.1:5001 or
// host:port) and checks that the daemon answers.
func Dial(apiURL string) (*Remote, error) {
	u := strings.TrimSuffix(apiURL, "/")
	if u == "" {
		return nil, fmt.Errorf("ipfs: empty API URL")
	}
	sh := shell.NewShellWithClient(u, &http.Client{Transport: http.DefaultTransport})
	ctx, cancel := context.WithTimeout(context.Background(), dialTimeout)
	defer cancel()
	var out struct{ Version string }
	if err := sh.Request("version").Exec(ctx, &out); err != nil {
		return nil, fmt.Errorf("ipfs: no Kubo RPC API answers at %s (start `ipfs daemon` or `dojo node`, or fix --ipfs-api): %w", apiURL, err)
	}
	return &Remote{url: u, sh: sh, Version: out.Version}, nil
}

// URL returns the API URL the Remote was dialled with.
func (r *Remote) URL() string { return r.url }

// Add stores data on the daemon as one UnixFS file with Dojo's options,
// pins it, and returns its CID.
func (r *Remote) Add(ctx context.Context, data []byte) (cid.Cid, error) {
	dir := files.NewSliceDirectory([]files.DirEntry{files.FileEntry("", files.NewBytesFile(data))})
	body := files.NewMultiFileReader(dir, true, false)
	var out struct{ Hash string }
	err := r.sh.Request("add").
		Option("cid-version", CidVersion).
		Option("raw-leaves", true).
		Option("chunker", Chunker).
		Option("pin", true).
		Option("quiet", true).
		Body(body).
		Exec(ctx, &out)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add %d bytes at %s: %w", len(data), r.url, err)
	}
	c, err := cid.Decode(out.Hash)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: daemon at %s answered add with %q: %w", r.url, out.Hash, err)
	}
	return c, nil
}

// Get returns the file named by c. It asks the daemon for the UnixFS file
// size first and refuses with an error wrapping nft.ErrTooLarge if it
// exceeds max, then reads at most max+1 bytes, checks they are exactly the
// announced size, and checks that they hash to c with Dojo's options (the
// daemon is not trusted). A CID that does not resolve fails when ctx expires.
func (r *Remote) Get(ctx context.Context, c cid.Cid, max int64) ([]byte, error) {
	p := "/ipfs/" + c.String()
	st, err := r.sh.FilesStat(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("ipfs: stat %s at %s: %w", c, r.url, ctxErr(ctx, err))
	}
	if st.Type != "file" {
		return nil, fmt.Errorf("ipfs: %s is a %s, not a file", c, st.Type)
	}
	if max < 0 || st.Size > uint64(max) {
		return readBounded(ctx, c, st.Size, max, nil)
	}
	resp, err := r.sh.Request("cat", p).Send(ctx)
	if err != nil {
		return nil, fmt.Errorf("ipfs: cat %s at %s: %w", c, r.url, ctxErr(ctx, err))
	}
	defer resp.Close()
	if resp.Error != nil {
		return nil, fmt.Errorf("ipfs: cat %s at %s: %w", c, r.url, resp.Error)
	}
	data, err := readBounded(ctx, c, st.Size, max, resp.Output)
	if err != nil {
		return nil, err
	}
	got, err := HashOnly(data)
	if err != nil {
		return nil, err
	}
	if !got.Equals(c) {
		return nil, fmt.Errorf("ipfs: daemon at %s served bytes hashing to %s for %s", r.url, got, c)
	}
	return data, nil
}

// Pin pins c recursively on the daemon.
func (r *Remote) Pin(ctx context.Context, c cid.Cid) error {
	if err := r.sh.Request("pin/add", "/ipfs/"+c.String()).Option("recursive", true).Exec(ctx, nil); err != nil {
		return fmt.Errorf("ipfs: pin %s at %s: %w", c, r.url, ctxErr(ctx, err))
	}
	return nil
}

// ctxErr prefers the context's error when it has ended, so a timeout reads
// as one.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}
