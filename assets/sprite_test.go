package assets

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"path/filepath"
	"testing"

	"github.com/dojo-arena/dojo/internal/golden"
)

var poses = []Pose{Idle, Walk, Jump, Attack, Block, Hitstun, KO}

// TestSpritePoses: every pose looks different from standing idle, animated
// poses move between frames, and a sprite is never empty.
func TestSpritePoses(t *testing.T) {
	f := RandomForm(3)
	idle := Sprite(f, Idle, 0)
	for _, p := range poses {
		if p.Frames() < 1 {
			t.Fatalf("%v has no frames", p)
		}
		img := Sprite(f, p, 0)
		if opaque(img) < 0.08 {
			t.Errorf("%v covers only %.1f%% of its frame", p, 100*opaque(img))
		}
		if p != Idle && differs(idle, img) < 0.02 {
			t.Errorf("%v looks like idle", p)
		}
		for fr := 1; fr < p.Frames(); fr++ {
			if p != Idle && differs(img, Sprite(f, p, fr)) == 0 {
				t.Errorf("%v frame %d is frame 0", p, fr)
			}
		}
		if !bytes.Equal(Sprite(f, p, p.Frames()).Pix, img.Pix) {
			t.Errorf("%v frame Frames() is not frame 0", p)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("an unknown pose did not panic")
		}
	}()
	Sprite(f, Pose(99), 0)
}

// TestSpriteForms: two Forms look clearly different in every pose, and the
// same Form always gives the same pixels.
func TestSpriteForms(t *testing.T) {
	a, b := RandomForm(1), RandomForm(2)
	for _, p := range poses {
		if d := differs(Sprite(a, p, 0), Sprite(b, p, 0)); d < 0.05 {
			t.Errorf("%v: two Forms differ in %.1f%% of the pixels", p, 100*d)
		}
		if !bytes.Equal(Sprite(a, p, 1).Pix, Sprite(a, p, 1).Pix) {
			t.Errorf("%v: the same Form drew twice differently", p)
		}
	}
}

// opaque is the share of a sprite's pixels that are drawn.
func opaque(img *image.RGBA) float64 {
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0 {
			n++
		}
	}
	return float64(n) / float64(len(img.Pix)/4)
}

// TestSpriteGolden pins every pose and frame of a few Forms.
func TestSpriteGolden(t *testing.T) {
	var body bytes.Buffer
	for seed := uint64(0); seed < 4; seed++ {
		f := RandomForm(seed)
		for _, p := range poses {
			for fr := 0; fr < p.Frames(); fr++ {
				fmt.Fprintf(&body, "form %v %v/%d %x\n", f.Codes(), p, fr, sha256.Sum256(Sprite(f, p, fr).Pix))
			}
		}
	}
	path := filepath.Join("testdata", "sprites.golden")
	versions := golden.Versions{"form": FormVersion, "sprite": SpriteVersion}
	if err := golden.Check(path, versions, body.Bytes(), *update); err != nil {
		t.Fatal(err)
	}
}
