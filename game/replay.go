package game

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Replay is everything needed to re-run a match bit for bit: the seed, the
// rules version, who played (by content), every tick's world inputs, and a
// checkpoint hash every HashEvery ticks as the proof of what happened.
//
// The header (rules version, seed, both identities, both decision intervals
// and the hash spacing) is digested with SHA-256, and every checkpoint is
// that digest chained with the state hash (Match.Hash) at its tick. So the
// hashes cover who played and how often they decided, not only the play:
// a replay whose header was edited (two fighters swapped, an interval
// changed) fails Verify at its first checkpoint, Start.
type Replay struct {
	RulesVersion uint32
	Seed         uint64
	// Players names each side by what decides its play (Seat.ID), never by
	// a local path: a bot as "bot:NAME@VERSION", a Core as "core:" and its
	// Brain and Memories hashes. Empty for a side that had no identity.
	Players [2]string
	// Intervals are both sides' decision intervals in ticks: each side's
	// input changes only on a tick of its round that is a multiple of it.
	Intervals [2]int
	HashEvery int
	Inputs    [][2]Input // world inputs, one pair per tick
	// Start is the checkpoint at tick 0: the header digest chained with the
	// hash of the match's initial state.
	Start uint64
	// Hashes[i] is the checkpoint after tick (i+1)*HashEvery.
	Hashes []uint64
	Winner int // 0, 1, or -1 for a draw
	// FinalHash is the checkpoint after the last tick.
	FinalHash uint64
}

// DefaultHashEvery is the default spacing of state hashes in a replay: once
// a second of play.
const DefaultHashEvery = TickRate

// MaxHashEvery is the widest spacing of state hashes a replay may use: one
// round's length.
const MaxHashEvery = RoundTicks

// Replay file format, version 2:
//
//	"DOJOREPLAY" (10 bytes), format version (1 byte, = 2),
//	then a zlib stream (which checksums it) of:
//	the header: uvarint rules version, 8-byte little-endian seed,
//	  2 × (uvarint length, bytes) fighter identities (printable ASCII,
//	  no spaces, at most 256 bytes; may be empty),
//	  2 × uvarint decision interval (1 to RoundTicks), uvarint hash spacing;
//	8-byte start checkpoint, uvarint tick count,
//	input runs until they cover the tick count: (uvarint run length,
//	uvarint P1 input, uvarint P2 input),
//	uvarint hash count (= ticks / spacing), that many 8-byte checkpoints,
//	varint winner, 8-byte final checkpoint.
//
// Every 8-byte value is little-endian. The header digest is the first 8
// bytes (little-endian) of the SHA-256 of the magic, the format version and
// the header bytes; a checkpoint is that digest chained with a state hash
// through FNV-1a (checkpoint). Version 1 named fighters by label and did
// not cover them with its hashes: it is refused.
const (
	replayMagic   = "DOJOREPLAY"
	replayFormat  = 2
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

// appendHeader appends the header fields in their file encoding.
func (r *Replay) appendHeader(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(r.RulesVersion))
	b = binary.LittleEndian.AppendUint64(b, r.Seed)
	for _, p := range r.Players {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	for _, iv := range r.Intervals {
		b = binary.AppendUvarint(b, uint64(iv))
	}
	return binary.AppendUvarint(b, uint64(r.HashEvery))
}

// headerKey is the header digest that seeds every checkpoint.
func (r *Replay) headerKey() uint64 {
	b := append([]byte(replayMagic), replayFormat)
	sum := sha256.Sum256(r.appendHeader(b))
	return binary.LittleEndian.Uint64(sum[:8])
}

// checkpoint chains the header digest key with a state hash (FNV-1a over
// the state hash's 8 little-endian bytes, starting from key). For a fixed
// state it is a bijection of key, so two different headers never give the
// same checkpoint.
func checkpoint(key, state uint64) uint64 {
	h := hasher(key)
	h.u32(uint32(state))
	h.u32(uint32(state >> 32))
	return uint64(h)
}

// MarshalBinary encodes the replay in the file format above.
func (r *Replay) MarshalBinary() ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	body := r.appendHeader(nil)
	body = binary.LittleEndian.AppendUint64(body, r.Start)
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
	// A zlib writer holds about 800 KB of state: one is kept per idle
	// goroutine rather than made per replay (a tournament writes one per
	// game). Reset gives the same bytes as a new writer.
	zw, _ := zlibWriters.Get().(*zlib.Writer)
	if zw == nil {
		var err error
		if zw, err = zlib.NewWriterLevel(&out, zlib.BestCompression); err != nil {
			return nil, err
		}
	} else {
		zw.Reset(&out)
	}
	defer zlibWriters.Put(zw)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// zlibWriters keeps MarshalBinary's compressors for reuse.
var zlibWriters sync.Pool

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
	for i, p := range r.Players {
		if err := checkIdentity(p); err != nil {
			return formatErr("P%d: %v", i+1, err)
		}
	}
	for i, iv := range r.Intervals {
		if iv < 1 || iv > RoundTicks {
			return formatErr("P%d's decision interval %d is not between 1 and %d", i+1, iv, RoundTicks)
		}
	}
	return nil
}

// checkIdentity accepts a fighter identity that is safe to print: at most
// maxNameLen bytes of printable ASCII without spaces (so no terminal escape
// sequence or line break can come from a replay file).
func checkIdentity(id string) error {
	if len(id) > maxNameLen {
		return fmt.Errorf("fighter identity of %d bytes is longer than %d", len(id), maxNameLen)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' {
			return fmt.Errorf("fighter identity %q holds byte 0x%02x, outside printable ASCII", id, c)
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
	switch v := data[len(replayMagic)]; {
	case v == 1:
		return formatErr("replay file format 1 is from an older build: it names fighters by label and its hashes do not cover them, so it cannot be verified (this build reads format %d; record the match again)", replayFormat)
	case v != replayFormat:
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
		n := d.uvarint("fighter identity length", maxNameLen)
		out.Players[i] = string(d.bytes("fighter identity", int(n)))
	}
	for i := range out.Intervals {
		out.Intervals[i] = int(d.uvarint("decision interval", RoundTicks))
	}
	out.HashEvery = int(d.uvarint("hash spacing", MaxHashEvery))
	out.Start = d.u64("start checkpoint")
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
	// Tick is the first tick at which the difference was seen: 0 for the
	// header (the start checkpoint), else a count of ticks played.
	Tick int
	// LastMatch is the last checkpoint tick that still agreed (0 = the
	// start checkpoint), or -1 when even the start checkpoint differed.
	LastMatch int
	// What differed: "header", "state hash", "winner", "match length" or
	// "unfinished".
	What      string
	Want, Got uint64
	// Header describes the header as the file has it, for a "header"
	// mismatch.
	Header string
}

// Error says what differed, where, and the last checkpoint that agreed.
func (e *MismatchError) Error() string {
	switch e.What {
	case "header":
		return fmt.Sprintf("replay mismatch: the header (%s) is not the one its hashes were recorded with: the fighters, their decision intervals, the seed or the hash spacing were changed (start checkpoint recorded %016x, re-run %016x)",
			e.Header, e.Want, e.Got)
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

// Describe is a one-line description of the header: who played on which
// side, how often each decided, the seed and the hash spacing.
func (r *Replay) Describe() string {
	return fmt.Sprintf("P1 %s deciding every %d ticks, P2 %s deciding every %d ticks, seed %d, a hash every %d ticks",
		IdentityLabel(r.Players[0]), r.Intervals[0], IdentityLabel(r.Players[1]), r.Intervals[1], r.Seed, r.HashEvery)
}

// IdentityLabel is id, or "(no identity)" when it is empty.
func IdentityLabel(id string) string {
	if id == "" {
		return "(no identity)"
	}
	return id
}

// ErrRulesVersion is wrapped by Verify's error for a replay made under
// other rules: it cannot be re-run by this build at all.
var ErrRulesVersion = errors.New("rules version differs")

// Verify re-runs the replay from its seed and inputs and checks the start
// checkpoint (which covers the header), every recorded checkpoint, the
// length of the match, the winner and the final checkpoint. It returns the
// re-run's result and, on any difference, a *MismatchError naming the first
// tick where it showed. It checks that the inputs give the recorded match;
// Redrive checks that the fighters gave the inputs.
func (r *Replay) Verify() (Result, error) {
	if r.RulesVersion != RulesVersion {
		return Result{}, fmt.Errorf("%w: the replay was made with rules version %d; this build runs rules version %d", ErrRulesVersion, r.RulesVersion, RulesVersion)
	}
	if err := r.check(); err != nil {
		return Result{}, err
	}
	key := r.headerKey()
	m := NewMatch(Config{Seed: r.Seed})
	if got := checkpoint(key, m.Hash()); got != r.Start {
		return m.Result(), &MismatchError{LastMatch: -1, What: "header", Want: r.Start, Got: got, Header: r.Describe()}
	}
	last := 0
	for i, in := range r.Inputs {
		if m.Over {
			return m.Result(), &MismatchError{Tick: i, LastMatch: last, What: "match length", Want: uint64(len(r.Inputs)), Got: uint64(m.Tick)}
		}
		m.Step(in)
		t := i + 1
		if t%r.HashEvery == 0 {
			want := r.Hashes[t/r.HashEvery-1]
			if got := checkpoint(key, m.Hash()); got != want {
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
		return res, &MismatchError{Tick: len(r.Inputs), LastMatch: last, What: "winner", Want: uint64(r.Winner), Got: uint64(res.Winner)}
	}
	if got := checkpoint(key, res.FinalHash); got != r.FinalHash {
		return res, &MismatchError{Tick: len(r.Inputs), LastMatch: last, What: "state hash", Want: r.FinalHash, Got: got}
	}
	return res, nil
}
