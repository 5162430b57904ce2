package brain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// SpecHash is the content hash of a Brain: "sha256:" and the hex SHA-256
// of its canonical brain.json bytes (MarshalSpec), so that a hand-edited
// brain.json with other whitespace or key order has the same hash.
func SpecHash(s Spec) (string, error) {
	b, err := MarshalSpec(s)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// IDPrefix begins every Core identity.
const IDPrefix = "core:"

// ID is the Core's identity by content, as a replay names the fighter it
// plays: "core:" + SpecHash + "/" + MemoriesHash, e.g.
// "core:sha256:1f…/sha256:9a…". Two Cores have the same ID exactly when
// they have the same Brain and the same Memories (parameters and lineage),
// wherever they are stored; it never depends on a local path.
func (c *Core) ID() (string, error) {
	spec, err := SpecHash(c.Spec)
	if err != nil {
		return "", fmt.Errorf("core identity: %w", err)
	}
	mem, err := c.MemoriesHash()
	if err != nil {
		return "", fmt.Errorf("core identity: %w", err)
	}
	return IDPrefix + spec + "/" + mem, nil
}

// IsCoreID reports whether id has the form of a Core identity (ID).
func IsCoreID(id string) bool {
	rest, ok := strings.CutPrefix(id, IDPrefix)
	if !ok {
		return false
	}
	spec, mem, ok := strings.Cut(rest, "/")
	return ok && isSHA256(spec) && isSHA256(mem)
}

func isSHA256(h string) bool {
	hexPart, ok := strings.CutPrefix(h, "sha256:")
	if !ok || len(hexPart) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(hexPart); i++ {
		if c := hexPart[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
