package view

import (
	"github.com/dojo-arena/dojo/assets"
	"github.com/hajimehoshi/ebiten/v2"
)

// looks holds, per Form, its sprites (every pose and frame) and its portrait
// as Ebiten images: each is rendered by assets once, the first time the Form
// is shown, and reused on every frame after.
type looks struct {
	sprites   map[[assets.TraitCount]uint8][][]*ebiten.Image
	portraits map[[assets.TraitCount]uint8]*ebiten.Image
}

func newLooks() *looks {
	return &looks{sprites: map[[assets.TraitCount]uint8][][]*ebiten.Image{}, portraits: map[[assets.TraitCount]uint8]*ebiten.Image{}}
}

// sprite is f's sprite in pose p, frame i.
func (l *looks) sprite(f assets.Form, p assets.Pose, i int) *ebiten.Image {
	key := f.Codes()
	set, ok := l.sprites[key]
	if !ok {
		for pose := assets.Pose(0); pose.Frames() > 0; pose++ {
			var frames []*ebiten.Image
			for fr := range pose.Frames() {
				frames = append(frames, ebiten.NewImageFromImage(assets.Sprite(f, pose, fr)))
			}
			set = append(set, frames)
		}
		l.sprites[key] = set
	}
	frames := set[p]
	return frames[((i%len(frames))+len(frames))%len(frames)]
}

// portrait is f's NFT portrait (256×256).
func (l *looks) portrait(f assets.Form) *ebiten.Image {
	key := f.Codes()
	img, ok := l.portraits[key]
	if !ok {
		img = ebiten.NewImageFromImage(assets.Portrait(f))
		l.portraits[key] = img
	}
	return img
}

// drawPortrait draws f's portrait scaled to size at x, y.
func (l *looks) drawPortrait(dst *ebiten.Image, f assets.Form, x, y, size float64) {
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(size/assets.PortraitSize, size/assets.PortraitSize)
	op.GeoM.Translate(x, y)
	op.Filter = ebiten.FilterLinear
	dst.DrawImage(l.portrait(f), op)
	frame(dst, x, y, size, size, 2, gold)
}

// maxLooks is how many Forms' images are kept: the Mint editor goes through
// many Forms, and each costs its sprites and its portrait.
const maxLooks = 24

// trim frees the images of every Form but those in keep once more than
// maxLooks Forms are cached.
func (l *looks) trim(keep []assets.Form) {
	if len(l.sprites) <= maxLooks && len(l.portraits) <= maxLooks {
		return
	}
	kept := map[[assets.TraitCount]uint8]bool{}
	for _, f := range keep {
		kept[f.Codes()] = true
	}
	for key, set := range l.sprites {
		if kept[key] {
			continue
		}
		for _, frames := range set {
			for _, img := range frames {
				img.Deallocate()
			}
		}
		delete(l.sprites, key)
	}
	for key, img := range l.portraits {
		if !kept[key] {
			img.Deallocate()
			delete(l.portraits, key)
		}
	}
}
