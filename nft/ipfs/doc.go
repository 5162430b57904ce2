// Package ipfs holds the two real backends of nft.Store: an in-process Kubo
// node whose repo lives in Dojo's data directory (OpenEmbedded), and a Kubo
// daemon reached over its RPC API (Dial).
//
// Both add with Dojo's explicit options (CIDv1, raw leaves, 256 KiB chunks,
// pinned), so the same bytes get the same CID on both and on the real
// `ipfs add -Q --cid-version 1 --raw-leaves --chunker size-262144`; HashOnly
// computes that CID locally without storing anything.
package ipfs
