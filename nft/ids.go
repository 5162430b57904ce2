package nft

import (
	"fmt"
	"strings"

	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"
)

// IsAddress reports whether s is an Ethereum address as Dojo's files and
// manifests write it: 0x followed by 40 hex digits.
func IsAddress(s string) bool {
	return strings.HasPrefix(s, "0x") && common.IsHexAddress(s)
}

// ParseCID reads a CID as Dojo writes them: CIDv1 in base32 lower case. It
// refuses CIDv0, other bases and anything longer than 100 characters, as the
// contract does.
func ParseCID(s string) (cid.Cid, error) {
	if len(s) < 8 || len(s) > 100 || s[0] != 'b' {
		return cid.Undef, fmt.Errorf("CID %q is not a base32 CIDv1", safetext.Escape(s))
	}
	for _, r := range s[1:] {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return cid.Undef, fmt.Errorf("CID %q is not a base32 CIDv1", safetext.Escape(s))
		}
	}
	c, err := cid.Decode(s)
	if err != nil {
		return cid.Undef, fmt.Errorf("CID %q: %w", s, err)
	}
	if c.Version() != 1 || c.String() != s {
		return cid.Undef, fmt.Errorf("CID %q is not a canonical CIDv1", s)
	}
	return c, nil
}
