//go:build tools

// Package tools pins the kubo command built by scripts/kubo.sh.
package tools

import _ "github.com/ipfs/kubo/cmd/ipfs"
