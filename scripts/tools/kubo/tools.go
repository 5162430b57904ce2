//go:build tools

// Package tools pins the real Kubo `ipfs` binary that Dojo's integration
// tests run (scripts/kubo.sh build), with the go-libp2p version kubo v0.43.1
// compiles against.
package tools

import _ "github.com/ipfs/kubo/cmd/ipfs"
