package chain

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
)

// Dial connects to any JSON-RPC endpoint (a geth node, a testnet, mainnet)
// and returns the client with the chain's id. An endpoint that does not
// answer within the context's deadline (or 10 s) is an error that says so.
func Dial(ctx context.Context, url string) (*ethclient.Client, *big.Int, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, fmt.Errorf("chain %s: %w", url, err)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	id, err := c.ChainID(cctx)
	if err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("chain %s does not answer: %w", url, err)
	}
	return c, id, nil
}
