package view

import (
	"bytes"
	"image/color"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// The logical screen: the arena draws at this size whatever the window's,
// and Ebiten scales it.
const (
	ScreenWidth  = 960
	ScreenHeight = 540
	floorY       = 480 // screen y of the stage's floor (world y 0)
)

// The palette.
var (
	ink       = color.RGBA{0x1b, 0x1d, 0x2b, 0xff}
	paper     = color.RGBA{0xf4, 0xec, 0xd8, 0xff}
	gold      = color.RGBA{0xf2, 0xb8, 0x3a, 0xff}
	red       = color.RGBA{0xd9, 0x3f, 0x35, 0xff}
	dim       = color.RGBA{0x8a, 0x86, 0x7c, 0xff}
	shade     = color.NRGBA{0, 0, 0, 0xa0}
	panelFill = color.NRGBA{0x1b, 0x1d, 0x2b, 0xe0}
	highlight = color.NRGBA{0xf2, 0xb8, 0x3a, 0x50}
)

// fonts are the faces the arena writes with, made once.
type fonts struct {
	small, body, big, huge, mono *text.GoTextFace
}

func newFonts() (*fonts, error) {
	reg, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		return nil, err
	}
	bold, err := text.NewGoTextFaceSource(bytes.NewReader(gobold.TTF))
	if err != nil {
		return nil, err
	}
	mono, err := text.NewGoTextFaceSource(bytes.NewReader(gomono.TTF))
	if err != nil {
		return nil, err
	}
	return &fonts{
		small: &text.GoTextFace{Source: reg, Size: 14},
		body:  &text.GoTextFace{Source: reg, Size: 18},
		big:   &text.GoTextFace{Source: bold, Size: 28},
		huge:  &text.GoTextFace{Source: bold, Size: 72},
		mono:  &text.GoTextFace{Source: mono, Size: 14},
	}, nil
}

// align is where a string sits relative to its point.
type align uint8

const (
	left align = iota
	center
	right
)

// write draws s with its top at y, aligned on x.
func write(dst *ebiten.Image, s string, face *text.GoTextFace, x, y float64, c color.Color, a align) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(c)
	switch a {
	case center:
		op.PrimaryAlign = text.AlignCenter
	case right:
		op.PrimaryAlign = text.AlignEnd
	}
	text.Draw(dst, s, face, op)
}

// writeOutlined draws s with a dark outline, for banners over the stage.
func writeOutlined(dst *ebiten.Image, s string, face *text.GoTextFace, x, y float64, c color.Color) {
	for _, d := range [][2]float64{{-3, 0}, {3, 0}, {0, -3}, {0, 3}, {-2, -2}, {2, 2}, {-2, 2}, {2, -2}} {
		write(dst, s, face, x+d[0], y+d[1], ink, center)
	}
	write(dst, s, face, x, y, c, center)
}

func rect(dst *ebiten.Image, x, y, w, h float64, c color.Color) {
	vector.DrawFilledRect(dst, float32(x), float32(y), float32(w), float32(h), c, false)
}

func frame(dst *ebiten.Image, x, y, w, h, t float64, c color.Color) {
	vector.StrokeRect(dst, float32(x), float32(y), float32(w), float32(h), float32(t), c, false)
}

// panel is a dark box with a thin gold edge.
func panel(dst *ebiten.Image, x, y, w, h float64) {
	rect(dst, x, y, w, h, panelFill)
	frame(dst, x, y, w, h, 2, gold)
}

// keyLabel is how a key is written on screen: shorter than Ebiten's names.
func keyLabel(k string) string {
	switch {
	case strings.HasPrefix(k, "Arrow"):
		return strings.TrimPrefix(k, "Arrow")
	case strings.HasPrefix(k, "Numpad"):
		return "Num" + strings.TrimPrefix(k, "Numpad")
	case strings.HasPrefix(k, "Digit"):
		return strings.TrimPrefix(k, "Digit")
	}
	return k
}
