package game

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Replay is everything needed to re-run a match bit for bit: the seed, the
// rules version, who played, every tick's world inputs, and the state hash
// every HashEvery ticks as the proof of what happened.
type Replay struct {
	RulesVersion uint32
	Seed         uint64
	Players      [2]string // controller identities, e.g. "bot:zoner"
	Intervals    [2]int    // decision intervals, for information
	HashEvery    int
	Inputs       [][2]Input // world inputs, one pair per tick
	Hashes       []uint64   // Hashes[i] is the state hash after tick (i+1)*HashEvery
	Winner       int        // 0, 1, or -1 for a draw
	FinalHash    uint64     // state hash after the last tick
}

// DefaultHashEvery is the default spacing of state hashes in a replay: once
// a second of play.
const DefaultHashEvery = TickRate

// MaxHashEvery is the widest spacing of state hashes a replay may use: one
// round's length.
const MaxHashEvery = RoundTicks

// Replay file format, version 1:
//
//	"DOJOREPLAY" (10 bytes), format version (1 byte, = 1),
//	then a zlib stream (which checksums it) of:
//	uvarint rules version, 8-byte little-endian seed,
//	2 × (uvarint length, bytes) player names, 2 × uvarint decision interval,
//	uvarint hash spacing, uvarint tick count,
//	input runs until they cover the tick count: (uvarint run length,
//	uvarint P1 input, uvarint P2 input),
//	uvarint hash count (= ticks / spacing), that many 8-byte hashes,
//	varint winner, 8-byte final hash.
const (
	replayMagic   = "DOJOREPLAY"
	replayFormat  = 1
	maxNameLen    = 256
	maxReplayTick = MaxRounds * RoundTicks
	// maxReplayBody bounds the decompressed body: the worst case, one run per
	// tick with the widest varints, plus hashes and names.
	maxReplayBody = maxReplayTick*(3+3+3) + maxReplayTick*8 + 4096
)

// ErrReplayFormat is wrapped by every error about a malformed replay file.
var ErrReplayFormat = errors.New("not a valid replay")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrReplayFormat, fmt.Sprintf(format, args...))
}

// MarshalBinary encodes the replay in the file format above.
func (r *Replay) MarshalBinary() ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	var body []byte
	body = binary.AppendUvarint(body, uint64(r.RulesVersion))
	body = binary.LittleEndian.AppendUint64(body, r.Seed)
	for _, p := range r.Players {
		body = binary.AppendUvarint(body, uint64(len(p)))
		body = append(body, p...)
	}
	for _, iv := range r.Intervals {
		body = binary.AppendUvarint(body, uint64(iv))
	}
	body = binary.AppendUvarint(body, uint64(r.HashEvery))
	body = binary.AppendUvarint(body, uint64(len(r.Inputs)))
	for i := 0; i < len(r.Inputs); {
		j := i + 1
		for j < len(r.Inputs) && r.Inputs[j] == r.Inputs[i] {
			j++
		}
		body = binary.AppendUvarint(body, uint64(j-i))
		body = binary.AppendUvarint(body, uint64(r.Inputs[i][0]))
		body = binary.AppendUvarint(body, uint64(r.Inputs[i][1]))
		i = j
	}
	body = binary.AppendUvarint(body, uint64(len(r.Hashes)))
	for _, h := range r.Hashes {
		body = binary.LittleEndian.AppendUint64(body, h)
	}
	body = binary.AppendVarint(body, int64(r.Winner))
	body = binary.LittleEndian.AppendUint64(body, r.FinalHash)

	var out bytes.Buffer
	out.WriteString(replayMagic)
	out.WriteByte(replayFormat)
	zw, err := zlib.NewWriterLevel(&out, zlib.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// check validates the fields that both encoding and decoding rely on.
func (r *Replay) check() error {
	switch {
	case r.HashEvery <= 0 || r.HashEvery > MaxHashEvery:
		return formatErr("hash spacing %d must be between 1 and %d", r.HashEvery, MaxHashEvery)
	case len(r.Inputs) > maxReplayTick:
		return formatErr("%d ticks is more than a match can last (%d)", len(r.Inputs), maxReplayTick)
	case len(r.Hashes) != len(r.Inputs)/r.HashEvery:
		return formatErr("%d hashes for %d ticks at one every %d", len(r.Hashes), len(r.Inputs), r.HashEvery)
	case r.Winner < -1 || r.Winner > 1:
		return formatErr("winner %d is not -1, 0 or 1", r.Winner)
	}
	for _, p := range r.Players {
		if len(p) > maxNameLen {
			return formatErr("player name of %d bytes is longer than %d", len(p), maxNameLen)
		}
	}
	for _, iv := range r.Intervals {
		if iv < 0 || iv > RoundTicks {
			return formatErr("decision interval %d out of range", iv)
		}
	}
	return nil
}

// UnmarshalBinary decodes and validates a replay file. Every malformed,
// truncated or corrupted file gives an error wrapping ErrReplayFormat; none
// panics.
func (r *Replay) UnmarshalBinary(data []byte) error {
	if len(data) < len(replayMagic)+1 || string(data[:len(replayMagic)]) != replayMagic {
		return formatErr("missing the %q header", replayMagic)
	}
	if v := data[len(replayMagic)]; v != replayFormat {
		return formatErr("replay file format %d, this build reads format %d", v, replayFormat)
	}
	// A bytes.Reader is an io.ByteReader, so zlib reads no further than its
	// stream's end and anything left over is known to be trailing garbage.
	compressed := bytes.NewReader(data[len(replayMagic)+1:])
	zr, err := zlib.NewReader(compressed)
	if err != nil {
		return formatErr("compressed body: %v", err)
	}
	body, err := io.ReadAll(io.LimitReader(zr, maxReplayBody+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return formatErr("file is truncated")
		}
		return formatErr("compressed body: %v", err)
	}
	if len(body) > maxReplayBody {
		return formatErr("body is larger than any match (%d bytes)", maxReplayBody)
	}
	if compressed.Len() > 0 {
		return formatErr("%d unexpected bytes after the compressed body", compressed.Len())
	}
	br := bytes.NewReader(body)
	d := decoder{r: br}
	var out Replay
	out.RulesVersion = uint32(d.uvarint("rules version", 1<<31))
	out.Seed = d.u64("seed")
	for i := range out.Players {
		n := d.uvarint("player name length", maxNameLen)
		out.Players[i] = string(d.bytes("player name", int(n)))
	}
	for i := range out.Intervals {
		out.Intervals[i] = int(d.uvarint("decision interval", RoundTicks))
	}
	out.HashEvery = int(d.uvarint("hash spacing", MaxHashEvery))
	ticks := int(d.uvarint("tick count", maxReplayTick))
	if d.err == nil && out.HashEvery == 0 {
		d.err = formatErr("hash spacing is 0")
	}
	out.Inputs = make([][2]Input, 0, ticks)
	for d.err == nil && len(out.Inputs) < ticks {
		run := int(d.uvarint("input run", uint64(ticks-len(out.Inputs))))
		if d.err == nil && run == 0 {
			d.err = formatErr("empty input run at tick %d", len(out.Inputs))
		}
		p := [2]Input{Input(d.uvarint("input", uint64(AllButtons))), Input(d.uvarint("input", uint64(AllButtons)))}
		for k := 0; k < run && d.err == nil; k++ {
			out.Inputs = append(out.Inputs, p)
		}
	}
	nh := int(d.uvarint("hash count", maxReplayTick))
	if d.err == nil && nh != ticks/max(out.HashEvery, 1) {
		d.err = formatErr("%d hashes for %d ticks at one every %d", nh, ticks, out.HashEvery)
	}
	for i := 0; i < nh && d.err == nil; i++ {
		out.Hashes = append(out.Hashes, d.u64("hash"))
	}
	w, err := binary.ReadVarint(d.r)
	if d.err == nil && err != nil {
		d.err = formatErr("winner: %v", err)
	}
	out.Winner = int(w)
	out.FinalHash = d.u64("final hash")
	if d.err != nil {
		return d.err
	}
	if br.Len() > 0 {
		return formatErr("%d unexpected bytes after the end", br.Len())
	}
	if err := out.check(); err != nil {
		return err
	}
	*r = out
	return nil
}

// decoder reads fields until the first error, which it keeps.
type decoder struct {
	r   *bytes.Reader
	err error
}

func (d *decoder) uvarint(what string, limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	switch {
	case err != nil:
		d.err = formatErr("%s: truncated or malformed", what)
	case v > limit:
		d.err = formatErr("%s %d is out of range (at most %d)", what, v, limit)
	}
	if d.err != nil {
		return 0
	}
	return v
}

func (d *decoder) u64(what string) uint64 {
	return binary.LittleEndian.Uint64(d.bytes(what, 8))
}

func (d *decoder) bytes(what string, n int) []byte {
	b := make([]byte, n)
	if d.err != nil {
		return b
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = formatErr("%s: truncated", what)
	}
	return b
}

// MismatchError says where a re-run replay departed from its record.
type MismatchError struct {
	Tick      int    // the first tick at which the difference was seen
	LastMatch int    // the last checkpoint tick that still agreed (0 = the start)
	What      string // "state hash", "winner", "match length"
	Want, Got uint64
}

// Error says what differed, where, and the last checkpoint that agreed.
func (e *MismatchError) Error() string {
	switch e.What {
	case "state hash":
		return fmt.Sprintf("replay mismatch: state hash differs at tick %d (recorded %016x, re-run %016x); the last checkpoint that agreed was tick %d",
			e.Tick, e.Want, e.Got, e.LastMatch)
	case "match length":
		return fmt.Sprintf("replay mismatch: the recorded input runs %d ticks but the re-run match ended at tick %d", e.Want, e.Got)
	case "unfinished":
		return fmt.Sprintf("replay mismatch: the recorded input ends at tick %d but the re-run match is not over", e.Tick)
	}
	return fmt.Sprintf("replay mismatch: %s differs at tick %d (recorded %d, re-run %d)", e.What, e.Tick, int64(e.Want), int64(e.Got))
}

// Verify re-runs the replay and checks every recorded hash, the length of the
// match, the winner and the final hash. It returns the re-run's result and,
// on any difference, a *MismatchError naming the first tick where it showed.
func (r *Replay) Verify() (Result, error) {
	if r.RulesVersion != RulesVersion {
		return Result{}, fmt.Errorf("replay was made with rules version %d; this build runs rules version %d", r.RulesVersion, RulesVersion)
	}
	if err := r.check(); err != nil {
		return Result{}, err
	}
	m := NewMatch(Config{Seed: r.Seed})
	last := 0
	for i, in := range r.Inputs {
		if m.Over {
			return m.Result(), &MismatchError{Tick: i, What: "match length", Want: uint64(len(r.Inputs)), Got: uint64(m.Tick)}
		}
		m.Step(in)
		t := i + 1
		if t%r.HashEvery == 0 {
			want := r.Hashes[t/r.HashEvery-1]
			if got := m.Hash(); got != want {
				return m.Result(), &MismatchError{Tick: t, LastMatch: last, What: "state hash", Want: want, Got: got}
			}
			last = t
		}
	}
	res := m.Result()
	if !m.Over {
		return res, &MismatchError{Tick: len(r.Inputs), LastMatch: last, What: "unfinished"}
	}
	if res.Winner != r.Winner {
		return res, &MismatchError{Tick: len(r.Inputs), What: "winner", Want: uint64(r.Winner), Got: uint64(res.Winner)}
	}
	if res.FinalHash != r.FinalHash {
		return res, &MismatchError{Tick: len(r.Inputs), LastMatch: last, What: "state hash", Want: r.FinalHash, Got: res.FinalHash}
	}
	return res, nil
}
