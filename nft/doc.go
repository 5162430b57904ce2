// Package nft will hold the fighter's life on IPFS and on-chain: the Manifest
// (ERC-721 metadata linking Brain, Memories and Form), IPFS storage (an
// embedded store or a Kubo daemon), the chain client (an embedded node or any
// JSON-RPC endpoint) and the contract bindings.
//
// Not built yet: this package is a placeholder in the layout of DESIGN.md.
// It is the only package that may import go-ethereum or the IPFS clients.
package nft
