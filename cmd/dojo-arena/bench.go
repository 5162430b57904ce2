package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/game/view"
	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/dojo-arena/dojo/training"
	"github.com/hajimehoshi/ebiten/v2"
)

// benchWarmup frames are not counted: the first frames build the sprites,
// the glyph caches and the GPU's pipelines.
const benchWarmup = 120

// benchResult is what --bench prints: the frame times of a fight between two
// neural fighters, drawn in the real window, and with --bench-teach the Teach
// runs that went on beside it.
type benchResult struct {
	Frames      int       `json:"frames"`
	Seconds     float64   `json:"seconds"`
	TPS         float64   `json:"ticks_per_second"`
	FPS         float64   `json:"frames_per_second"`
	Update      stats     `json:"update_ms"`
	Draw        stats     `json:"draw_ms"`
	Work        stats     `json:"update_plus_draw_ms"`
	Interval    stats     `json:"frame_interval_ms"`
	Teach       bool      `json:"teach"`
	TeachRuns   int       `json:"teach_runs,omitempty"`
	TeachData   int       `json:"teach_decisions,omitempty"`
	TeachMinute float64   `json:"teach_minutes_of_play,omitempty"`
	TeachSecs   []float64 `json:"teach_seconds,omitempty"`
}

type stats struct {
	Median float64 `json:"median"`
	P99    float64 `json:"p99"`
	Max    float64 `json:"max"`
}

func summarise(d []time.Duration) stats {
	if len(d) == 0 {
		return stats{}
	}
	ms := make([]float64, len(d))
	for i, v := range d {
		ms[i] = float64(v) / float64(time.Millisecond)
	}
	slices.Sort(ms)
	return stats{Median: ms[len(ms)/2], P99: ms[len(ms)*99/100], Max: ms[len(ms)-1]}
}

// benchGame counts frames and stops after the warm-up and n frames.
type benchGame struct {
	*view.Game
	n, drawn, ticks int
	start           time.Time
	done            bool
	teach           func()
}

func (b *benchGame) Update() error {
	if b.done {
		return ebiten.Termination
	}
	if b.teach != nil {
		b.teach()
	}
	if b.drawn >= benchWarmup {
		b.ticks++
	}
	return b.Game.Update()
}

func (b *benchGame) Draw(screen *ebiten.Image) {
	b.drawn++
	if b.drawn == benchWarmup {
		b.Frames = &view.FrameTimes{}
		b.start = time.Now()
	}
	b.Game.Draw(screen)
	if b.drawn >= benchWarmup+b.n {
		b.done = true
	}
}

// runBench plays a fight between a swift and a sage fighter (two neural
// Cores, the integer Policy deciding for each) in the window for n frames
// and prints the frame times; with teach, Teach trains a fighter on five
// minutes of recorded play again and again meanwhile, as a player's machine
// does while they play on.
func runBench(stdout io.Writer, n int, teach bool) error {
	root, err := os.MkdirTemp("", "dojo-arena-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	app := arena.NewApp(root, 1)
	a, err := app.Training.NewFighter("Swift", brain.Swift, assets.RandomForm(1), 1)
	if err != nil {
		return err
	}
	if _, err := app.Training.NewFighter("Sage", brain.Sage, assets.RandomForm(2), 2); err != nil {
		return err
	}
	res := benchResult{Frames: n, Teach: teach}
	var step func()
	if teach {
		player, err := game.BotSeat("brawler", 0)
		if err != nil {
			return err
		}
		opp, err := game.BotSeat("sparring", 0)
		if err != nil {
			return err
		}
		path := filepath.Join(a.Dir, "sessions", "0001.demo")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		st, err := training.Record(path, training.RecordConfig{Player: player, Opponent: opp, Source: "bot:brawler",
			OpponentName: "bot:sparring", Ticks: 5 * 60 * game.TickRate, Seed: 3, CreatedBy: "dojo-arena --bench"})
		if err != nil {
			return err
		}
		res.TeachData, res.TeachMinute = st.Decisions, float64(st.Ticks)/game.TickRate/60
		sessions, err := a.Sessions()
		if err != nil {
			return err
		}
		var cur *arena.Teach
		step = func() {
			if cur != nil {
				st, _ := cur.State()
				if !st.Done && st.Err == nil && len(st.History) == 0 || !doneOrReady(cur) {
					return
				}
				res.TeachRuns++
				res.TeachSecs = append(res.TeachSecs, st.Elapsed.Seconds())
			}
			if cur, err = arena.StartTeach(a, sessions); err != nil {
				cur = nil
			}
		}
	}
	opts := app.Options()
	app.StartFight(opts[len(opts)-2], opts[len(opts)-1])
	g, err := view.New(app, nil)
	if err != nil {
		return err
	}
	g.SkipRepeats = true
	ebiten.SetScreenClearedEveryFrame(false)
	b := &benchGame{Game: g, n: n, teach: step}
	ebiten.SetWindowTitle("Dojo bench")
	ebiten.SetWindowSize(view.ScreenWidth, view.ScreenHeight)
	if err := ebiten.RunGame(b); err != nil && !errors.Is(err, ebiten.Termination) {
		return err
	}
	up, dr, iv := b.Frames.Samples()
	work := make([]time.Duration, min(len(up), len(dr)))
	for i := range work {
		work[i] = up[i] + dr[i]
	}
	res.Seconds = time.Since(b.start).Seconds()
	res.TPS, res.FPS = float64(b.ticks)/res.Seconds, float64(len(dr))/res.Seconds
	res.Update, res.Draw, res.Work, res.Interval = summarise(up), summarise(dr), summarise(work), summarise(iv)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return err
	}
	if teach && res.TeachRuns == 0 {
		return fmt.Errorf("no Teach run finished in %d frames: give more", n)
	}
	return nil
}

// doneOrReady reports whether a Teach run has its result.
func doneOrReady(t *arena.Teach) bool {
	st, ready := t.State()
	return st.Done || ready
}
