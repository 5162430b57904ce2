package assets

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// Every effect is a short, audible, unclipped stereo sound, the same bytes
// every time, and no two effects sound alike.
func TestSounds(t *testing.T) {
	seen := map[string]Effect{}
	for _, e := range Effects() {
		pcm := Sound(e)
		if !bytes.Equal(pcm, Sound(e)) {
			t.Fatalf("%v: two syntheses differ", e)
		}
		frames := len(pcm) / 4
		secs := float64(frames) / SampleRate
		if len(pcm)%4 != 0 || secs < 0.04 || secs > 1.5 {
			t.Fatalf("%v: %d bytes, %.2f s", e, len(pcm), secs)
		}
		var sum float64
		var peak int
		for i := 0; i < frames; i++ {
			l := int16(binary.LittleEndian.Uint16(pcm[4*i:]))
			r := int16(binary.LittleEndian.Uint16(pcm[4*i+2:]))
			if l != r {
				t.Fatalf("%v: left and right differ at frame %d", e, i)
			}
			sum += float64(l) * float64(l)
			peak = max(peak, int(l), -int(l))
		}
		rms := math.Sqrt(sum/float64(frames)) / 32768
		if rms < 0.02 || peak >= 32767 {
			t.Fatalf("%v: rms %.3f, peak %d", e, rms, peak)
		}
		if other, dup := seen[string(pcm)]; dup {
			t.Fatalf("%v sounds exactly like %v", e, other)
		}
		seen[string(pcm)] = e
	}
}
