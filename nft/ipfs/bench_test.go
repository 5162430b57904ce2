package ipfs

import (
	"context"
	"testing"
)

// BenchmarkOpenEmbeddedFirst is the embedded IPFS node's first start: repo
// init (with its key) and node.
func BenchmarkOpenEmbeddedFirst(b *testing.B) {
	for b.Loop() {
		e, err := OpenEmbedded(context.Background(), b.TempDir(), EmbeddedOptions{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkOpenEmbedded is a later start of the same repo (and its stop).
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

// BenchmarkAddGetCore stores and reads back 125 KB, a sage's Memories.
func BenchmarkAddGetCore(b *testing.B) {
	e, err := OpenEmbedded(context.Background(), b.TempDir(), EmbeddedOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	i := uint64(0)
	for b.Loop() {
		i++
		data := randomBytes(125_000, i)
		c, err := e.Add(context.Background(), data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Get(context.Background(), c, int64(len(data))); err != nil {
			b.Fatal(err)
		}
	}
}
