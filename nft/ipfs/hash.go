package ipfs

import (
	"bytes"
	"fmt"

	chunk "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/ipld/merkledag"
	dstest "github.com/ipfs/boxo/ipld/merkledag/test"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	"github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
)

// ChunkSize is the size of the chunks a file is cut into: 256 KiB.
const ChunkSize = 256 << 10

// Chunker names ChunkSize as Kubo's --chunker option does.
const Chunker = "size-262144"

// HashOnly returns the CID that Add gives data, computed here without
// storing anything: a UnixFS file in CIDv1 with raw leaves, 256 KiB chunks
// and Kubo's default of 174 links per node, as `ipfs add --cid-version 1
// --raw-leaves --chunker size-262144` builds it. Readers use it to check
// that the bytes a daemon served are the bytes the CID names.
func HashOnly(data []byte) (cid.Cid, error) {
	prefix, err := merkledag.PrefixForCidVersion(1)
	if err != nil {
		return cid.Undef, err
	}
	prefix.MhType = multihash.SHA2_256
	params := helpers.DagBuilderParams{
		Maxlinks:   helpers.DefaultLinksPerBlock,
		RawLeaves:  true,
		CidBuilder: &prefix,
		Dagserv:    dstest.Mock(),
	}
	db, err := params.New(chunk.NewSizeSplitter(bytes.NewReader(data), ChunkSize))
	if err != nil {
		return cid.Undef, err
	}
	n, err := balanced.Layout(db)
	if err != nil {
		return cid.Undef, fmt.Errorf("hash: %w", err)
	}
	return n.Cid(), nil
}
