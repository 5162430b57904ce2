package ipfs

import (
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkOpenEmbedded measures the start-up of the embedded node: on a
// repo it must create first (cold) and on an existing one (warm), Close
// included.
func BenchmarkOpenEmbedded(b *testing.B) {
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		root := b.TempDir()
		for i := 0; b.Loop(); i++ {
			e, err := OpenEmbedded(ctx, filepath.Join(root, fmt.Sprint(i)), EmbeddedOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := e.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		dir := filepath.Join(b.TempDir(), "ipfs")
		e, err := OpenEmbedded(ctx, dir, EmbeddedOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			e, err := OpenEmbedded(ctx, dir, EmbeddedOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := e.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAddGet50KB adds and reads back a new 50 KB object (the size of
// a small Core) per iteration, on each backend.
func BenchmarkAddGet50KB(b *testing.B) {
	ctx := context.Background()
	stores := map[string]func(b *testing.B) store{
		"embedded": func(b *testing.B) store { return openTemp(b) },
		"remote-to-kubo-daemon": func(b *testing.B) store {
			_, api := startDaemon(b)
			r, err := Dial(ctx, api)
			if err != nil {
				b.Fatal(err)
			}
			return r
		},
	}
	for _, name := range []string{"embedded", "remote-to-kubo-daemon"} {
		b.Run(name, func(b *testing.B) {
			s := stores[name](b)
			data := payload(50, 50_000)
			b.SetBytes(int64(len(data)))
			for i := uint64(0); b.Loop(); i++ {
				binary.LittleEndian.PutUint64(data, i)
				c, err := s.Add(ctx, data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Get(ctx, c, int64(len(data))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
