package ipfs

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/blockstore"
	chunker "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	"github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	"github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	dssync "github.com/ipfs/go-datastore/sync"
	mh "github.com/multiformats/go-multihash"

	"github.com/dojo-arena/dojo/nft"
)

// Dojo's add options, the same on every backend.
const (
	// ChunkSize is the fixed chunk size, in bytes, of every added file.
	ChunkSize = 262144
	// Chunker is ChunkSize in Kubo's chunker syntax.
	Chunker = "size-262144"
	// CidVersion is the CID version of every added file.
	CidVersion = 1
)

// HashOnly returns the CID that Add gives data, computed locally with boxo's
// UnixFS importer (balanced layout, CIDv1, sha2-256, raw leaves, 256 KiB
// chunks) over an in-memory blockstore: nothing is stored anywhere. Readers
// use it to check that bytes served by a daemon really have the CID asked for.
func HashOnly(data []byte) (cid.Cid, error) {
	bs := blockstore.NewBlockstore(dssync.MutexWrap(ds.NewMapDatastore()))
	dag := merkledag.NewDAGService(blockservice.New(bs, nil))
	prefix, err := merkledag.PrefixForCidVersion(CidVersion)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: cid prefix: %w", err)
	}
	prefix.MhType = mh.SHA2_256
	prefix.MhLength = -1
	params := helpers.DagBuilderParams{
		Maxlinks:   helpers.DefaultLinksPerBlock,
		RawLeaves:  true,
		CidBuilder: &prefix,
		Dagserv:    dag,
	}
	db, err := params.New(chunker.NewSizeSplitter(bytes.NewReader(data), ChunkSize))
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: dag builder: %w", err)
	}
	nd, err := balanced.Layout(db)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: hash %d bytes: %w", len(data), err)
	}
	return nd.Cid(), nil
}

// readBounded checks the announced size against max before reading, then
// reads at most max+1 bytes from r and checks that exactly size came.
func readBounded(ctx context.Context, c cid.Cid, size uint64, max int64, r io.Reader) ([]byte, error) {
	if max < 0 || size > uint64(max) {
		return nil, fmt.Errorf("ipfs: %s is %d bytes, more than %d: %w", c, size, max, nft.ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("ipfs: read %s: %w", c, ctx.Err())
		}
		return nil, fmt.Errorf("ipfs: read %s: %w", c, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("ipfs: %s gave more than %d bytes: %w", c, max, nft.ErrTooLarge)
	}
	if uint64(len(data)) != size {
		return nil, fmt.Errorf("ipfs: %s announced %d bytes but gave %d", c, size, len(data))
	}
	return data, nil
}
