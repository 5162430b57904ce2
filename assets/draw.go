package assets

import (
	"image"
	"image/color"
)

func (c canvas) set(x, y int, col color.RGBA) {
	if !(image.Point{x, y}).In(c.img.Rect) {
		return
	}
	i := c.img.PixOffset(x, y)
	c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2], c.img.Pix[i+3] = col.R, col.G, col.B, col.A
}

// line draws a segment from (x0, y0) to (x1, y1) r pixels thick on each
// side (a disc stamped along Bresenham's line).
func (c canvas) line(x0, y0, x1, y1, r int, col color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		c.ellipse(x0, y0, r, r, col)
		if x0 == x1 && y0 == y1 {
			return
		}
		// Both tests read the error before either step (Bresenham's e2):
		// testing the second against the updated error overshoots the end
		// point and never stops.
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

func sign(a int) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}

// mix returns a + (b-a)*t/256 per channel, opaque.
func mix(a, b color.RGBA, t int) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(int(x) + (int(y)-int(x))*t/256) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

func rgb(v uint32) color.RGBA { return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255} }

var (
	ink   = rgb(0x1b1420)
	white = rgb(0xffffff)
	hair  = rgb(0x2a1d17)
	scar  = rgb(0xa0413c)
	visor = rgb(0x20d0f0)
	horn  = rgb(0xe8dcc0)
)

// head is the geometry of a head shape: centre and half extents, and for a
// square head the radius of its corners.
type head struct {
	cx, cy, rx, ry, corner int
}

func newHead(shape uint8, cx, cy, scale int) head {
	// Half extents for a 256-pixel portrait, scaled by scale/16.
	s := func(v int) int { return v * scale / 16 }
	switch shape {
	case 1: // square
		return head{cx, cy, s(44), s(46), s(14)}
	case 2: // long
		return head{cx, cy, s(36), s(56), 0}
	}
	return head{cx, cy, s(44), s(48), 0} // round
}

// in reports whether (x, y) is inside the head grown by g pixels.
func (h head) in(x, y, g int) bool {
	dx, dy := abs(x-h.cx), abs(y-h.cy)
	rx, ry := h.rx+g, h.ry+g
	if h.corner == 0 {
		a, b := int64(rx)*int64(rx), int64(ry)*int64(ry)
		return int64(dx)*int64(dx)*b+int64(dy)*int64(dy)*a <= a*b
	}
	if dx > rx || dy > ry {
		return false
	}
	ex, ey, r := dx-(h.rx-h.corner), dy-(h.ry-h.corner), h.corner+g
	return ex <= 0 || ey <= 0 || ex*ex+ey*ey <= r*r
}

// fill paints the head grown by g, on rows [y0, y1).
func (h head) fill(c canvas, g, y0, y1 int, col color.RGBA) {
	for y := max(y0, h.cy-h.ry-g); y < min(y1, h.cy+h.ry+g+1); y++ {
		for x := h.cx - h.rx - g; x <= h.cx+h.rx+g; x++ {
			if h.in(x, y, g) {
				c.set(x, y, col)
			}
		}
	}
}

const all = 1 << 20 // a row bound that clips nothing
