package game

import (
	"bytes"
	"compress/zlib"
	"errors"
	"strings"
	"testing"
)

func recordMatch(t testing.TB, a, b string, seed uint64, hashEvery int) *Replay {
	t.Helper()
	d := NewDriver(Config{Seed: seed}, botSeats(t, a, b, seed), hashEvery)
	d.Run()
	return d.Replay
}

// roundTrip encodes r and decodes it again, returning the copy and the
// encoded size.
func roundTrip(t *testing.T, r *Replay) (*Replay, int) {
	t.Helper()
	data, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Replay
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	return &back, len(data)
}

func TestReplayRoundTripVerifies(t *testing.T) {
	r := recordMatch(t, "rushdown", "zoner", 7, DefaultHashEvery)
	back, size := roundTrip(t, r)
	res, err := back.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if res.FinalHash != r.FinalHash || back.Players != r.Players || len(back.Inputs) != len(r.Inputs) {
		t.Fatalf("round trip changed the replay: %+v", back)
	}
	minutes := float64(len(r.Inputs)) / TickRate / 60
	t.Logf("%d ticks, %d bytes: %.0f bytes per minute of play", len(r.Inputs), size, float64(size)/minutes)
}

func TestReplayTruncatedIsAnError(t *testing.T) {
	data, err := recordMatch(t, "turtle", "random", 3, DefaultHashEvery).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n++ {
		var r Replay
		err := r.UnmarshalBinary(data[:n])
		if !errors.Is(err, ErrReplayFormat) {
			t.Fatalf("replay cut to %d of %d bytes: error %v, want one wrapping ErrReplayFormat", n, len(data), err)
		}
	}
}

func TestReplayEditedInputNamesTheTick(t *testing.T) {
	r := recordMatch(t, "zoner", "rushdown", 11, 1)
	// Change P2's input at one tick in the middle: from there the re-run
	// must depart from the record, and with a hash every tick the error
	// names exactly that tick.
	const tick = 500
	r.Inputs[tick-1][1] ^= Heavy | Left
	_, err := r.Verify()
	var mm *MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("Verify after editing tick %d: %v, want a MismatchError", tick, err)
	}
	if mm.Tick != tick || mm.LastMatch != tick-1 {
		t.Fatalf("mismatch reported at tick %d (last match %d), want %d (%d)", mm.Tick, mm.LastMatch, tick, tick-1)
	}
	if !strings.Contains(err.Error(), "tick 500") {
		t.Fatalf("error %q does not name tick 500", err)
	}
}

func TestReplayTamperingFails(t *testing.T) {
	cases := []struct {
		name string
		edit func(r *Replay)
		want string
	}{
		{"hash", func(r *Replay) { r.Hashes[10] ^= 1 }, "tick 660"},
		{"seed", func(r *Replay) { r.Seed++ }, "tick 60 "},
		{"winner", func(r *Replay) { r.Winner = flipWinner(r.Winner) }, "winner"},
		{"final hash", func(r *Replay) { r.FinalHash ^= 1 }, "state hash"},
		{"cut short", func(r *Replay) {
			r.Inputs = r.Inputs[:len(r.Inputs)-120]
			r.Hashes = r.Hashes[:len(r.Inputs)/r.HashEvery]
		}, "not over"},
		{"rules version", func(r *Replay) { r.RulesVersion = RulesVersion + 1 }, "rules version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := recordMatch(t, "rushdown", "turtle", 5, DefaultHashEvery)
			c.edit(r)
			back, _ := roundTrip(t, r)
			_, err := back.Verify()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Verify: %v, want an error mentioning %q", err, c.want)
			}
		})
	}
}

func TestReplayRejectsBadFiles(t *testing.T) {
	good, err := recordMatch(t, "rushdown", "random", 1, DefaultHashEvery).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x40
	future := append([]byte(nil), good...)
	future[len(replayMagic)] = replayFormat + 1
	for name, data := range map[string][]byte{
		"empty":          nil,
		"not a replay":   []byte("hello, world, this is not a replay file"),
		"flipped byte":   flipped,
		"future format":  future,
		"trailing bytes": append(append([]byte(nil), good...), 1, 2, 3),
	} {
		var r Replay
		if err := r.UnmarshalBinary(data); !errors.Is(err, ErrReplayFormat) {
			t.Errorf("%s: error %v, want one wrapping ErrReplayFormat", name, err)
		}
	}
}

func FuzzReplayUnmarshal(f *testing.F) {
	good, err := recordMatch(f, "zoner", "random", 2, DefaultHashEvery).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Replay
		if err := r.UnmarshalBinary(data); err != nil {
			return
		}
		// Whatever decodes must re-encode and verify without panicking.
		if _, err := r.MarshalBinary(); err != nil {
			t.Fatalf("decoded replay does not re-encode: %v", err)
		}
		_, _ = r.Verify()
	})
}

// Extra bytes after the body are caught wherever the body ends, including
// on a multiple of any reader's buffer size.
func TestReplayRejectsTrailingBodyBytes(t *testing.T) {
	r := recordMatch(t, "zoner", "random", 2, DefaultHashEvery)
	data, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// Re-compress the body with junk after it, as a forger would.
	var body bytes.Buffer
	zr, err := zlib.NewReader(bytes.NewReader(data[len(replayMagic)+1:]))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := body.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	for pad := 1; pad <= 4096; pad *= 8 {
		var out bytes.Buffer
		out.WriteString(replayMagic)
		out.WriteByte(replayFormat)
		zw := zlib.NewWriter(&out)
		zw.Write(body.Bytes())
		zw.Write(make([]byte, pad))
		zw.Close()
		var back Replay
		if err := back.UnmarshalBinary(out.Bytes()); !errors.Is(err, ErrReplayFormat) {
			t.Fatalf("%d junk bytes after the body: %v, want a format error", pad, err)
		}
	}
	r.HashEvery = MaxHashEvery + 1
	r.Hashes = r.Hashes[:len(r.Inputs)/r.HashEvery]
	if _, err := r.MarshalBinary(); !errors.Is(err, ErrReplayFormat) {
		t.Fatalf("hash spacing above the maximum encoded: %v", err)
	}
}
