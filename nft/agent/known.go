package agent

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/dojo-arena/dojo/nft"
)

// Known is the last pointer this data directory saw of a token, kept so a
// save can still be made (and kept pending) while the chain does not
// answer.
type Known struct {
	ChainID  string `json:"chain_id"`
	Contract string `json:"contract"`
	Token    string `json:"token"`
	Pointer  string `json:"pointer"`
}

func (a *Agents) knownPath(token *big.Int) string {
	return filepath.Join(a.KnownDir, fmt.Sprintf("%s-token-%s.json", strings.ToLower(a.Registry.Address().Hex()), token))
}

// remember records the token's pointer; it is a cache, so failures to
// write it are not the caller's concern.
func (a *Agents) remember(token *big.Int, pointer string) {
	if a.KnownDir == "" || a.ChainID == nil {
		return
	}
	k := Known{ChainID: a.ChainID.String(), Contract: a.Registry.Address().Hex(), Token: token.String(), Pointer: pointer}
	data, err := json.Marshal(k)
	if err != nil || os.MkdirAll(a.KnownDir, 0o700) != nil {
		return
	}
	_ = atomicfile.Write(a.knownPath(token), data)
}

// known reads the last pointer seen of the token.
func (a *Agents) known(token *big.Int) (*Known, error) {
	if a.KnownDir == "" {
		return nil, os.ErrNotExist
	}
	data, err := boundedfile.Read(a.knownPath(token), 4096)
	if err != nil {
		return nil, err
	}
	var k Known
	if err := strictjson.Unmarshal(data, &k); err != nil {
		return nil, err
	}
	if _, err := nft.ParseCID(k.Pointer); err != nil {
		return nil, err
	}
	return &k, nil
}

// KnownChainID returns the chain id this data directory recorded for the
// contract at addr (from any token it saw), for working while that chain
// does not answer.
func KnownChainID(dir, contract string) (*big.Int, error) {
	names, _ := filepath.Glob(filepath.Join(dir, strings.ToLower(contract)+"-token-*.json"))
	for _, n := range names {
		data, err := boundedfile.Read(n, 4096)
		if err != nil {
			continue
		}
		var k Known
		if strictjson.Unmarshal(data, &k) != nil {
			continue
		}
		if id, ok := new(big.Int).SetString(k.ChainID, 10); ok && id.Sign() > 0 {
			return id, nil
		}
	}
	return nil, fmt.Errorf("this data directory has never seen contract %s: its chain id is unknown", contract)
}
