package chain

import (
	"context"
	"math/big"
	"testing"
)

// BenchmarkOpenEmbeddedFirst is the embedded chain's first start: dev key,
// genesis, and the contract's deployment.
func BenchmarkOpenEmbeddedFirst(b *testing.B) {
	for b.Loop() {
		e, err := OpenEmbedded(context.Background(), b.TempDir(), EmbeddedOptions{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkOpenEmbedded is a later start of the same chain (and its stop).
func BenchmarkOpenEmbedded(b *testing.B) {
	dir := b.TempDir()
	e, err := OpenEmbedded(context.Background(), dir, EmbeddedOptions{})
	if err != nil {
		b.Fatal(err)
	}
	e.Close()
	for b.Loop() {
		e, err := OpenEmbedded(context.Background(), dir, EmbeddedOptions{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkEmbeddedTransfer is one value transfer on the embedded chain,
// sent and waited for until it is mined (receipt and head both there).
func BenchmarkEmbeddedTransfer(b *testing.B) {
	e, err := OpenEmbedded(ctxT(b), b.TempDir(), EmbeddedOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	_, auth := e.DevKey()
	c := &testChain{name: "embedded", client: e.Client(), chainID: big.NewInt(DevChainID), admin: auth}
	to := auth.From
	to[0] ^= 0xff
	for b.Loop() {
		c.send(b, to, big.NewInt(1))
	}
}
