package demo

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// Magic opens every demonstration file.
const Magic = "DOJODEMO"

// FormatVersion is the version of the file layout this build writes and
// reads (see the package doc). It changes only when the layout does; the
// observation and action specs have their own versions in the header.
const FormatVersion = 2

// Ext is the file name extension of demonstration files; LoadDir reads the
// files that have it.
const Ext = ".demo"

// MaxMetaLen bounds the JSON encoding of a Meta, in bytes.
const MaxMetaLen = 4096

// Record kinds: the first byte of a record body.
const (
	kindDecision = 1
	kindSession  = 2
)

const (
	// headerFixed is the fixed part of the header: magic, five uint16
	// versions and sizes, and the uint16 meta length.
	headerFixed = len(Magic) + 6*2
	// maxVarint32 is the longest varint of a uint32.
	maxVarint32 = 5
	// minDecisionBody: kind, a 1-byte tick, action, flags, the 8-byte mask.
	// maskLen is the length of a decision's non-zero mask: one bit per
	// observation feature.
	maskLen         = (game.ObsLen + 7) / 8
	minDecisionBody = 1 + 1 + 1 + 1 + maskLen
	// maxDecisionBody: the same with the longest tick and every feature at
	// its longest.
	maxDecisionBody = 1 + maxVarint32 + 1 + 1 + maskLen + game.ObsLen*maxVarint32
	// minSessionBody is the kind byte and the shortest meta, "{}".
	minSessionBody = 1 + 2
	maxSessionBody = 1 + MaxMetaLen
	// maxLenPrefix is the longest length prefix: every body is below 1<<14.
	maxLenPrefix = 2
	crcLen       = 4
)

// crcTable is CRC-32 IEEE, the checksum of zlib.crc32 and binascii.crc32,
// so that readers in other languages need nothing beyond their standard
// library.
var crcTable = crc32.IEEETable

// Flags mark a recorded decision.
type Flags uint8

// Correction marks a decision where the teacher disagreed with the fighter:
// the recorded action is the teacher's (see CorrectionController for when it
// was also the one played). Trainers weight corrections more than ordinary
// frames.
const Correction Flags = 1 << 0

// knownFlags is every flag this format version defines.
const knownFlags = Correction

// Record is one decision: the observation the player saw (in its own frame,
// see game.Observation), the action id it took (an index into the action space (game.Action)),
// its flags and the match tick it was taken on.
type Record struct {
	Tick   int32
	Action uint8
	Flags  Flags
	Obs    game.Observation
}

// Meta describes who and what was recorded. The file header holds the first
// Meta; Writer.Begin starts a new session with another one (for example the
// next match in the same file). Keep it deterministic: it has no time
// stamp, so that recording the same bot match twice gives the same bytes and
// the same SHA-256.
type Meta struct {
	// Source is who played the recorded side, and the key of per-source
	// counts: "human:<name>", "bot:zoner", "fighter:<token id>". Required.
	Source string `json:"source"`
	// Teacher is who corrected the fighter in a recording with corrections
	// (see CorrectionController), e.g. "bot:zoner" or "human:alice".
	Teacher string `json:"teacher,omitempty"`
	// Opponent is who played the other side, e.g. "bot:random".
	Opponent string `json:"opponent,omitempty"`
	// Seed is the match seed (a string in JSON, so that JavaScript readers
	// keep all 64 bits).
	Seed uint64 `json:"seed,string"`
	// Side is the recorded side, 0 or 1.
	Side int `json:"side"`
	// Interval is the recorded side's decision interval in ticks.
	Interval int `json:"interval,omitempty"`
	// RulesVersion is game.RulesVersion of the recorded match.
	RulesVersion int `json:"rules_version,omitempty"`
	// CreatedBy names the program that wrote the session, e.g. "dojo record".
	CreatedBy string `json:"created_by,omitempty"`
}

// check validates the fields every reader relies on.
func (m *Meta) check() error {
	switch {
	case m.Source == "":
		return errors.New("meta has no source")
	case m.Side != 0 && m.Side != 1:
		return fmt.Errorf("meta side %d is not 0 or 1", m.Side)
	case m.Interval < 0:
		return fmt.Errorf("meta interval %d is negative", m.Interval)
	case m.RulesVersion < 0:
		return fmt.Errorf("meta rules version %d is negative", m.RulesVersion)
	}
	// Meta text is shown to people: nothing that acts on a terminal.
	if err := safetext.CheckAll(m); err != nil {
		return fmt.Errorf("meta %w", err)
	}
	return nil
}

// encodeMeta validates m and returns its JSON.
func encodeMeta(m *Meta) ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode meta: %w", err)
	}
	if len(b) > MaxMetaLen {
		return nil, fmt.Errorf("meta is %d bytes of JSON, more than %d", len(b), MaxMetaLen)
	}
	return b, nil
}

// decodeMeta parses and validates the JSON of a Meta.
func decodeMeta(b []byte) (Meta, error) {
	var m Meta
	if err := strictjson.Unmarshal(b, &m); err != nil {
		return Meta{}, fmt.Errorf("meta JSON: %v", err)
	}
	if err := m.check(); err != nil {
		return Meta{}, err
	}
	return m, nil
}

// appendHeader appends the file header carrying the meta JSON.
func appendHeader(dst, meta []byte) []byte {
	start := len(dst)
	dst = append(dst, Magic...)
	for _, v := range []int{FormatVersion, game.ObsSpecVersion, game.ActionSpecVersion, game.ObsLen, game.NumActions, len(meta)} {
		dst = binary.LittleEndian.AppendUint16(dst, uint16(v))
	}
	dst = append(dst, meta...)
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], crcTable))
}

// appendFrame appends body framed as a record: its length, the body and the
// CRC-32 of both.
func appendFrame(dst, body []byte) []byte {
	start := len(dst)
	dst = binary.AppendUvarint(dst, uint64(len(body)))
	dst = append(dst, body...)
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], crcTable))
}

// checkRecord validates what the format can hold.
func checkRecord(r *Record) error {
	switch {
	case int(r.Action) >= game.NumActions:
		return fmt.Errorf("action id %d out of range [0, %d)", r.Action, game.NumActions)
	case r.Flags&^knownFlags != 0:
		return fmt.Errorf("unknown flags %#x", uint8(r.Flags&^knownFlags))
	case r.Tick < 0:
		return fmt.Errorf("negative tick %d", r.Tick)
	}
	return nil
}

// appendDecision appends the body of a decision record; r must pass
// checkRecord.
func appendDecision(dst []byte, r *Record) []byte {
	dst = append(dst, kindDecision)
	dst = binary.AppendUvarint(dst, uint64(r.Tick))
	dst = append(dst, r.Action, uint8(r.Flags))
	var mask [maskLen]byte
	for i, v := range r.Obs {
		if v != 0 {
			mask[i/8] |= 1 << (i % 8)
		}
	}
	dst = append(dst, mask[:]...)
	for _, v := range r.Obs {
		if v != 0 {
			dst = binary.AppendUvarint(dst, uint64(zigzag(v)))
		}
	}
	return dst
}

func zigzag(v int32) uint32   { return uint32(v<<1) ^ uint32(v>>31) }
func unzigzag(u uint32) int32 { return int32(u>>1) ^ -int32(u&1) }

// uvarint decodes a minimal unsigned LEB128 varint of at most max bytes from
// the start of b. It returns the value and its length n: n > 0 on success,
// n == 0 when b ends inside the varint, n < 0 when the varint is longer than
// max or not minimal (a final zero byte after the first).
func uvarint(b []byte, max int) (uint64, int) {
	var v uint64
	for i, c := range b {
		if i == max {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, -1
			}
			return v, i + 1
		}
	}
	if len(b) >= max {
		return 0, -1
	}
	return 0, 0
}

// decodeDecision parses a decision record body (kind byte included) into r.
// It returns a description of the first problem, or "".
func decodeDecision(body []byte, r *Record) string {
	b := body[1:]
	tick, n := uvarint(b, maxVarint32)
	if n <= 0 || tick > math.MaxInt32 {
		return "bad tick"
	}
	b = b[n:]
	if len(b) < 2+maskLen {
		return "decision record is too short"
	}
	r.Tick = int32(tick)
	if int(b[0]) >= game.NumActions {
		return fmt.Sprintf("action id %d out of range [0, %d)", b[0], game.NumActions)
	}
	r.Action = b[0]
	r.Flags = Flags(b[1])
	if r.Flags&^knownFlags != 0 {
		return fmt.Sprintf("unknown flags %#x", b[1])
	}
	mask := b[2 : 2+maskLen]
	if pad := game.ObsLen % 8; pad != 0 && mask[maskLen-1]>>pad != 0 {
		return "non-zero mask marks features past the observation's end"
	}
	b = b[2+maskLen:]
	for i := range r.Obs {
		if mask[i/8]&(1<<(i%8)) == 0 {
			r.Obs[i] = 0
			continue
		}
		u, n := uvarint(b, maxVarint32)
		switch {
		case n <= 0:
			return fmt.Sprintf("bad varint for observation feature %d", i)
		case u > math.MaxUint32:
			return fmt.Sprintf("observation feature %d does not fit 32 bits", i)
		case u == 0:
			return fmt.Sprintf("observation feature %d is marked non-zero but is zero", i)
		}
		r.Obs[i] = unzigzag(uint32(u))
		b = b[n:]
	}
	if len(b) != 0 {
		return fmt.Sprintf("%d unexpected bytes after the observation", len(b))
	}
	return ""
}

// ErrCorrupt is wrapped by every error about a damaged or malformed
// demonstration file.
var ErrCorrupt = errors.New("corrupt demonstration file")

// ErrVersion is wrapped by every error about a demonstration file of a
// format, observation spec or action spec version this build cannot read.
var ErrVersion = errors.New("unsupported demonstration file version")

// FormatError reports a demonstration file that cannot be used, and where.
// Err is ErrCorrupt or ErrVersion.
type FormatError struct {
	Path   string // the file, or the name given to Parse
	Offset int64  // byte offset of the header field or record at fault
	Err    error
	Detail string
}

// Error says which file, where, and what is wrong.
func (e *FormatError) Error() string {
	return fmt.Sprintf("demonstration %s: byte %d: %v: %s", e.Path, e.Offset, e.Err, e.Detail)
}

// Unwrap returns ErrCorrupt or ErrVersion, for errors.Is.
func (e *FormatError) Unwrap() error { return e.Err }

// TornTail reports a file whose end is an incomplete write, as a crash or a
// recording still in progress leaves it: the records before Offset were
// used and the Bytes after it ignored. It is a warning, not an error; its
// Error method is there for logging.
type TornTail struct {
	Path   string
	Offset int64 // where the incomplete record (or header) starts
	Bytes  int64 // bytes ignored from Offset to the end of the file
}

// Error describes the ignored tail, for logging as a warning.
func (t *TornTail) Error() string {
	return fmt.Sprintf("demonstration %s: ignored an incomplete final record of %d bytes at byte %d (a write cut short, e.g. by a crash)",
		t.Path, t.Bytes, t.Offset)
}
