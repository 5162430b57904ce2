package view

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/dojo-arena/dojo/training"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// formsShown are the Forms the current scene shows outside a fight.
func (g *Game) formsShown() []assets.Form {
	a := g.App
	switch a.Scene {
	case arena.SceneSelect:
		if len(a.Rivals) > 0 {
			return []assets.Form{a.Rivals[a.Sides[0]].Form, a.Rivals[a.Sides[1]].Form}
		}
	case arena.SceneTraining, arena.SceneSessions, arena.SceneTeach:
		if f := a.Training.Fighter(); f != nil {
			return []assets.Form{f.Form}
		}
	case arena.SceneTitle:
		return []assets.Form{titleForms[0], titleForms[1]}
	case arena.SceneMint:
		if a.Mint != nil {
			return []assets.Form{a.Mint.Form()}
		}
	}
	return nil
}

var titleForms = [2]assets.Form{assets.RandomForm(7), assets.RandomForm(12)}

func (g *Game) draw(screen *ebiten.Image) {
	a := g.App
	switch a.Scene {
	case arena.SceneTitle:
		g.drawTitle(screen)
	case arena.SceneFight, arena.SceneRecord, arena.SceneWatch, arena.SceneCorrect, arena.SceneReplay, arena.SceneResults:
		if a.Fight != nil {
			g.drawFight(screen, a.Fight)
		}
		g.drawOverlay(screen)
	default:
		g.drawBackdrop(screen)
		g.drawScene(screen)
	}
	if a.Paused != nil {
		rect(screen, 0, 0, ScreenWidth, ScreenHeight, shade)
		g.drawMenu(screen, a.Paused, ScreenWidth/2-180, 170, 360)
		write(screen, "Esc or Start: resume", g.fonts.small, ScreenWidth/2, 400, dim, center)
	}
	if a.NoticeFrames > 0 && a.Notice != "" {
		w := min(text.Advance(a.Notice, g.fonts.small)+40, ScreenWidth-40)
		rect(screen, ScreenWidth/2-w/2, ScreenHeight-64, w, 30, panelFill)
		write(screen, a.Notice, g.fonts.small, ScreenWidth/2, ScreenHeight-57, paper, center)
	}
}

// drawBackdrop is the stage, dimmed, behind the menus.
func (g *Game) drawBackdrop(dst *ebiten.Image) {
	dst.DrawImage(g.stage, nil)
	rect(dst, 0, 0, ScreenWidth, ScreenHeight, color.RGBA{0x10, 0x10, 0x18, 0xb0})
}

// drawFighter draws form's sprite in pose at the feet position x, y.
func (g *Game) drawFighter(dst *ebiten.Image, form assets.Form, pose assets.Pose, fr int, x, y, scale float64, facing float64) {
	g.drawSprite(dst, g.looks.sprite(form, pose, fr), x, y, facing*scale, scale, nil)
}

// drawSprite draws a sprite (facing right, feet at its bottom centre) with
// its feet at x, y, scaled by sx (negative: facing left) and sy, its colours
// scaled by cs if set.
func (g *Game) drawSprite(dst, img *ebiten.Image, x, y, sx, sy float64, cs *ebiten.ColorScale) {
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(-assets.SpriteWidth/2, -(assets.SpriteHeight - 3))
	op.GeoM.Scale(sx, sy)
	op.GeoM.Translate(x, y)
	if cs != nil {
		op.ColorScale = *cs
	}
	dst.DrawImage(img, op)
}

func (g *Game) drawTitle(dst *ebiten.Image) {
	dst.DrawImage(g.stage, nil)
	rect(dst, 0, 0, ScreenWidth, ScreenHeight, color.RGBA{0x10, 0x10, 0x18, 0x70})
	writeOutlined(dst, "DOJO", g.fonts.huge, ScreenWidth/2, 40, gold)
	write(dst, "fight - train your fighter by playing - own it on-chain", g.fonts.body, ScreenWidth/2, 128, paper, center)
	fr := g.ticks / 10
	g.drawFighter(dst, titleForms[0], assets.Idle, fr, 165, 410, 2.4, 1)
	g.drawFighter(dst, titleForms[1], assets.Idle, fr+2, ScreenWidth-165, 410, 2.4, -1)
	g.drawMenu(dst, g.App.Menu, ScreenWidth/2-150, 180, 300)
	g.drawControlsHelp(dst)
}

// drawControlsHelp tells a first-time player what to press.
func (g *Game) drawControlsHelp(dst *ebiten.Image) {
	k := g.App.Settings.Keys
	line := func(p int) string {
		var m [arena.NumButtons]string
		for b, key := range k[p] {
			m[b] = keyLabel(string(key))
		}
		return fmt.Sprintf("Player %d:  %s %s %s %s move   %s light   %s heavy   %s special   %s block   %s throw   %s dash",
			p+1, m[arena.BUp], m[arena.BLeft], m[arena.BDown], m[arena.BRight], m[arena.BLight], m[arena.BHeavy], m[arena.BSpecial], m[arena.BBlock], m[arena.BThrow], m[arena.BDash])
	}
	panel(dst, 20, ScreenHeight-112, ScreenWidth-40, 100)
	write(dst, "Menus: arrows to choose, Enter to confirm, Esc to go back.   In a fight, Esc pauses.", g.fonts.small, 36, ScreenHeight-104, gold, left)
	write(dst, line(0), g.fonts.small, 36, ScreenHeight-82, paper, left)
	write(dst, line(1), g.fonts.small, 36, ScreenHeight-62, paper, left)
	write(dst, "Gamepad: d-pad or stick move   A light   X heavy   Y special   B throw   bumpers block   triggers dash   Start pause", g.fonts.small, 36, ScreenHeight-42, paper, left)
}

// drawMenu draws m at x, y, w wide: its title, its items (a window of them
// around the cursor when there are many) and the selected item's hint.
func (g *Game) drawMenu(dst *ebiten.Image, m *arena.MenuList, x, y, w float64) {
	if m == nil {
		return
	}
	const rowH = 30
	const maxRows = 11
	first := 0
	if len(m.Items) > maxRows {
		first = min(max(m.Cursor-maxRows/2, 0), len(m.Items)-maxRows)
	}
	rows := min(len(m.Items), maxRows)
	top := y
	if m.Title != "" {
		write(dst, m.Title, g.fonts.big, x+w/2, y, gold, center)
		top += 44
	}
	panel(dst, x, top, w, float64(rows)*rowH+16)
	for r := range rows {
		i := first + r
		it := m.Items[i]
		ry := top + 8 + float64(r)*rowH
		c := paper
		if it.Disabled {
			c = dim
		}
		if i == m.Cursor {
			rect(dst, x+4, ry, w-8, rowH-2, highlight)
			write(dst, ">", g.fonts.body, x+12, ry+3, gold, left)
		}
		label := it.Label
		write(dst, label, g.fonts.body, x+30, ry+3, c, left)
		if it.Value != nil {
			v := it.Value()
			if it.Change != nil && i == m.Cursor {
				v = "< " + v + " >"
			}
			write(dst, v, g.fonts.body, x+w-14, ry+3, gold, right)
		}
	}
	if first > 0 {
		write(dst, "more above", g.fonts.small, x+w-14, top-18, dim, right)
	}
	if first+rows < len(m.Items) {
		write(dst, "more below", g.fonts.small, x+w-14, top+float64(rows)*rowH+18, dim, right)
	}
	if it := m.Selected(); it != nil && it.Hint != "" {
		hy := top + float64(rows)*rowH + 22
		rect(dst, x, hy-2, w, 22, panelFill)
		write(dst, it.Hint, g.fonts.small, x+w/2, hy, paper, center)
	}
}

// drawScene draws the menu scenes.
func (g *Game) drawScene(dst *ebiten.Image) {
	a := g.App
	switch a.Scene {
	case arena.SceneSelect:
		for i := range 2 {
			o := a.Rivals[a.Sides[i]]
			x := 60.0
			if i == 1 {
				x = ScreenWidth - 60 - 220
			}
			g.looks.drawPortrait(dst, o.Form, x, 110, 220)
			write(dst, fmt.Sprintf("Player %d side", i+1), g.fonts.small, x+110, 86, dim, center)
			write(dst, o.Name, g.fonts.big, x+110, 340, paper, center)
			kind := "plays itself"
			if o.Human >= 0 {
				kind = fmt.Sprintf("played by player %d", o.Human+1)
			}
			write(dst, kind, g.fonts.small, x+110, 378, dim, center)
		}
		g.drawMenu(dst, a.Menu, ScreenWidth/2-160, 150, 320)
	case arena.SceneTraining:
		g.drawTrainingHub(dst)
	case arena.SceneSessions:
		g.drawMenu(dst, a.Menu, 60, 30, ScreenWidth-120)
	case arena.SceneTeach:
		g.drawTeach(dst)
	case arena.SceneReplays:
		g.drawMenu(dst, a.Menu, ScreenWidth/2-300, 40, 600)
	case arena.SceneSettings:
		g.drawSettings(dst)
	case arena.SceneMint:
		g.drawMint(dst)
	case arena.SceneToken:
		g.drawToken(dst)
	default:
		g.drawMenu(dst, a.Menu, ScreenWidth/2-200, 60, 400)
	}
	write(dst, "arrows choose   Enter confirms   Esc goes back", g.fonts.small, ScreenWidth/2, ScreenHeight-26, dim, center)
}

func (g *Game) drawTrainingHub(dst *ebiten.Image) {
	a := g.App
	t := a.Training
	if f := t.Fighter(); f != nil {
		g.looks.drawPortrait(dst, f.Form, 60, 80, 200)
		write(dst, f.Name, g.fonts.big, 160, 290, paper, center)
		write(dst, f.Core.Spec.Archetype+" brain", g.fonts.small, 160, 328, dim, center)
		tok := "not minted yet"
		if f.Token != 0 {
			tok = fmt.Sprintf("token #%d", f.Token)
		}
		write(dst, tok, g.fonts.small, 160, 348, dim, center)
		if m := f.Core.Memories.Lineage.Metrics; m != nil {
			write(dst, fmt.Sprintf("agrees with %.0f%% of your play", 100*m.HoldoutAccuracy), g.fonts.small, 160, 368, gold, center)
		}
	}
	g.drawMenu(dst, a.Menu, 330, 40, 580)
}

func (g *Game) drawTeach(dst *ebiten.Image) {
	a := g.App
	t := a.Training
	st := t.TeachState
	name := ""
	if t.TeachFighter != nil {
		name = t.TeachFighter.Name
	}
	write(dst, "Teach "+name, g.fonts.big, ScreenWidth/2, 24, gold, center)
	panel(dst, 60, 70, ScreenWidth-120, 300)
	// The progress bar.
	done := len(st.History)
	frac := 0.0
	if st.Epochs > 0 {
		frac = float64(done) / float64(st.Epochs)
	}
	status := "reading the sessions..."
	switch {
	case st.Err != nil:
		status = "failed: " + st.Err.Error()
	case st.Done:
		frac = 1
		status = fmt.Sprintf("done in %.1f s: best epoch %d, held-out accuracy %.1f%%", st.Elapsed.Seconds(), st.Metrics.Best.Epoch, 100*st.Metrics.Best.HoldoutAccuracy)
	case !st.Loading:
		status = fmt.Sprintf("training on %d decisions: epoch %d of at most %d", st.Samples, done, st.Epochs)
	}
	rect(dst, 80, 86, ScreenWidth-160, 20, color.RGBA{0x33, 0x33, 0x44, 0xff})
	rect(dst, 80, 86, (ScreenWidth-160)*frac, 20, gold)
	write(dst, status, g.fonts.body, 80, 112, paper, left)
	if done > 0 {
		p := st.History[done-1]
		write(dst, fmt.Sprintf("epoch %d: loss %.3f, held out %.3f, held-out accuracy %.1f%%", p.Epoch, p.TrainLoss, p.HoldoutLoss, 100*p.HoldoutAccuracy), g.fonts.small, 80, 138, gold, left)
	}
	g.drawCurve(dst, st.History, 80, 162, ScreenWidth-160, 196)
	g.drawMenu(dst, a.Menu, ScreenWidth/2-180, 368, 360)
}

// drawCurve plots the held-out loss (red), training loss (paper) and
// held-out accuracy (gold) over the epochs.
func (g *Game) drawCurve(dst *ebiten.Image, h []training.Progress, x, y, w, hgt float64) {
	frame(dst, x, y, w, hgt, 1, dim)
	write(dst, "loss", g.fonts.small, x+4, y+2, red, left)
	write(dst, "accuracy", g.fonts.small, x+w-4, y+2, gold, right)
	if len(h) < 2 {
		return
	}
	maxLoss := 0.0
	for _, p := range h {
		maxLoss = max(maxLoss, p.TrainLoss, p.HoldoutLoss)
	}
	n := max(len(h)-1, 1)
	px := func(i int) float32 { return float32(x + w*float64(i)/float64(n)) }
	py := func(v, top float64) float32 { return float32(y + hgt - hgt*v/top) }
	for i := 1; i < len(h); i++ {
		vector.StrokeLine(dst, px(i-1), py(h[i-1].TrainLoss, maxLoss), px(i), py(h[i].TrainLoss, maxLoss), 2, paper, true)
		vector.StrokeLine(dst, px(i-1), py(h[i-1].HoldoutLoss, maxLoss), px(i), py(h[i].HoldoutLoss, maxLoss), 2, red, true)
		vector.StrokeLine(dst, px(i-1), py(h[i-1].HoldoutAccuracy, 1), px(i), py(h[i].HoldoutAccuracy, 1), 2, gold, true)
	}
}

func (g *Game) drawSettings(dst *ebiten.Image) {
	a := g.App
	g.drawMenu(dst, a.Menu, ScreenWidth/2-250, 20, 500)
	if a.Rebind != nil {
		rect(dst, 0, 0, ScreenWidth, ScreenHeight, shade)
		panel(dst, ScreenWidth/2-220, 200, 440, 110)
		write(dst, fmt.Sprintf("Press the new key for player %d %s", a.Rebind.Player+1, a.Rebind.Button), g.fonts.body, ScreenWidth/2, 225, paper, center)
		write(dst, "Esc cancels", g.fonts.small, ScreenWidth/2, 265, dim, center)
	}
}

// drawOverlay draws what the fight-like scenes add over the fight.
func (g *Game) drawOverlay(dst *ebiten.Image) {
	a := g.App
	t := a.Training
	switch a.Scene {
	case arena.SceneFight:
		write(dst, "Esc: pause", g.fonts.small, ScreenWidth/2, ScreenHeight-26, dim, center)
	case arena.SceneRecord:
		if g.ticks/30%2 == 0 {
			vector.DrawFilledCircle(dst, 30, 100, 8, red, true)
		}
		n := t.RecordedDecisions()
		write(dst, fmt.Sprintf("REC  %d decisions  (%.1f min)", n, t.RecordedMinutes()), g.fonts.body, 46, 89, red, left)
		write(dst, "Recording your play: fight as you would. Esc to stop.", g.fonts.small, ScreenWidth/2, ScreenHeight-26, paper, center)
	case arena.SceneWatch:
		g.drawMind(dst)
		write(dst, "Watching your fighter against the sparring partner.  Esc: back", g.fonts.small, ScreenWidth/2, ScreenHeight-26, paper, center)
	case arena.SceneCorrect:
		g.drawMind(dst)
		if c := t.Correcting; c != nil && c.Corrected() {
			writeOutlined(dst, "YOU ARE IN CONTROL", g.fonts.big, ScreenWidth/2, 200, red)
		} else {
			writeOutlined(dst, "The fighter plays: hold any button to take over", g.fonts.body, ScreenWidth/2, 200, paper)
		}
		n, c := t.RecordedDecisions(), 0
		if t.Recorder != nil {
			c = t.Recorder.Corrections()
		}
		write(dst, fmt.Sprintf("REC  %d decisions, %d of them your corrections.  Esc to stop.", n, c), g.fonts.small, ScreenWidth/2, ScreenHeight-26, red, center)
	case arena.SceneReplay:
		r := a.Replays
		tick, total := r.Tick(a.Fight)
		state := fmt.Sprintf("%gx", arena.Speeds[r.Speed])
		if r.Paused {
			state = "paused"
		}
		panel(dst, 20, ScreenHeight-48, ScreenWidth-40, 36)
		write(dst, fmt.Sprintf("REPLAY %s   %s   tick %d / %d", r.Playing.Name, state, tick, total), g.fonts.body, 34, ScreenHeight-43, gold, left)
		write(dst, "Space pause   right: one frame (paused)   up/down speed   Esc back", g.fonts.small, ScreenWidth-34, ScreenHeight-40, paper, right)
	case arena.SceneResults:
		g.drawMenu(dst, a.Menu, ScreenWidth/2-160, 330, 320)
	}
}

// drawMind shows what the fighter thinks at its latest decision, and its
// style figures.
func (g *Game) drawMind(dst *ebiten.Image) {
	t := g.App.Training
	m := t.Mind
	if m == nil {
		return
	}
	const top = 84
	panel(dst, 20, top, 300, 100)
	write(dst, "What it thinks", g.fonts.small, 32, top+5, gold, left)
	for i, th := range m.Top {
		y := top + 26 + float64(i)*22
		c := paper
		if th.Action == m.Chosen {
			c = gold
		}
		rect(dst, 150, y+3, 100*th.P, 14, c)
		write(dst, arena.ActionNames[th.Action], g.fonts.small, 32, y, c, left)
		write(dst, fmt.Sprintf("%.0f%%", 100*th.P), g.fonts.small, 300, y, paper, right)
	}
	shares := t.ActionShares(3)
	h := 100.0
	if len(shares) > 0 {
		h += 22 * float64(len(shares)+1)
	}
	panel(dst, ScreenWidth-340, top, 320, h)
	write(dst, "Style", g.fonts.small, ScreenWidth-328, top+5, gold, left)
	lines := []string{fmt.Sprintf("decisions watched: %d", m.Decisions)}
	if f := t.Fighter(); f != nil && f.Core.Memories.Lineage.Metrics != nil {
		lines = append(lines, fmt.Sprintf("agrees with your held-out play: %.0f%%", 100*f.Core.Memories.Lineage.Metrics.HoldoutAccuracy))
	}
	if d, ok := t.StyleDistance(); ok {
		lines = append(lines, fmt.Sprintf("style distance to you: %.2f (0 = yours)", d))
	} else if t.PlayerStyle == nil {
		lines = append(lines, "record your play to compare styles")
	}
	if len(shares) > 0 {
		lines = append(lines, "your actions      you    it")
		for _, sh := range shares {
			lines = append(lines, fmt.Sprintf("%-16s %4.0f%% %4.0f%%", arena.ActionNames[sh.Action], 100*sh.You, 100*sh.It))
		}
	}
	for i, l := range lines {
		face := g.fonts.small
		if len(shares) > 0 && i >= len(lines)-len(shares)-1 {
			face = g.fonts.mono
		}
		write(dst, l, face, ScreenWidth-328, top+26+float64(i)*22, paper, left)
	}
}

// drawMint shows the new fighter as it will look: its portrait and its
// sprite going through every pose.
func (g *Game) drawMint(dst *ebiten.Image) {
	a := g.App
	if a.Mint == nil {
		return
	}
	form := a.Mint.Form()
	g.looks.drawPortrait(dst, form, 50, 60, 200)
	pose := assets.Pose((g.ticks / 90) % 7)
	rect(dst, 50, 280, 200, 200, panelFill)
	frame(dst, 50, 280, 200, 200, 2, gold)
	g.drawFighter(dst, form, pose, g.ticks/8, 150, 465, 1.8, 1)
	write(dst, pose.String(), g.fonts.small, 150, 286, dim, center)
	g.drawMenu(dst, a.Menu, 300, 10, 610)
}

// drawToken shows a mint or a save on its way, and how it ended.
func (g *Game) drawToken(dst *ebiten.Image) {
	a := g.App
	if a.Job == nil {
		return
	}
	st := a.Job.State()
	title := "Minting " + a.JobName()
	if st.Kind == "save" {
		title = fmt.Sprintf("Saving %s to token #%d", a.JobName(), st.Token)
	}
	write(dst, title, g.fonts.big, ScreenWidth/2, 60, gold, center)
	panel(dst, 80, 120, ScreenWidth-160, 220)
	var lines []string
	c := paper
	switch {
	case !st.Done:
		dots := strings.Repeat(".", 1+g.ticks/20%3)
		lines = []string{"storing the Core on IPFS and sending the transaction" + dots}
	case st.Err != nil:
		c = red
		lines = wrap("It did not work: "+st.Err.Error(), 90)
	case st.Kind == "mint":
		lines = []string{
			fmt.Sprintf("Minted: token #%d is yours.", st.Token),
			"manifest  ipfs://" + st.CID,
			"core      " + shortID(st.CoreID),
			fmt.Sprintf("chain     %s, in %.1f s", st.Mode, st.Elapsed.Seconds()),
			"Record your play in Training, Teach, then Save to this token.",
		}
	case st.Pending:
		c = gold
		lines = []string{
			fmt.Sprintf("Stored on IPFS, NOT yet on-chain: token #%d still points at its old state.", st.Token),
			"manifest  ipfs://" + st.CID,
			"The chain did not answer; the save is pending and is retried by the",
			"next save or by `dojo sync`. Your training is kept.",
		}
	default:
		lines = []string{
			fmt.Sprintf("Saved: token #%d now points at the new state.", st.Token),
			"manifest  ipfs://" + st.CID,
			"core      " + shortID(st.CoreID),
			fmt.Sprintf("chain     %s, in %.1f s", st.Mode, st.Elapsed.Seconds()),
		}
	}
	for i, l := range lines {
		write(dst, l, g.fonts.mono, 100, 140+float64(i)*26, c, left)
	}
	g.drawMenu(dst, a.Menu, ScreenWidth/2-160, 370, 320)
}

// shortID shortens a Core ID's two hashes for the screen.
func shortID(id string) string {
	if len(id) > 60 {
		return id[:30] + "..." + id[len(id)-12:]
	}
	return id
}

// wrap cuts s into lines of at most n bytes, at spaces.
func wrap(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := strings.LastIndex(s[:n], " ")
		if cut <= 0 {
			cut = n
		}
		out = append(out, s[:cut])
		s = strings.TrimSpace(s[cut:])
	}
	return append(out, s)
}
