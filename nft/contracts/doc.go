// Package contracts holds the DojoFighters contract (DojoFighters.sol, on
// OpenZeppelin 5 ERC-721 with ERC-4906), its compiled ABI and bytecode, and
// the Go bindings abigen generated from them. The generated files are never
// edited by hand: `make contracts` (scripts/contracts.sh) regenerates them
// with the pinned solc and OpenZeppelin from npm, and `make contracts-check`
// fails when the committed files differ from what the source gives.
// Package nft/chain wraps the bindings.
package contracts

//go:generate bash ../../scripts/contracts.sh
