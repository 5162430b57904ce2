package nft

import (
	"context"
	"errors"

	"github.com/ipfs/go-cid"
)

// Store keeps content-addressed objects: the Brain spec, the Memories, the
// Form, the portrait and the Manifest of every saved state. It is owned by
// this package, its consumer, as game.Controller is owned by game: the
// embedded Kubo node and a Kubo daemon's RPC API (package nft/ipfs) both
// satisfy it, and are tested the same way.
//
// Every implementation adds with Dojo's explicit options (CIDv1, raw leaves,
// 256 KiB chunks), so the same bytes get the same CID on every backend and
// on the real `ipfs add --cid-version 1 --raw-leaves --chunker size-262144`.
type Store interface {
	// Add stores data as one UnixFS file, pins it, and returns its CID.
	Add(ctx context.Context, data []byte) (cid.Cid, error)
	// Get returns the bytes named by c. It learns the object's size first
	// and refuses, with an error wrapping ErrTooLarge, before downloading
	// anything if the size exceeds max; it never returns more than max
	// bytes. A CID that does not resolve fails when ctx expires.
	Get(ctx context.Context, c cid.Cid, max int64) ([]byte, error)
}

// ErrTooLarge marks an object refused because its size exceeds the bound
// the reader gave.
var ErrTooLarge = errors.New("object larger than allowed")
