package assets

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/portraits.golden after a FormVersion or RenderVersion bump")

func TestFormRoundTrip(t *testing.T) {
	// Every choice of every trait survives MarshalForm → ParseForm and
	// FormFromCodes → Codes.
	for i := range TraitCount {
		for c := range TraitLimits[i] {
			var codes [TraitCount]uint8
			codes[i] = c
			f, err := FormFromCodes(codes)
			if err != nil {
				t.Fatal(err)
			}
			data, err := MarshalForm(f)
			if err != nil {
				t.Fatal(err)
			}
			g, err := ParseForm(data)
			if err != nil || g.Codes() != codes {
				t.Fatalf("%s: %v %v", data, g.Codes(), err)
			}
			again, _ := MarshalForm(g)
			if !bytes.Equal(again, data) {
				t.Fatal("MarshalForm is not canonical")
			}
		}
	}
	var over [TraitCount]uint8
	over[7] = TraitLimits[7]
	if _, err := FormFromCodes(over); !errors.Is(err, ErrBadForm) {
		t.Fatalf("face code %d accepted: %v", over[7], err)
	}
}

func TestParseFormRejects(t *testing.T) {
	good, _ := MarshalForm(RandomForm(3))
	s := string(good)
	cases := map[string]string{
		"version":   strings.Replace(s, `"version": 1`, `"version": 2`, 1),
		"unknown":   strings.Replace(s, `"version": 1,`, `"version": 1, "wings": "yes",`, 1),
		"duplicate": strings.Replace(s, `"version": 1,`, `"version": 1, "version": 1,`, 1),
		"choice":    strings.Replace(s, `"build": "`, `"build": "x`, 1),
		"escape":    strings.Replace(s, `"build": "`, `"build": "\u001b[2J`, 1),
		"number":    strings.Replace(s, `"version": 1`, `"version": "1"`, 1),
		"missing":   `{"version": 1}`,
		"trailing":  s + "{}",
		"huge":      s[:len(s)-2] + strings.Repeat(" ", MaxFormSize) + "}",
		"not json":  "\xff\xfe",
	}
	for name, body := range cases {
		if _, err := ParseForm([]byte(body)); !errors.Is(err, ErrBadForm) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ParseForm(good); err != nil {
		t.Fatal(err)
	}
}

// differs returns the share of pixels that differ between two images.
func differs(a, b *image.RGBA) float64 {
	n := 0
	for i := 0; i < len(a.Pix); i += 4 {
		if !bytes.Equal(a.Pix[i:i+4], b.Pix[i:i+4]) {
			n++
		}
	}
	return float64(n) / float64(len(a.Pix)/4)
}

// TestEveryTraitShows changes one trait at a time and requires the portrait
// to change visibly: at least 1% of its pixels (a headband or a scar is
// small; colours and shapes move far more).
func TestEveryTraitShows(t *testing.T) {
	for seed := uint64(0); seed < 4; seed++ {
		base := RandomForm(seed)
		img := Portrait(base)
		for i := range TraitCount {
			codes := base.Codes()
			for c := range TraitLimits[i] {
				if c == codes[i] {
					continue
				}
				other := codes
				other[i] = c
				f, _ := FormFromCodes(other)
				if d := differs(img, Portrait(f)); d < 0.01 {
					t.Errorf("seed %d: %s %s→%s changes only %.2f%% of the pixels", seed, traits[i].name, base.Trait(i), f.Trait(i), 100*d)
				}
			}
		}
	}
	if d := differs(Portrait(RandomForm(1)), Portrait(RandomForm(2))); d < 0.2 {
		t.Errorf("two random Forms differ in %.1f%% of the pixels", 100*d)
	}
}

// TestPortraitGolden pins the portrait bytes of a few Forms: the same Form
// must give the same PNG on every machine and run.
func TestPortraitGolden(t *testing.T) {
	var body bytes.Buffer
	for seed := uint64(0); seed < 6; seed++ {
		f := RandomForm(seed)
		a, err := PortraitPNG(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := PortraitPNG(f)
		if !bytes.Equal(a, b) {
			t.Fatal("the same Form gave two PNGs")
		}
		codes := f.Codes()
		fmt.Fprintf(&body, "form %d %v png %x pixels %x\n", seed, codes, sha256.Sum256(a), sha256.Sum256(Portrait(f).Pix))
	}
	path := filepath.Join("testdata", "portraits.golden")
	versions := golden.Versions{"form": FormVersion, "render": RenderVersion}
	if err := golden.Check(path, versions, body.Bytes(), *update); err != nil {
		t.Fatal(err)
	}
}

func FuzzParseForm(f *testing.F) {
	good, _ := MarshalForm(RandomForm(1))
	f.Add(good)
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"build":"lean","build":"heavy"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := ParseForm(data)
		if err != nil {
			if !errors.Is(err, ErrBadForm) {
				t.Fatalf("error without ErrBadForm: %v", err)
			}
			return
		}
		again, err := MarshalForm(form)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := ParseForm(again); err != nil || back != form {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func ExampleRandomForm() {
	f := RandomForm(7)
	var parts []string
	for _, a := range f.Attributes() {
		parts = append(parts, a.TraitType+"="+a.Value)
	}
	fmt.Println(strings.Join(parts, " "))
	fmt.Println(f.Codes())
	// Output:
	// build=lean height=short head=round skin=honey primary=charcoal secondary=violet headwear=hood face=scar
	// [0 0 0 3 10 9 3 2]
}

// FormOf draws from the name's 64-bit FNV-1a hash, written out here as a
// reference: a bot's look and a stored Core's Form stay what they were.
func TestFormOfIsFNV1a(t *testing.T) {
	for _, name := range []string{"", "rushdown", "sparring", "core:sha256:6f53c8f6/sha256:529a688d"} {
		var h uint64 = 14695981039346656037
		for _, c := range []byte(name) {
			h = (h ^ uint64(c)) * 1099511628211
		}
		if FormOf(name) != RandomForm(h) {
			t.Errorf("FormOf(%q) is not the Form of its FNV-1a hash", name)
		}
	}
	if FormOf("rushdown") == FormOf("zoner") {
		t.Error("two names gave one Form")
	}
}
