package view

import (
	"fmt"
	"image"
	"image/color"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// newStage paints the dojo once: a dusk wall with paper screens, a wooden
// floor and the two platforms as beams.
func newStage() *ebiten.Image {
	img := image.NewRGBA(image.Rect(0, 0, ScreenWidth, ScreenHeight))
	for y := range ScreenHeight {
		t := float64(y) / floorY
		c := color.RGBA{uint8(38 + 50*t), uint8(32 + 28*t), uint8(58 + 20*t), 0xff}
		if y >= floorY {
			// Floor boards.
			c = color.RGBA{0x6b, 0x45, 0x2a, 0xff}
			if (y-floorY)%14 == 0 {
				c = color.RGBA{0x4e, 0x31, 0x1d, 0xff}
			}
		}
		for x := range ScreenWidth {
			img.SetRGBA(x, y, c)
		}
	}
	// Paper screens along the back wall, lit from behind.
	for i := range 6 {
		x0 := 40 + i*150
		for y := 150; y < floorY-10; y++ {
			for x := x0; x < x0+120; x++ {
				c := color.RGBA{0xe8, 0xd6, 0xa8, 0xff}
				if (x-x0)%40 < 3 || (y-150)%55 < 3 || x-x0 > 116 {
					c = color.RGBA{0x3a, 0x24, 0x16, 0xff}
				} else {
					shade := uint8((y - 150) / 8)
					c.R -= shade
					c.G -= shade
					c.B -= shade
				}
				img.SetRGBA(x, y, c)
			}
		}
	}
	// The beams of the platforms.
	for _, p := range game.Platforms() {
		x0, x1 := int(p.X0/game.Unit), int(p.X1/game.Unit)
		y := floorY - int(p.Y/game.Unit)
		for yy := y; yy < y+12; yy++ {
			for x := x0; x < x1; x++ {
				c := color.RGBA{0x8a, 0x5a, 0x34, 0xff}
				if yy == y || yy == y+11 {
					c = color.RGBA{0x3a, 0x24, 0x16, 0xff}
				}
				img.SetRGBA(x, yy, c)
			}
		}
		for _, px := range []int{x0 + 10, x1 - 16} {
			for yy := y + 12; yy < floorY; yy++ {
				for x := px; x < px+6; x++ {
					img.SetRGBA(x, yy, color.RGBA{0x4e, 0x31, 0x1d, 0xff})
				}
			}
		}
	}
	return ebiten.NewImageFromImage(img)
}

// drawFight draws a fight: the stage, both fighters, their fireballs, the
// sparks and the HUD, shaken as the view says.
func (g *Game) drawFight(dst *ebiten.Image, f *arena.Fight) {
	v := f.View()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(v.ShakeX), float64(v.ShakeY))
	dst.DrawImage(g.stage, op)
	sx, sy := float64(v.ShakeX), float64(v.ShakeY)
	for i := range v.Fighters {
		fi := &v.Fighters[i]
		if fi.Proj.Active != 0 {
			x := sx + float64(fi.Proj.X/game.Unit)
			y := sy + floorY - float64(fi.Proj.Y/game.Unit) - 14
			vector.DrawFilledCircle(dst, float32(x), float32(y), 14, color.NRGBA{0x7f, 0xd6, 0xff, 0x90}, true)
			vector.DrawFilledCircle(dst, float32(x), float32(y), 8, color.RGBA{0xee, 0xfa, 0xff, 0xff}, true)
		}
	}
	for i := range v.Fighters {
		fi := &v.Fighters[i]
		ko := (v.Phase == arena.PhaseKO || v.Phase == arena.PhaseOver) && v.Health[i] <= 0
		pose, n := arena.PoseOf(fi, ko)
		const scale = 1.25
		scaleY := scale
		if fi.State == game.StateCrouch {
			scaleY *= 0.68
		}
		var cs *ebiten.ColorScale
		if fi.State == game.StateHitstun && v.Freeze {
			cs = &ebiten.ColorScale{}
			cs.Scale(1.6, 1.3, 1.3, 1)
		}
		x := sx + float64(fi.X/game.Unit)
		// A shadow on the floor.
		vector.DrawFilledRect(dst, float32(x-24), float32(sy+floorY-3), 48, 5, color.NRGBA{0, 0, 0, 0x50}, false)
		g.drawSprite(dst, g.looks.sprite(f.Entrants[i].Form, pose, n), x, sy+floorY-float64(fi.Y/game.Unit), float64(fi.Facing)*scale, scaleY, cs)
	}
	for _, s := range v.Sparks {
		x := sx + float64(s.X)
		y := sy + floorY - float64(s.Y)
		r := float32(6 + (arena.SparkFrames-s.Left)*2)
		c := color.NRGBA{0xff, 0xf0, 0x9a, 0xff}
		if s.Heavy {
			r *= 1.7
			c = color.NRGBA{0xff, 0xb0, 0x40, 0xff}
		}
		if s.Block {
			c = color.NRGBA{0x9a, 0xd8, 0xff, 0xff}
		}
		a := uint8(255 * s.Left / arena.SparkFrames)
		c.A = a
		vector.StrokeCircle(dst, float32(x), float32(y), r, 3, c, true)
		for k := range 6 {
			dx, dy := sparkRays[k][0], sparkRays[k][1]
			vector.StrokeLine(dst, float32(x+dx*float64(r)*0.6), float32(y+dy*float64(r)*0.6),
				float32(x+dx*float64(r)*1.3), float32(y+dy*float64(r)*1.3), 2, c, true)
		}
	}
	g.drawHUD(dst, f, &v)
}

var sparkRays = [6][2]float64{{1, 0}, {0.5, 0.87}, {-0.5, 0.87}, {-1, 0}, {-0.5, -0.87}, {0.5, -0.87}}

// drawHUD draws the health bars, names, round pips, the clock and the
// banner.
func (g *Game) drawHUD(dst *ebiten.Image, f *arena.Fight, v *arena.FightView) {
	const barW, barH, top = 380, 22, 18
	for i := range 2 {
		x := 20.0
		if i == 1 {
			x = ScreenWidth - 20 - barW
		}
		rect(dst, x-2, top-2, barW+4, barH+4, ink)
		rect(dst, x, top, barW, barH, color.RGBA{0x55, 0x1c, 0x1c, 0xff})
		frac := float64(max(v.Health[i], 0)) / game.MaxHealth
		w := barW * frac
		c := gold
		if frac < 0.3 {
			c = red
		}
		if i == 0 {
			rect(dst, x+barW-w, top, w, barH, c) // drains towards the centre
		} else {
			rect(dst, x, top, w, barH, c)
		}
		name := f.Entrants[i].Name
		if i == 0 {
			write(dst, name, g.fonts.body, x, top+barH+6, paper, left)
		} else {
			write(dst, name, g.fonts.body, x+barW, top+barH+6, paper, right)
		}
		// Round wins as pips under the bar, towards the clock.
		for w := range game.RoundsToWin {
			px := x + barW - 14 - float64(w)*18
			if i == 1 {
				px = x + 4 + float64(w)*18
			}
			c := color.RGBA{0x33, 0x33, 0x44, 0xff}
			if int32(w) < v.Wins[i] {
				c = gold
			}
			vector.DrawFilledCircle(dst, float32(px+5), float32(top+barH+16), 6, c, true)
		}
	}
	// The clock and the round.
	panel(dst, ScreenWidth/2-44, 8, 88, 62)
	write(dst, fmt.Sprintf("%02d", v.Seconds), g.fonts.big, ScreenWidth/2, 12, paper, center)
	write(dst, fmt.Sprintf("ROUND %d", v.Round), g.fonts.small, ScreenWidth/2, 48, gold, center)
	if v.Banner != "" {
		writeOutlined(dst, v.Banner, g.fonts.huge, ScreenWidth/2, 170, gold)
		if v.Sub != "" {
			writeOutlined(dst, v.Sub, g.fonts.big, ScreenWidth/2, 260, paper)
		}
	}
}
