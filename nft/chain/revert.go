package chain

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/nft/contracts"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// What the contract refuses, as errors.Is tells them apart. The wrapped
// message gives the detail (the caller, the current pointer, the trait).
var (
	ErrNotAuthorized = errors.New("not the token's owner nor an approved operator")
	ErrStaleCore     = errors.New("stale save: the token's pointer moved")
	ErrInvalidCid    = errors.New("invalid CID")
	ErrBadTraits     = errors.New("archetype or Form trait out of bounds")
	ErrNotCreator    = errors.New("not a creator (the mint allow-list)")
	ErrNoToken       = errors.New("no such token")
	// ErrReverted is any other revert.
	ErrReverted = errors.New("transaction reverted")
)

var fightersABI = func() *abi.ABI {
	a, err := contracts.DojoFightersMetaData.GetAbi()
	if err != nil {
		panic(err)
	}
	return a
}()

// decodeRevert turns revert data carried by err into one of the sentinels
// above, naming the custom error and its arguments. Errors without revert
// data (a node that is down, a timeout) are returned as they are.
func decodeRevert(err error) error {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return err
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return err
	}
	data, derr := hexutil.Decode(s)
	if derr != nil || len(data) < 4 {
		return fmt.Errorf("%w: %s", ErrReverted, safetext.Escape(err.Error()))
	}
	for name, e := range fightersABI.Errors {
		if !bytes.Equal(e.ID[:4], data[:4]) {
			continue
		}
		args, uerr := e.Inputs.Unpack(data[4:])
		detail := name
		if uerr == nil && len(args) > 0 {
			parts := make([]string, len(args))
			for i, a := range args {
				parts[i] = safetext.Escape(fmt.Sprint(a))
			}
			detail += "(" + strings.Join(parts, ", ") + ")"
		}
		return fmt.Errorf("%w: %s", sentinelOf(name), detail)
	}
	return fmt.Errorf("%w: %s", ErrReverted, safetext.Escape(err.Error()))
}

func sentinelOf(name string) error {
	switch name {
	case "NotOwnerNorApproved", "ERC721InsufficientApproval":
		return ErrNotAuthorized
	case "StaleCore":
		return ErrStaleCore
	case "InvalidCid":
		return ErrInvalidCid
	case "TraitOutOfBounds", "UnknownArchetype":
		return ErrBadTraits
	case "AccessControlUnauthorizedAccount":
		return ErrNotCreator
	case "ERC721NonexistentToken":
		return ErrNoToken
	}
	return ErrReverted
}
