package view

import (
	"github.com/dojo-arena/dojo/assets"
	"github.com/hajimehoshi/ebiten/v2/audio"
)

// Sound plays the arena's effects through ebiten/v2/audio. Each effect's
// player is made once, from the PCM assets synthesises.
type Sound struct {
	ctx     *audio.Context
	players []*audio.Player
}

// OpenSound opens the machine's sound device. With no device it returns
// nil and the reason: the arena then runs silent and says so once. (Ebiten
// ends the game when its audio context cannot reach a device, so the
// device is probed first, and the context made only when there is one.)
func OpenSound() (*Sound, error) {
	if err := probeDevice(); err != nil {
		return nil, err
	}
	ctx := audio.NewContext(assets.SampleRate)
	s := &Sound{ctx: ctx}
	for _, e := range assets.Effects() {
		s.players = append(s.players, ctx.NewPlayerFromBytes(assets.Sound(e)))
	}
	return s, nil
}

// play starts the effects of this tick when sound is on; a second hit in
// the same tick restarts the first's sound.
func (s *Sound) play(on bool, effects []assets.Effect) {
	if !on {
		return
	}
	for _, e := range effects {
		if int(e) >= len(s.players) {
			continue
		}
		p := s.players[e]
		_ = p.Rewind()
		p.Play()
	}
}
