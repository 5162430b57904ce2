package ipfs

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/dojo-arena/dojo/nft"
	"github.com/ipfs/boxo/files"
	"github.com/ipfs/go-cid"
	shell "github.com/ipfs/go-ipfs-api"
)

// Remote is a Kubo daemon reached through its RPC API (go-ipfs-api), e.g.
// `--ipfs-api http://127.0.0.1:5001`. It adds with the same explicit
// options as the embedded node, pins what it adds, and checks every byte it
// is served against the CID asked for.
type Remote struct {
	sh  *shell.Shell
	url string
}

// Dial connects to the daemon at apiURL and checks that it answers.
func Dial(ctx context.Context, apiURL string) (*Remote, error) {
	client := &http.Client{Timeout: 5 * time.Minute}
	sh := shell.NewShellWithClient(apiURL, client)
	var v struct{ Version string }
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sh.Request("version").Exec(cctx, &v); err != nil {
		return nil, fmt.Errorf("IPFS API %s does not answer: %w", apiURL, err)
	}
	return &Remote{sh: sh, url: apiURL}, nil
}

// URL is the daemon's API address.
func (r *Remote) URL() string { return r.url }

// Add stores data as one UnixFS file on the daemon, pinned, and returns its
// CID. The daemon's answer is checked against HashOnly.
func (r *Remote) Add(ctx context.Context, data []byte) (cid.Cid, error) {
	want, err := HashOnly(data)
	if err != nil {
		return cid.Undef, err
	}
	// One file in a multipart body, as shell.Add sends it, but through
	// Exec so that ctx cancels the request.
	body := files.NewMultiFileReader(files.NewSliceDirectory([]files.DirEntry{
		files.FileEntry("", files.NewBytesFile(data)),
	}), true, false)
	var out struct{ Hash string }
	err = r.sh.Request("add").
		Option("cid-version", 1).
		Option("raw-leaves", true).
		Option("chunker", Chunker).
		Option("pin", true).
		Option("quiet", true).
		Body(body).
		Exec(ctx, &out)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs add: %w", ctxErr(ctx, err))
	}
	got, err := cid.Decode(out.Hash)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs add: daemon answered %q: %w", out.Hash, err)
	}
	if !got.Equals(want) {
		return cid.Undef, fmt.Errorf("ipfs add: daemon gave %s, the bytes hash to %s (other add options?)", got, want)
	}
	return got, nil
}

// Pin pins c recursively on the daemon.
func (r *Remote) Pin(ctx context.Context, c cid.Cid) error {
	if err := r.sh.Request("pin/add", "/ipfs/"+c.String()).Option("recursive", true).Exec(ctx, nil); err != nil {
		return fmt.Errorf("ipfs pin %s: %w", c, ctxErr(ctx, err))
	}
	return nil
}

// ctxErr puts ctx's error first once ctx has ended, so that a timeout
// reads as one and errors.Is finds it.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

// Get returns the bytes of c from the daemon: it asks the file's size
// first and refuses, before reading, if it exceeds max; then reads at most
// max bytes and checks that they hash to c.
func (r *Remote) Get(ctx context.Context, c cid.Cid, max int64) ([]byte, error) {
	st, err := r.sh.FilesStat(ctx, "/ipfs/"+c.String())
	if err != nil {
		return nil, fmt.Errorf("ipfs stat %s: %w", c, ctxErr(ctx, err))
	}
	if st.Type != "file" {
		return nil, fmt.Errorf("ipfs get %s: a %s, not a file", c, st.Type)
	}
	if st.Size > uint64(max) {
		return nil, fmt.Errorf("%w: %s is %d bytes, at most %d allowed", nft.ErrTooLarge, c, st.Size, max)
	}
	resp, err := r.sh.Request("cat", "/ipfs/"+c.String()).Option("length", max+1).Send(ctx)
	if err != nil {
		return nil, fmt.Errorf("ipfs cat %s: %w", c, ctxErr(ctx, err))
	}
	defer resp.Close()
	if resp.Error != nil {
		return nil, fmt.Errorf("ipfs cat %s: %w", c, resp.Error)
	}
	data, err := readBounded(ctx, c, resp.Output, int64(st.Size), max)
	if err != nil {
		return nil, err
	}
	got, err := HashOnly(data)
	if err != nil {
		return nil, err
	}
	if !got.Equals(c) {
		return nil, fmt.Errorf("ipfs get %s: the daemon served bytes that hash to %s", c, got)
	}
	return data, nil
}
