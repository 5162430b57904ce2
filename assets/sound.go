package assets

import (
	"encoding/binary"
	"fmt"
	"math"
)

// SampleRate is the sample rate of the arena's sounds.
const SampleRate = 44100

// Effect names one of the arena's sound effects.
type Effect uint8

// The sound effects.
const (
	EffectMove    Effect = iota // a menu's cursor moved
	EffectConfirm               // a menu item was chosen
	EffectHit                   // a light hit landed
	EffectHeavy                 // a heavy hit landed
	EffectBlock                 // a hit was blocked
	EffectKO                    // a round was won
	EffectRound                 // a round starts
	effectCount
)

var effectNames = [effectCount]string{"move", "confirm", "hit", "heavy", "block", "ko", "round"}

// Effects lists every effect.
func Effects() []Effect {
	out := make([]Effect, effectCount)
	for i := range out {
		out[i] = Effect(i)
	}
	return out
}

func (e Effect) String() string {
	if e < effectCount {
		return effectNames[e]
	}
	return fmt.Sprintf("Effect(%d)", uint8(e))
}

// voice is one layer of an effect: a tone sliding from f0 to f1 Hz, or
// noise when noise is set, under an attack-decay envelope.
type voice struct {
	f0, f1  float64
	noise   bool
	amp     float64
	attack  float64 // seconds
	length  float64 // seconds
	delay   float64 // seconds before it starts
	square  bool
	lowpass float64 // noise smoothing, 0..1 (higher is duller)
}

var effects = [effectCount][]voice{
	EffectMove:    {{f0: 880, f1: 990, amp: 0.18, attack: 0.002, length: 0.05, square: true}},
	EffectConfirm: {{f0: 660, f1: 660, amp: 0.2, attack: 0.002, length: 0.06, square: true}, {f0: 990, f1: 990, amp: 0.2, attack: 0.002, length: 0.09, delay: 0.06, square: true}},
	EffectHit:     {{noise: true, amp: 0.5, attack: 0.001, length: 0.08, lowpass: 0.3}, {f0: 220, f1: 110, amp: 0.4, attack: 0.001, length: 0.09}},
	EffectHeavy:   {{noise: true, amp: 0.7, attack: 0.001, length: 0.2, lowpass: 0.6}, {f0: 130, f1: 45, amp: 0.7, attack: 0.002, length: 0.25}},
	EffectBlock:   {{f0: 1800, f1: 1500, amp: 0.25, attack: 0.001, length: 0.06, square: true}, {noise: true, amp: 0.2, attack: 0.001, length: 0.04, lowpass: 0.1}},
	EffectKO:      {{f0: 440, f1: 110, amp: 0.5, attack: 0.005, length: 0.9, square: true}, {noise: true, amp: 0.5, attack: 0.001, length: 0.5, lowpass: 0.8}},
	EffectRound:   {{f0: 523, f1: 523, amp: 0.3, attack: 0.005, length: 0.5}, {f0: 784, f1: 784, amp: 0.2, attack: 0.005, length: 0.5}, {f0: 1046, f1: 1046, amp: 0.1, attack: 0.005, length: 0.5}},
}

// Sound synthesises effect e as 16-bit signed little-endian stereo PCM at
// SampleRate: the format of Ebiten's audio players. It is a pure function of
// e (the noise comes from a fixed-seed generator), so the arena needs no
// sound files. It panics on an unknown effect.
func Sound(e Effect) []byte {
	if e >= effectCount {
		panic(fmt.Sprintf("assets: unknown sound effect %d", uint8(e)))
	}
	var end float64
	for _, v := range effects[e] {
		end = max(end, v.delay+v.length)
	}
	n := int(end * SampleRate)
	mix := make([]float64, n)
	rng := uint64(0x9E3779B97F4A7C15) ^ uint64(e)
	for _, v := range effects[e] {
		start := int(v.delay * SampleRate)
		length := int(v.length * SampleRate)
		phase, smooth := 0.0, 0.0
		for i := 0; i < length && start+i < n; i++ {
			t := float64(i) / SampleRate
			env := 1.0
			if t < v.attack {
				env = t / v.attack
			} else {
				env = math.Exp(-5 * (t - v.attack) / v.length)
			}
			var s float64
			if v.noise {
				rng ^= rng << 13
				rng ^= rng >> 7
				rng ^= rng << 17
				white := float64(rng>>11)/(1<<53)*2 - 1
				smooth = v.lowpass*smooth + (1-v.lowpass)*white
				s = smooth
			} else {
				f := v.f0 + (v.f1-v.f0)*float64(i)/float64(length)
				phase += f / SampleRate
				phase -= math.Floor(phase)
				if v.square {
					s = 1
					if phase > 0.5 {
						s = -1
					}
					s *= 0.5
				} else {
					s = math.Sin(2 * math.Pi * phase)
				}
			}
			mix[start+i] += v.amp * env * s
		}
	}
	out := make([]byte, 4*n)
	for i, s := range mix {
		v := int16(max(-1, min(1, s)) * 32000)
		binary.LittleEndian.PutUint16(out[4*i:], uint16(v))
		binary.LittleEndian.PutUint16(out[4*i+2:], uint16(v))
	}
	return out
}
