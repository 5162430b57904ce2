package assets

import (
	"fmt"
	"image"
	"image/color"
)

// Sprite sizes in pixels: a fighter stands on the bottom row, centred,
// facing right.
const (
	SpriteWidth  = 64
	SpriteHeight = 96
)

// SpriteVersion is the version of the sprite renderer: a change that moves
// any pixel of any sprite bumps it (the golden test insists).
const SpriteVersion = 1

// Pose is what a fighter's sprite shows; the arena maps the simulation's
// state to one.
type Pose uint8

// The poses of Sprite.
const (
	Idle Pose = iota
	Walk
	Jump
	Attack
	Block
	Hitstun
	KO
	poseCount
)

var poseNames = [poseCount]string{"idle", "walk", "jump", "attack", "block", "hitstun", "ko"}

func (p Pose) String() string {
	if p < poseCount {
		return poseNames[p]
	}
	return fmt.Sprintf("Pose(%d)", uint8(p))
}

// Frames returns the number of distinct frames of pose p (Sprite takes the
// frame modulo this), 0 for an unknown pose.
func (p Pose) Frames() int {
	if p < poseCount {
		return len(keyframes[p])
	}
	return 0
}

type pt struct{ x, y int }

// skeleton places a fighter's joints relative to the point on the ground
// below its hips, y pointing up (negative is above the ground), for a
// fighter of medium height. f: the limb in front (nearer the viewer), b:
// the one behind.
type skeleton struct {
	hip, neck, head              pt
	fElbow, fHand, bElbow, bHand pt
	fKnee, fFoot, bKnee, bFoot   pt
}

var stance = skeleton{
	hip: pt{0, -36}, neck: pt{2, -60}, head: pt{4, -70},
	fElbow: pt{12, -50}, fHand: pt{19, -59}, bElbow: pt{0, -46}, bHand: pt{10, -55},
	fKnee: pt{9, -18}, fFoot: pt{13, 0}, bKnee: pt{-6, -18}, bFoot: pt{-11, 0},
}

// keyframes holds each pose's frames.
var keyframes = [poseCount][]skeleton{
	Idle: {stance, bob(stance, 1), bob(stance, 2), bob(stance, 1)},
	Walk: {
		stride(stance, 13, -11, 0, 0), stride(stance, 5, -3, 0, 4),
		stride(stance, -7, 9, 0, 0), stride(stance, 3, 1, 4, 0),
	},
	Jump: {
		{hip: pt{0, -42}, neck: pt{3, -65}, head: pt{5, -75},
			fElbow: pt{12, -60}, fHand: pt{16, -70}, bElbow: pt{-4, -56}, bHand: pt{2, -66},
			fKnee: pt{12, -30}, fFoot: pt{6, -16}, bKnee: pt{2, -26}, bFoot: pt{-8, -14}},
		{hip: pt{0, -42}, neck: pt{3, -65}, head: pt{5, -75},
			fElbow: pt{13, -54}, fHand: pt{19, -63}, bElbow: pt{1, -50}, bHand: pt{11, -58},
			fKnee: pt{13, -32}, fFoot: pt{8, -20}, bKnee: pt{5, -28}, bFoot: pt{-4, -18}},
		{hip: pt{0, -40}, neck: pt{2, -64}, head: pt{4, -74},
			fElbow: pt{12, -52}, fHand: pt{19, -60}, bElbow: pt{0, -48}, bHand: pt{10, -56},
			fKnee: pt{8, -22}, fFoot: pt{12, -6}, bKnee: pt{-4, -22}, bFoot: pt{-8, -6}},
	},
	Attack: {
		{hip: pt{-2, -35}, neck: pt{-1, -59}, head: pt{1, -69},
			fElbow: pt{6, -48}, fHand: pt{12, -54}, bElbow: pt{2, -46}, bHand: pt{12, -56},
			fKnee: pt{9, -18}, fFoot: pt{13, 0}, bKnee: pt{-6, -18}, bFoot: pt{-11, 0}},
		{hip: pt{2, -34}, neck: pt{7, -58}, head: pt{10, -68},
			fElbow: pt{19, -58}, fHand: pt{30, -60}, bElbow: pt{-3, -48}, bHand: pt{4, -54},
			fKnee: pt{14, -17}, fFoot: pt{20, 0}, bKnee: pt{-6, -16}, bFoot: pt{-14, 0}},
		{hip: pt{1, -35}, neck: pt{4, -59}, head: pt{7, -69},
			fElbow: pt{16, -54}, fHand: pt{24, -59}, bElbow: pt{-1, -47}, bHand: pt{8, -55},
			fKnee: pt{12, -18}, fFoot: pt{17, 0}, bKnee: pt{-6, -17}, bFoot: pt{-12, 0}},
	},
	Block: {
		{hip: pt{-1, -33}, neck: pt{0, -57}, head: pt{2, -67},
			fElbow: pt{10, -54}, fHand: pt{12, -70}, bElbow: pt{6, -50}, bHand: pt{9, -66},
			fKnee: pt{9, -16}, fFoot: pt{13, 0}, bKnee: pt{-7, -16}, bFoot: pt{-12, 0}},
		{hip: pt{-2, -32}, neck: pt{-1, -56}, head: pt{1, -66},
			fElbow: pt{9, -53}, fHand: pt{11, -69}, bElbow: pt{5, -49}, bHand: pt{8, -65},
			fKnee: pt{8, -16}, fFoot: pt{13, 0}, bKnee: pt{-8, -16}, bFoot: pt{-12, 0}},
	},
	Hitstun: {
		{hip: pt{-1, -35}, neck: pt{-5, -58}, head: pt{-8, -67},
			fElbow: pt{4, -50}, fHand: pt{11, -45}, bElbow: pt{-11, -52}, bHand: pt{-17, -60},
			fKnee: pt{7, -18}, fFoot: pt{11, 0}, bKnee: pt{-7, -18}, bFoot: pt{-12, 0}},
		{hip: pt{-2, -34}, neck: pt{-8, -56}, head: pt{-12, -64},
			fElbow: pt{2, -49}, fHand: pt{9, -42}, bElbow: pt{-13, -50}, bHand: pt{-19, -58},
			fKnee: pt{6, -18}, fFoot: pt{11, 0}, bKnee: pt{-8, -18}, bFoot: pt{-13, 0}},
	},
	KO: {
		{hip: pt{-16, -7}, neck: pt{6, -8}, head: pt{16, -11},
			fElbow: pt{6, -3}, fHand: pt{-2, -2}, bElbow: pt{12, -15}, bHand: pt{4, -19},
			fKnee: pt{-26, -9}, fFoot: pt{-37, -3}, bKnee: pt{-24, -13}, bFoot: pt{-36, -7}},
	},
}

// bob lowers the upper body of s by d pixels (breathing).
func bob(s skeleton, d int) skeleton {
	for _, p := range []*pt{&s.hip, &s.neck, &s.head, &s.fElbow, &s.fHand, &s.bElbow, &s.bHand} {
		p.y += d
	}
	s.fKnee.y += d / 2
	s.bKnee.y += d / 2
	return s
}

// stride puts the feet at x positions ff and bf, lifted by fl and bl.
func stride(s skeleton, ff, bf, fl, bl int) skeleton {
	s.fFoot, s.bFoot = pt{ff, -fl}, pt{bf, -bl}
	s.fKnee = pt{ff/2 + 4, -18 - fl}
	s.bKnee = pt{bf/2 + 4, -18 - bl}
	return s
}

// Sprite draws f as a SpriteWidth x SpriteHeight figure facing right in
// pose p, frame frame (taken modulo p.Frames()), on a transparent
// background: height scales the figure, build thickens body and limbs,
// head, skin and headwear and face are those of the portrait, the gi and
// trousers are in the primary colour with a belt in the secondary. It
// panics if p is unknown.
func Sprite(f Form, p Pose, frame int) *image.RGBA {
	if p >= poseCount {
		panic(fmt.Sprintf("assets: unknown pose %d", uint8(p)))
	}
	n := p.Frames()
	s := keyframes[p][((frame%n)+n)%n]
	c := canvas{image.NewRGBA(image.Rect(0, 0, SpriteWidth, SpriteHeight))}
	code := f.Codes()
	skin, prim, sec := skinTones[code[3]], colours[code[4]], colours[code[5]]
	scale := 13 + 2*int(code[1]) // 16ths of the medium height in y
	at := func(q pt) (int, int) { return SpriteWidth/2 + q.x, SpriteHeight - 3 + q.y*scale/15 }
	bw := int(code[0])
	limb := func(a, b pt, r int, col color.RGBA) {
		x0, y0 := at(a)
		x1, y1 := at(b)
		c.line(x0, y0, x1, y1, r+1, ink)
		c.line(x0, y0, x1, y1, r, col)
	}
	dot := func(q pt, r int, col color.RGBA) {
		x, y := at(q)
		c.ellipse(x, y, r+1, r+1, ink)
		c.ellipse(x, y, r, r, col)
	}
	arm := func(sh, el, ha pt, dark int) {
		limb(sh, el, 2+bw/2, mix(prim, ink, dark))
		limb(el, ha, 1+bw/2, mix(skin, ink, dark))
		dot(ha, 2+bw/2, mix(skin, ink, dark))
	}
	leg := func(kn, ft pt, dark int) {
		limb(s.hip, kn, 3+bw/2, mix(prim, ink, dark))
		limb(kn, ft, 2+bw/2, mix(prim, ink, dark))
		x, y := at(ft)
		c.ellipse(x+2, y, 4+bw/2, 2, ink)
		c.ellipse(x+2, y, 3+bw/2, 1, mix(skin, ink, dark))
	}
	shoulder := pt{s.neck.x, s.neck.y - 3}

	arm(shoulder, s.bElbow, s.bHand, 70)
	leg(s.bKnee, s.bFoot, 70)
	limb(s.hip, shoulder, 5+2*bw, prim) // torso
	hx, hy := at(s.hip)
	c.ellipse(hx, hy-1, 5+2*bw, 3, ink)
	c.ellipse(hx, hy-1, 4+2*bw, 2, sec) // belt
	leg(s.fKnee, s.fFoot, 0)

	cx, cy := at(s.head)
	h := newHead(code[2], cx, cy, 4)
	if code[6] == 3 { // hood behind the head
		h.fill(c, 5, -all, h.cy+h.ry+3, ink)
		h.fill(c, 4, -all, h.cy+h.ry+3, mix(prim, ink, 80))
	}
	if code[6] == 2 { // topknot
		c.ellipse(h.cx-2, h.cy-h.ry-2, 5, 4, ink)
		c.ellipse(h.cx-2, h.cy-h.ry-2, 4, 3, hair)
	}
	h.fill(c, 1, -all, all, ink)
	h.fill(c, 0, -all, all, skin)
	top := h.cy - h.ry/3
	if code[6] <= 2 {
		h.fill(c, 1, -all, top, hair)
		c.rect(h.cx-h.rx, top, h.cx-h.rx/2, top+5, hair) // back of the head
	}
	ex, ey := h.cx+h.rx/2, h.cy
	if p == KO {
		c.line(ex-1, ey-1, ex+1, ey+1, 0, ink)
		c.line(ex-1, ey+1, ex+1, ey-1, 0, ink)
	} else {
		c.rect(ex-1, ey-1, ex+2, ey+2, white)
		c.rect(ex, ey-1, ex+2, ey+2, ink)
		c.line(ex-2, ey-3, ex+2, ey-2, 0, hair)
	}
	switch code[7] {
	case 1:
		h.fill(c, 0, ey+3, all, mix(prim, ink, 80))
	case 2:
		c.line(ex-1, ey-4, ex+2, ey+3, 0, scar)
	case 3: // visor across the eyes, as on the portrait
		c.rect(h.cx-h.rx, ey-2, h.cx+h.rx+1, ey+2, visor)
	}
	switch code[6] {
	case 1:
		h.fill(c, 1, top-1, top+2, sec)
		c.line(h.cx-h.rx, top, h.cx-h.rx-5, top+4, 1, sec)
	case 2:
		c.rect(h.cx-4, h.cy-h.ry, h.cx, h.cy-h.ry+2, sec)
	case 3:
		h.fill(c, 4, -all, top, prim)
	case 4: // horns, as on the portrait
		ty := h.cy - h.ry
		c.line(h.cx-h.rx/2, ty+2, h.cx-h.rx/2-3, ty-6, 1, ink)
		c.line(h.cx+h.rx/2, ty+2, h.cx+h.rx/2+3, ty-6, 1, ink)
		c.line(h.cx-h.rx/2, ty+2, h.cx-h.rx/2-3, ty-6, 0, horn)
		c.line(h.cx+h.rx/2, ty+2, h.cx+h.rx/2+3, ty-6, 0, horn)
	}
	arm(shoulder, s.fElbow, s.fHand, 0)
	return c.img
}
