package nft

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// FuzzParseManifest feeds ParseManifest arbitrary bytes: it must never
// panic, every refusal must wrap ErrBadManifest, and whatever it accepts
// must survive MarshalManifest → ParseManifest unchanged.
func FuzzParseManifest(f *testing.F) {
	if data, err := os.ReadFile("testdata/manifest.golden"); err == nil {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			f.Add(data[i+1:]) // without the golden header line
		}
	}
	f.Add([]byte(`{"name":"x","dojo":{"version":1}}`))
	f.Add([]byte(`{"name":"x","name":"y"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data)
		if err != nil {
			if !errors.Is(err, ErrBadManifest) {
				t.Fatalf("error without ErrBadManifest: %v", err)
			}
			return
		}
		out, err := MarshalManifest(m)
		if err != nil {
			t.Fatalf("accepted but cannot write it back: %v", err)
		}
		m2, err := ParseManifest(out)
		if err != nil {
			t.Fatalf("its own output refused: %v", err)
		}
		out2, _ := MarshalManifest(m2)
		if !bytes.Equal(out, out2) {
			t.Fatal("not canonical")
		}
	})
}
