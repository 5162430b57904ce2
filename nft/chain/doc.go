// Package chain is a fighter's life on-chain: the DojoFighters contract
// (Registry, over the abigen bindings of package nft/contracts), the chains
// it runs on, and the keys that sign.
//
// Two real backends answer the same Backend interface, as go-ethereum's
// simulated backend and ethclient do: the embedded dev chain (OpenEmbedded,
// an in-process go-ethereum node whose state persists in the data
// directory, mining each transaction as it arrives, with the contract
// deployed on first start) and any JSON-RPC endpoint (Dial). Keys come from
// go-ethereum keystore files; no key or passphrase ever appears in an error
// or a log.
//
// Reverts are decoded from the contract's custom errors into sentinels
// (ErrNotAuthorized, ErrStaleCore, ...) that errors.Is tells apart.
package chain
