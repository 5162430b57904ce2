package arena

import (
	"testing"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/game"
)

func botEntrant(t *testing.T, name string) Entrant {
	t.Helper()
	s, err := game.BotSeat(name, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Entrant{Name: name, Form: assets.RandomForm(uint64(len(name))), Seat: s, Human: -1}
}

// In live play one Update is one game step; the intro and KO phases hold the
// match still; hits give events and sparks, heavy hits shake and freeze the
// picture; every round ends in a KO phase whose bars show the round's final
// health; the match ends with its winner, and its replay verifies.
func TestFightPhasesAndEffects(t *testing.T) {
	f := NewFight(11, [2]Entrant{botEntrant(t, "rushdown"), botEntrant(t, "brawler")})
	m := f.Driver.Match
	if v := f.View(); v.Phase != PhaseIntro || v.Round != 1 {
		t.Fatalf("a new fight shows phase %d round %d", v.Phase, v.Round)
	}
	var hits, heavy, blocks, kos, rounds int
	var sawShake, sawFreeze bool
	for updates := 0; f.Phase() != PhaseOver; updates++ {
		if updates > 40000 {
			t.Fatal("the fight never ended")
		}
		phase, tick := f.Phase(), m.Tick
		f.Update()
		switch phase {
		case PhaseLive:
			if m.Tick != tick+1 && !m.Over {
				t.Fatalf("a live update went from tick %d to %d", tick, m.Tick)
			}
		default:
			if m.Tick != tick {
				t.Fatalf("phase %d stepped the match", phase)
			}
		}
		for _, e := range f.Events() {
			switch e.Kind {
			case EventHit:
				hits++
			case EventHeavyHit:
				heavy++
			case EventBlock:
				blocks++
			case EventKO:
				kos++
				v := f.View()
				r := m.Rounds[len(m.Rounds)-1]
				if v.Health != r.Health || v.Banner == "" || v.Sub == "" {
					t.Fatalf("the KO shows health %v banner %q, the round ended at %v", v.Health, v.Banner, r.Health)
				}
				if r.Reason == "ko" && min(v.Health[0], v.Health[1]) > 0 {
					t.Fatalf("a KO with both bars above zero: %v", v.Health)
				}
			case EventRound:
				rounds++
			}
		}
		v := f.View()
		sawShake = sawShake || v.ShakeX != 0
		sawFreeze = sawFreeze || v.Freeze
		if v.Freeze && v.Fighters == m.Fighters && f.Phase() == PhaseLive && f.shownHeld < HitstopHeavy {
			t.Fatal("the freeze frame moves with the match")
		}
	}
	if hits+heavy < 5 || heavy == 0 || blocks == 0 || !sawShake || !sawFreeze {
		t.Fatalf("hits %d heavy %d blocks %d shake %v freeze %v", hits, heavy, blocks, sawShake, sawFreeze)
	}
	if kos != len(m.Rounds) || rounds != len(m.Rounds) {
		t.Fatalf("%d rounds: %d KO events, %d round starts", len(m.Rounds), kos, rounds)
	}
	if v := f.View(); v.Banner == "" {
		t.Fatal("no winner shown at the end")
	}
	if res, err := f.Driver.Replay.Verify(); err != nil || res.Winner != m.Winner() {
		t.Fatalf("the fight's replay: %v, %v", res, err)
	}
}

// Pause holds everything.
func TestFightPause(t *testing.T) {
	f := NewFight(3, [2]Entrant{botEntrant(t, "zoner"), botEntrant(t, "turtle")})
	for range IntroFrames + 30 {
		f.Update()
	}
	tick := f.Driver.Match.Tick
	f.SetPaused(true)
	for range 100 {
		f.Update()
	}
	if f.Driver.Match.Tick != tick || !f.View().Paused {
		t.Fatal("a paused fight moved")
	}
	f.SetPaused(false)
	f.Update()
	if f.Driver.Match.Tick != tick+1 {
		t.Fatal("the fight did not resume")
	}
}

// A key press moves the player's fighter.
func TestKeyPressMovesTheFighter(t *testing.T) {
	d := NewDevices(DefaultKeymaps())
	f := NewFight(5, [2]Entrant{{Name: "you", Seat: HumanSeat(d, 0, "human:player 1"), Human: 0}, botEntrant(t, "turtle")})
	for range IntroFrames {
		d.Update()
		f.Update()
	}
	x0 := f.Driver.Match.Fighters[0].X
	d.Press("D")
	for range 30 {
		d.Update()
		f.Update()
	}
	if x1 := f.Driver.Match.Fighters[0].X; x1 <= x0 {
		t.Fatalf("holding D for half a second moved player 1 from %d to %d", x0, x1)
	}
}

func TestPoseOf(t *testing.T) {
	m := game.NewMatch(game.Config{Seed: 1})
	f := m.Fighters[0]
	if p, _ := PoseOf(&f, false); p != assets.Idle {
		t.Fatalf("a standing fighter shows %v", p)
	}
	if p, _ := PoseOf(&f, true); p != assets.KO {
		t.Fatalf("a knocked-out fighter shows %v", p)
	}
	f.State, f.Move = game.StateAttack, 1
	mv := game.MoveData(f.Move)
	seen := map[int]bool{}
	for fr := int32(0); fr < mv.Total(); fr++ {
		f.Frame = fr
		p, i := PoseOf(&f, false)
		if p != assets.Attack || i < 0 || i >= p.Frames() {
			t.Fatalf("attack frame %d shows %v %d", fr, p, i)
		}
		seen[i] = true
	}
	if len(seen) < 3 {
		t.Fatalf("an attack shows only frames %v", seen)
	}
}
