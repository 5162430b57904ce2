package chain

import (
	"math/big"
	"testing"
	"time"
)

// openClose opens the embedded chain of dir and closes it, reporting the
// two phases apart.
func openClose(b *testing.B, dir string, open, closing *time.Duration) {
	t0 := time.Now()
	e, err := OpenEmbedded(ctxT(b), dir, EmbeddedOptions{})
	if err != nil {
		b.Fatal(err)
	}
	t1 := time.Now()
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	*open += t1.Sub(t0)
	*closing += time.Since(t1)
}

func reportPhases(b *testing.B, open, closing time.Duration) {
	b.ReportMetric(float64(open.Milliseconds())/float64(b.N), "open-ms/op")
	b.ReportMetric(float64(closing.Milliseconds())/float64(b.N), "close-ms/op")
}

// BenchmarkEmbeddedFirstStart is a new player's first start: dev key,
// genesis and the contract's deployment, then a clean close.
func BenchmarkEmbeddedFirstStart(b *testing.B) {
	var open, closing time.Duration
	for b.Loop() {
		openClose(b, b.TempDir(), &open, &closing)
	}
	reportPhases(b, open, closing)
}

// BenchmarkEmbeddedWarmStart reopens a data directory whose chain and
// contract already exist (chain.json read, code checked), then closes it.
func BenchmarkEmbeddedWarmStart(b *testing.B) {
	dir := b.TempDir()
	e, err := OpenEmbedded(ctxT(b), dir, EmbeddedOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	var open, closing time.Duration
	for b.Loop() {
		openClose(b, dir, &open, &closing)
	}
	reportPhases(b, open, closing)
}

// BenchmarkEmbeddedTransfer is one value transfer, sent and waited for
// until it is mined (its receipt and the head both there).
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
