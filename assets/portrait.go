package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// PortraitSize is the side of a portrait, in pixels.
const PortraitSize = 256

// RenderVersion is the version of the renderer: a change that moves any
// pixel of any Form bumps it (the golden test insists).
const RenderVersion = 1

var skinTones = [6]color.RGBA{
	{0xf6, 0xe0, 0xd3, 0xff}, {0xee, 0xcf, 0xb4, 0xff}, {0xd8, 0xb0, 0x8c, 0xff},
	{0xc6, 0x8e, 0x5b, 0xff}, {0x8d, 0x5a, 0x3a, 0xff}, {0x5a, 0x38, 0x26, 0xff},
}

var colours = [12]color.RGBA{
	{0xb3, 0x1b, 0x2c, 0xff}, {0xe8, 0x3f, 0x26, 0xff}, {0xf0, 0x9a, 0x1a, 0xff}, {0xe6, 0xc2, 0x2e, 0xff},
	{0x3c, 0xa3, 0x6b, 0xff}, {0x1b, 0x7a, 0x3e, 0xff}, {0x1f, 0x8a, 0x8a, 0xff}, {0x3a, 0x8e, 0xe6, 0xff},
	{0x23, 0x3f, 0x9c, 0xff}, {0x7b, 0x3f, 0xb8, 0xff}, {0x3a, 0x3a, 0x42, 0xff}, {0xee, 0xee, 0xf2, 0xff},
}

// canvas draws with integer geometry only, so a Form renders to the same
// pixels on every machine.
type canvas struct{ img *image.RGBA }

func (c canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	for y := max(y0, 0); y < min(y1, c.img.Rect.Dy()); y++ {
		for x := max(x0, 0); x < min(x1, c.img.Rect.Dx()); x++ {
			c.img.SetRGBA(x, y, col)
		}
	}
}

// ellipse fills the ellipse centred on (cx, cy) with radii rx, ry.
func (c canvas) ellipse(cx, cy, rx, ry int, col color.RGBA) {
	r2 := rx * rx * ry * ry
	for y := cy - ry; y <= cy+ry; y++ {
		for x := cx - rx; x <= cx+rx; x++ {
			dx, dy := x-cx, y-cy
			if dx*dx*ry*ry+dy*dy*rx*rx <= r2 && image.Pt(x, y).In(c.img.Rect) {
				c.img.SetRGBA(x, y, col)
			}
		}
	}
}

// roundRect fills a rectangle with corners of radius r.
func (c canvas) roundRect(x0, y0, x1, y1, r int, col color.RGBA) {
	c.rect(x0+r, y0, x1-r, y1, col)
	c.rect(x0, y0+r, x1, y1-r, col)
	for _, p := range [4][2]int{{x0 + r, y0 + r}, {x1 - r - 1, y0 + r}, {x0 + r, y1 - r - 1}, {x1 - r - 1, y1 - r - 1}} {
		c.ellipse(p[0], p[1], r, r, col)
	}
}

func shade(c color.RGBA, num, den int) color.RGBA {
	f := func(v uint8) uint8 { return uint8(min(255, int(v)*num/den)) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), 0xff}
}

// Portrait renders the Form as a 256×256 bust: the body's build and height
// set the shoulders and neck, the head its shape, the palette the skin and
// the gi, and the accessories are drawn over it.
func Portrait(f Form) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, PortraitSize, PortraitSize))
	c := canvas{img}
	code := f.Codes()
	build, height, head := int(code[0]), int(code[1]), int(code[2])
	skin := skinTones[code[3]]
	primary, secondary := colours[code[4]], colours[code[5]]

	// Background: a vertical band of the secondary colour, darkened.
	for y := 0; y < PortraitSize; y++ {
		c.rect(0, y, PortraitSize, y+1, shade(secondary, 60+y/8, 255))
	}
	// Shoulders and gi: wider for heavier builds; taller fighters stand
	// higher in the frame.
	top := 178 - 14*height
	half := 66 + 18*build
	c.roundRect(128-half, top, 128+half, PortraitSize+30, 30, primary)
	c.rect(128-half+10, top+24, 128+half-10, top+30, shade(primary, 170, 255)) // collar seam
	// The gi's V neck and the belt-coloured lapels.
	for y := top; y < PortraitSize; y++ {
		w := (y - top) / 2
		c.rect(128-w-8, y, 128-w, y+1, secondary)
		c.rect(128+w, y, 128+w+8, y+1, secondary)
		if w < 40 {
			c.rect(128-w, y, 128+w, y+1, skin)
		}
	}
	// Neck.
	neckW := 20 + 6*build
	c.rect(128-neckW, top-30, 128+neckW, top+4, shade(skin, 220, 255))
	// Head, with a hood behind it if it wears one.
	cy := top - 62
	hood := shade(primary, 150, 255)
	if code[6] == 3 {
		c.ellipse(128, cy-6, 62, 64, hood)
	}
	switch head {
	case 0:
		c.ellipse(128, cy, 48, 50, skin)
	case 1:
		c.roundRect(80, cy-48, 176, cy+46, 16, skin)
	default:
		c.ellipse(128, cy, 40, 60, skin)
	}
	// Eyes and brows.
	eye := color.RGBA{0x1a, 0x14, 0x12, 0xff}
	c.ellipse(110, cy-2, 6, 4, eye)
	c.ellipse(146, cy-2, 6, 4, eye)
	c.rect(100, cy-14, 120, cy-10, eye)
	c.rect(136, cy-14, 156, cy-10, eye)
	c.rect(118, cy+26, 138, cy+29, shade(skin, 140, 255)) // mouth

	switch code[6] { // headwear
	case 1: // headband, with tails
		c.rect(78, cy-30, 178, cy-20, secondary)
		c.rect(178, cy-28, 206, cy-22, secondary)
		c.rect(190, cy-22, 214, cy-16, secondary)
	case 2: // topknot
		c.ellipse(128, cy-58, 16, 14, eye)
		c.rect(120, cy-50, 136, cy-40, secondary)
		c.ellipse(128, cy-36, 46, 12, eye)
	case 3: // hood: its brim over the forehead
		c.ellipse(128, cy-44, 52, 18, hood)
	case 4: // horns
		horn := color.RGBA{0xe8, 0xdc, 0xc0, 0xff}
		for i := 0; i < 30; i++ {
			c.rect(92-i/2, cy-40-i, 104-i/2, cy-38-i, horn)
			c.rect(152+i/2, cy-40-i, 164+i/2, cy-38-i, horn)
		}
	}
	switch code[7] { // face
	case 1: // mask over the lower face
		c.rect(84, cy+12, 172, cy+40, shade(secondary, 120, 255))
	case 2: // a stitched scar across the left eye and cheek
		scar := color.RGBA{0x9c, 0x2a, 0x2a, 0xff}
		for i := 0; i < 56; i++ {
			c.rect(94+i/2, cy-26+i, 104+i/2, cy-22+i, scar)
		}
		for i := 8; i < 56; i += 12 {
			c.rect(90+i/2, cy-24+i, 112+i/2, cy-21+i, scar)
		}
	case 3: // visor
		c.rect(88, cy-10, 168, cy+6, color.RGBA{0x20, 0xd0, 0xf0, 0xff})
		c.rect(88, cy-10, 168, cy-7, color.RGBA{0xd0, 0xf8, 0xff, 0xff})
	}
	return img
}

// PortraitPNG renders the Form's portrait as PNG bytes; the same Form gives
// the same bytes (with the same Go release's encoder).
func PortraitPNG(f Form) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, Portrait(f)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
