package demo

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// holdPlayer is a person who plays exactly like a bot seated at an interval:
// asked on every tick, it asks the bot on the round's decision ticks and
// holds the bot's input (in world directions) in between, the way a Driver
// holds a seat's input.
type holdPlayer struct {
	bot      game.Controller
	match    *game.Match
	interval int32
	world    game.Input
}

func (h *holdPlayer) Decide(o *game.Observation) game.Input {
	if h.match.RoundTick%h.interval == 0 {
		h.world = h.bot.Decide(o)
		if o.Mirrored() {
			h.world = h.world.Mirror()
		}
	}
	if o.Mirrored() {
		return h.world.Mirror()
	}
	return h.world
}

// A person whose keys reproduce a bot's play is recorded, window by window,
// exactly as the bot's own decisions are: the same bytes, record for record.
// This holds the window alignment, the frame of the labels (the fighters
// cross sides during these matches) and the labelling rule's identity on
// held actions together.
func TestWindowRecorderMatchesBotRecording(t *testing.T) {
	for _, persona := range []string{"brawler", "sniper", "wall"} {
		for side := range 2 {
			seed := uint64(77 + side)
			newBot := func() game.Controller {
				p, ok := game.NewPersona(persona, game.SideSeed(seed, side))
				if !ok {
					t.Fatalf("no persona %s", persona)
				}
				return p
			}
			meta := Meta{Source: "human:test", Opponent: "bot:sparring", Seed: seed, Side: side, Interval: 4}
			seats := func(me game.Seat) [2]game.Seat {
				s := [2]game.Seat{{}, {}}
				s[side] = me
				s[1-side] = game.Seat{Controller: game.NewSparring(game.SideSeed(seed, 1-side)), Interval: 4}
				return s
			}

			var botBuf bytes.Buffer
			bw, err := NewWriter(&botBuf, meta)
			if err != nil {
				t.Fatal(err)
			}
			bd := game.NewDriver(game.Config{Seed: seed}, seats(game.Seat{Controller: newBot(), Interval: 4}), 0)
			br := NewRecorder(bw, side)
			br.Attach(bd)
			botResult := bd.Run()
			if err := bw.Close(); err != nil {
				t.Fatal(err)
			}

			var humBuf bytes.Buffer
			hw, err := NewWriter(&humBuf, meta)
			if err != nil {
				t.Fatal(err)
			}
			player := &holdPlayer{bot: newBot(), interval: 4}
			hd := game.NewDriver(game.Config{Seed: seed}, seats(game.Seat{Controller: player, Interval: 1}), 0)
			player.match = hd.Match
			hr := NewWindowRecorder(hw, side, 4)
			hr.Attach(hd)
			humResult := hd.Run()
			hr.Flush()
			if err := hr.Err(); err != nil {
				t.Fatal(err)
			}
			if err := hw.Close(); err != nil {
				t.Fatal(err)
			}

			if humResult.FinalHash != botResult.FinalHash {
				t.Fatalf("%s side %d: the held play diverged from the bot's match", persona, side)
			}
			if hr.Decisions() != br.Decisions() || hr.Decisions() < 500 {
				t.Fatalf("%s side %d: %d windows recorded, the bot made %d decisions", persona, side, hr.Decisions(), br.Decisions())
			}
			if !bytes.Equal(humBuf.Bytes(), botBuf.Bytes()) {
				a, _ := Parse("bot", botBuf.Bytes())
				b, _ := Parse("person", humBuf.Bytes())
				for i := range min(len(a.Actions), len(b.Actions)) {
					if a.Actions[i] != b.Actions[i] {
						t.Fatalf("%s side %d: decision %d labelled %d from the keys, the bot chose %d", persona, side, i, b.Actions[i], a.Actions[i])
					}
				}
				t.Fatalf("%s side %d: recordings differ (%d and %d bytes)", persona, side, humBuf.Len(), botBuf.Len())
			}
		}
	}
}

// tapper taps a button on one tick of a window and holds a direction on
// others, the way a person's fingers do.
type tapper struct {
	match *game.Match
}

func (t *tapper) Decide(o *game.Observation) game.Input {
	switch t.match.RoundTick % 4 {
	case 0, 1:
		return game.Right
	case 2:
		return game.Right | game.Light // the tap
	}
	return 0
}

// A tap inside a window is its label; the observation is the window's first.
func TestWindowRecorderTapsAndPartialWindow(t *testing.T) {
	p := &tapper{}
	seats := [2]game.Seat{{Controller: p, Interval: 1}, {Controller: game.BotFunc(game.Turtle), Interval: 4}}
	d := game.NewDriver(game.Config{Seed: 3}, seats, 0)
	p.match = d.Match
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Meta{Source: "human:tapper"})
	if err != nil {
		t.Fatal(err)
	}
	r := NewWindowRecorder(w, 0, 4)
	r.Attach(d)
	for range 4*10 + 2 { // ten whole windows and half of one
		d.Step()
	}
	set := closeAndParse(t, r, w, &buf)
	if len(set.Actions) != 11 {
		t.Fatalf("%d windows recorded, want 11", len(set.Actions))
	}
	light := game.TickAction(game.Light)
	right := game.TickAction(game.Right)
	for i, a := range set.Actions[:10] {
		if int(a) != light {
			t.Fatalf("window %d labelled %d, want the tapped light attack %d", i, a, light)
		}
	}
	// The half window held Right for both of its ticks.
	if int(set.Actions[10]) != right {
		t.Fatalf("the cut window is labelled %d, want walking right %d", set.Actions[10], right)
	}
	first := set.Obs.At(0)
	var o0 game.Observation
	game.NewMatch(game.Config{Seed: 3}).Observe(0, &o0)
	if first != o0 {
		t.Fatal("the first record does not hold the observation of the window's first tick")
	}
}

func TestWindowRecorderNeedsEveryTick(t *testing.T) {
	seats := [2]game.Seat{{Controller: game.BotFunc(game.Zoner), Interval: 4}, {Controller: game.BotFunc(game.Turtle)}}
	d := game.NewDriver(game.Config{Seed: 1}, seats, 0)
	w, _ := NewWriter(&bytes.Buffer{}, Meta{Source: "human:x"})
	r := NewWindowRecorder(w, 0, 4)
	r.Attach(d)
	if r.Err() == nil || !strings.Contains(r.Err().Error(), "interval 1") {
		t.Fatalf("err = %v, want a refusal of a seat that decides every 4 ticks", r.Err())
	}
}

// When the fighters cross inside a window, the later ticks' buttons are read
// in the window's first frame: a player who keeps walking towards the
// opponent across the jump keeps walking the same way in the label.
func TestWindowRecorderCrossingMidWindow(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Meta{Source: "human:x"})
	if err != nil {
		t.Fatal(err)
	}
	r := NewWindowRecorder(w, 0, 4)
	r.match = game.NewMatch(game.Config{Seed: 1})
	var plain, mirrored game.Observation
	mirrored[game.ObsMirrored] = 1
	// Tick 0 in the plain frame: Left; ticks 1-3 mirrored, the same world
	// direction (world left) arrives as Right in the observation's frame.
	for i, step := range []struct {
		o  *game.Observation
		in game.Input
	}{{&plain, game.Left}, {&mirrored, game.Right}, {&mirrored, game.Right}, {&mirrored, game.Right}} {
		r.match.RoundTick = int32(i)
		r.tick(step.o, step.in)
	}
	set := closeAndParse(t, r, w, &buf)
	if got, want := int(set.Actions[0]), game.TickAction(game.Left); got != want {
		t.Fatalf("label %d, want %d (left in the window's first frame)", got, want)
	}
}

// fakeCorrector reports a takeover on the ticks its schedule says.
type fakeCorrector struct{ on bool }

func (f *fakeCorrector) Decide(*game.Observation) game.Input { return 0 }
func (f *fakeCorrector) Corrected() bool                     { return f.on }
func (f *fakeCorrector) Label() game.Input                   { return 0 }

// A window the person took over halfway is a correction labelled with what
// the person did, even though the fighter started a jump before they did.
func TestWindowRecorderCorrectionLabel(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Meta{Source: "fighter:x", Teacher: "human:x"})
	if err != nil {
		t.Fatal(err)
	}
	r := NewWindowRecorder(w, 0, 4)
	r.match = game.NewMatch(game.Config{Seed: 1})
	fc := &fakeCorrector{}
	r.corrector = fc
	var o game.Observation
	for i, step := range []struct {
		in    game.Input
		taken bool
	}{{game.Up | game.Left, false}, {game.Up | game.Left, false}, {game.Block, true}, {game.Block, true}} {
		r.match.RoundTick = int32(i)
		fc.on = step.taken
		r.tick(&o, step.in)
	}
	set := closeAndParse(t, r, w, &buf)
	if set.Flags[0]&Correction == 0 || int(set.Actions[0]) != game.TickAction(game.Block) {
		t.Fatalf("flags %d label %d, want a correction labelled block", set.Flags[0], set.Actions[0])
	}
}

// closeAndParse flushes r, closes w and reads back what it wrote.
func closeAndParse(t *testing.T, r *WindowRecorder, w *Writer, buf *bytes.Buffer) *Set {
	t.Helper()
	r.Flush()
	if err := w.Close(); err != nil || r.Err() != nil {
		t.Fatal(err, r.Err())
	}
	set, err := Parse("window test", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return set
}
