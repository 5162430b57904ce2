package main

import (
	"context"
	"fmt"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/tournament"
)

// storeOnIPFS keeps data on IPFS and names it by its CID: a tournament's
// Config.Store for its replays, and its results document.
func (env *nftEnv) storeOnIPFS(ctx context.Context, replay []byte) (string, error) {
	c, err := env.agents.Store.Add(ctx, replay)
	return c.String(), err
}

// fetchReplay reads a replay back from IPFS by its CID, bounded.
func (env *nftEnv) fetchReplay(ctx context.Context, s string) ([]byte, error) {
	c, err := nft.ParseCID(s)
	if err != nil {
		return nil, err
	}
	return env.agents.Store.Get(ctx, c, maxReplayBytes)
}

// publishResults writes a finished tournament's results document to path,
// whole or not at all, stores it on IPFS and takes the tournament into the
// ratings book. It returns the document's CID; taken is false when the
// book already held the tournament's games.
func (env *nftEnv) publishResults(ctx context.Context, res *tournament.Results, path string) (cid string, taken bool, err error) {
	data, err := tournament.MarshalResults(res)
	if err != nil {
		return "", false, err
	}
	if err := atomicfile.Write(path, data); err != nil {
		return "", false, err
	}
	if cid, err = env.storeOnIPFS(ctx, data); err != nil {
		return "", false, fmt.Errorf("results written to %s but not stored on IPFS: %w", path, err)
	}
	taken, err = tournament.UpdateBook(env.Dir.Ratings(), res)
	return cid, taken, err
}
