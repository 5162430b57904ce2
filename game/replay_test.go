package game

import (
	"bytes"
	"compress/zlib"
	"errors"
	"strings"
	"sync"
	"testing"
)

func recordMatch(t testing.TB, a, b string, seed uint64, hashEvery int) *Replay {
	t.Helper()
	d := SeatMatch(seed, botSides(t, a, b), hashEvery)
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
	back, _ := roundTrip(t, r)
	res, err := back.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if back.Players != [2]string{"bot:rushdown@1", "bot:zoner@1"} || back.Intervals != [2]int{DefaultInterval, DefaultInterval} {
		t.Fatalf("round trip names %q every %v ticks", back.Players, back.Intervals)
	}
	if back.Start != r.Start || back.FinalHash != r.FinalHash || res.Winner != r.Winner || len(back.Inputs) != len(r.Inputs) || len(back.Hashes) != len(r.Hashes) {
		t.Fatalf("round trip changed the replay: start %x/%x, final %x/%x, %d/%d ticks",
			back.Start, r.Start, back.FinalHash, r.FinalHash, len(back.Inputs), len(r.Inputs))
	}
	if err := back.Redrive(botSides(t, "rushdown", "zoner")); err != nil {
		t.Fatalf("re-driving with the bots that played: %v", err)
	}
}

// A replay stays within the size the docs promise: at most 2.0 KB per
// minute of play at the default hash spacing, random against random (a new
// input at almost every decision) being the worst case.
func TestReplaySizePerMinute(t *testing.T) {
	const limit = 2048 // bytes per minute of play
	worst := 0.0
	for _, p := range [][2]string{{"random", "random"}, {"zoner", "random"}, {"rushdown", "turtle"}} {
		for seed := uint64(1); seed <= 3; seed++ {
			r := recordMatch(t, p[0], p[1], seed, DefaultHashEvery)
			_, size := roundTrip(t, r)
			perMinute := float64(size) / (float64(len(r.Inputs)) / TickRate / 60)
			t.Logf("%s vs %s seed %d: %d ticks, %d bytes, %.0f bytes per minute", p[0], p[1], seed, len(r.Inputs), size, perMinute)
			if perMinute > limit {
				t.Errorf("%s vs %s seed %d: %.0f bytes per minute of play, more than %d", p[0], p[1], seed, perMinute, limit)
			}
			worst = max(worst, perMinute)
		}
	}
	t.Logf("worst: %.0f bytes per minute", worst)
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
		{"start", func(r *Replay) { r.Start ^= 1 }, "header"},
		{"seed", func(r *Replay) { r.Seed++ }, "seed 6,"},
		{"players swapped", func(r *Replay) { r.Players[0], r.Players[1] = r.Players[1], r.Players[0] }, "P1 bot:turtle@1"},
		{"bot version", func(r *Replay) { r.Players[1] = "bot:turtle@2" }, "P2 bot:turtle@2"},
		{"interval", func(r *Replay) { r.Intervals[1] = 5 }, "P2 bot:turtle@1 deciding every 5 ticks"},
		{"hash spacing", func(r *Replay) { r.HashEvery = 30; r.Hashes = make([]uint64, len(r.Inputs)/30) }, "a hash every 30 ticks"},
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

// Swapping the two fighters inside a replay file (decoded, edited and
// encoded again, as anyone can) must not verify: before format 2 it did,
// and reported the wrong fighter as the winner.
func TestReplaySwappedFightersFail(t *testing.T) {
	r := recordMatch(t, "zoner", "random", 5, DefaultHashEvery)
	data, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var edited Replay
	if err := edited.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	edited.Players[0], edited.Players[1] = edited.Players[1], edited.Players[0]
	data, err = edited.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Replay
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	_, err = back.Verify()
	var mm *MismatchError
	if !errors.As(err, &mm) || mm.What != "header" || mm.Tick != 0 || mm.LastMatch != -1 {
		t.Fatalf("Verify of a replay with its fighters swapped: %v, want a header mismatch at the start", err)
	}
	for _, want := range []string{"P1 bot:random@1", "P2 bot:zoner@1", "fighters"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// The fighters the edited file names cannot play its inputs either.
	if err := back.Redrive(botSides(t, "random", "zoner")); err == nil {
		t.Fatal("the swapped fighters re-drove the recorded inputs")
	}
}

func TestReplayFormat1IsRefused(t *testing.T) {
	data, err := recordMatch(t, "zoner", "random", 2, DefaultHashEvery).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	data[len(replayMagic)] = 1
	var r Replay
	err = r.UnmarshalBinary(data)
	if !errors.Is(err, ErrReplayFormat) || !strings.Contains(err.Error(), "format 1 is from an older build") {
		t.Fatalf("a format 1 file: %v, want a clear refusal", err)
	}
}

// A fighter identity is printed by verify: no control character, escape
// sequence or space may come from a replay file.
func TestReplayRefusesUnprintableIdentities(t *testing.T) {
	for _, id := range []string{"bot:zoner@1\x1b[2J", "bot:zoner@1\nOK", "bot zoner", "bot:zon\u00e9r@1", strings.Repeat("x", maxNameLen+1)} {
		r := recordMatch(t, "zoner", "random", 2, DefaultHashEvery)
		r.Players[0] = id
		if _, err := r.MarshalBinary(); !errors.Is(err, ErrReplayFormat) {
			t.Errorf("identity %q encoded: %v", id, err)
		}
	}
}

// maxFuzzReplay bounds the fuzzer's inputs: the decoder's size limits are
// tested above, and small inputs keep the fuzzer's minimisation of each new
// input (up to a minute by default) short.
const maxFuzzReplay = 1 << 10

func FuzzReplayUnmarshal(f *testing.F) {
	// Small seeds: a whole match with one hash per round (156 bytes), half
	// of it, and a few ticks of a match that did not finish.
	good, err := recordMatch(f, "rushdown", "turtle", 8, MaxHashEvery).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	tiny := &Replay{RulesVersion: RulesVersion, Seed: 1, Players: [2]string{"bot:zoner@1", ""},
		Intervals: [2]int{4, 1}, HashEvery: 2, Inputs: [][2]Input{{Left, 0}, {Left, Right}, {Left, Right}}, Hashes: []uint64{7}, Winner: -1}
	small, err := tiny.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(small)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzReplay {
			return
		}
		var r Replay
		if err := r.UnmarshalBinary(data); err != nil {
			return
		}
		// Whatever decodes must re-encode, verify and re-drive (playing
		// its inputs back) without panicking.
		if _, err := r.MarshalBinary(); err != nil {
			t.Fatalf("decoded replay does not re-encode: %v", err)
		}
		_, _ = r.Verify()
		_ = r.Redrive([2]SeatFunc{})
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

// Replays encoded one after another, on several goroutines (reusing pooled
// compressors), are byte for byte what a fresh compressor at the format's
// level makes of each body.
func TestReplayMarshalReusesCompressorExactly(t *testing.T) {
	rs := []*Replay{
		recordMatch(t, "zoner", "random", 2, DefaultHashEvery),
		recordMatch(t, "brawler", "wall", 5, 1),
		recordMatch(t, "rushdown", "turtle", 9, DefaultHashEvery),
	}
	fresh := func(data []byte) []byte {
		zr, err := zlib.NewReader(bytes.NewReader(data[len(replayMagic)+1:]))
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		if _, err := body.ReadFrom(zr); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		out.WriteString(replayMagic)
		out.WriteByte(replayFormat)
		zw, _ := zlib.NewWriterLevel(&out, zlib.BestCompression)
		zw.Write(body.Bytes())
		zw.Close()
		return out.Bytes()
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				r := rs[(g+i)%len(rs)]
				data, err := r.MarshalBinary()
				if err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(data, fresh(data)) {
					t.Errorf("replay %d encoded with a reused compressor differs from a fresh one's", (g+i)%len(rs))
					return
				}
			}
		}()
	}
	wg.Wait()
}
