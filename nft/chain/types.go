package chain

import (
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
)

// Address is an Ethereum address. The aliases here let the command line
// name addresses and signers without importing go-ethereum itself: only the
// nft packages do (DESIGN.md).
type Address = common.Address

// Signer signs transactions with one key for one chain.
type Signer = bind.TransactOpts

// IsAddress reports whether s is an address in hex (with or without 0x).
func IsAddress(s string) bool { return common.IsHexAddress(s) }

// ParseAddress reads an address in hex; check it with IsAddress first.
func ParseAddress(s string) Address { return common.HexToAddress(s) }
