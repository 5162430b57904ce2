package chain

import (
	"context"
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
