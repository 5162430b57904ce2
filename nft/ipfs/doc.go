// Package ipfs holds the two real backends of nft.Store: Embedded, an
// in-process Kubo node whose repo lives in the data directory (offline
// unless asked, so a player needs no daemon), and Remote, a Kubo daemon's
// RPC API through go-ipfs-api (`--ipfs-api http://127.0.0.1:5001`).
//
// Both add with the same explicit options (CIDv1, raw leaves, 256 KiB
// chunks, pinned), so the same bytes get the same CID on either and on the
// real `ipfs add --cid-version 1 --raw-leaves --chunker size-262144`;
// HashOnly computes that CID locally, and Remote checks every byte a daemon
// serves against it. Get learns a file's size before reading it and refuses
// anything over the caller's bound.
package ipfs
