package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

var testMeta = Meta{Source: "bot:zoner", Opponent: "bot:random", Seed: math.MaxUint64, Side: 1, Interval: 4, RulesVersion: game.RulesVersion, CreatedBy: "demo test"}

// randomRecord makes a record whose features mix zeros, observation-sized
// values and the extremes of int32.
func randomRecord(r *rand.Rand) Record {
	rec := Record{Tick: r.Int32N(5 * game.RoundTicks), Action: uint8(r.IntN(game.NumActions))}
	if r.IntN(3) == 0 {
		rec.Flags = Correction
	}
	for i := range rec.Obs {
		switch r.IntN(8) {
		case 0, 1, 2:
		case 3:
			rec.Obs[i] = game.ObsOne
		case 4:
			rec.Obs[i] = []int32{math.MinInt32, math.MaxInt32, -1, 1, 63, -64, 64}[r.IntN(7)]
		default:
			rec.Obs[i] = r.Int32N(16*game.ObsOne) - 8*game.ObsOne
		}
	}
	return rec
}

func randomRecords(seed uint64, n int) []Record {
	r := rand.New(rand.NewPCG(seed, 1))
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = randomRecord(r)
	}
	return recs
}

// encode writes a file with the header meta and recs, starting a session
// with sessions[i] before record i where present. It returns the bytes and
// the offset at which each record (and each session record) ends.
func encode(t testing.TB, meta Meta, recs []Record, sessions map[int]Meta) (data []byte, ends []int) {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, meta)
	if err != nil {
		t.Fatal(err)
	}
	mark := func() {
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, buf.Len())
	}
	mark()
	for i := range recs {
		if m, ok := sessions[i]; ok {
			if err := w.Begin(m); err != nil {
				t.Fatal(err)
			}
			mark()
		}
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
		mark()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), ends
}

// checkRecords compares the decisions of s from index first on with want.
func checkRecords(t *testing.T, s *Set, first int, want []Record) {
	t.Helper()
	if got := s.Len() - first; got != len(want) {
		t.Fatalf("%d decisions, want %d", got, len(want))
	}
	for i, w := range want {
		j := first + i
		got := Record{Tick: s.Ticks[j], Action: s.Actions[j], Flags: s.Flags[j], Obs: s.Obs.At(j)}
		if got != w {
			t.Fatalf("decision %d: got %+v, want %+v", i, got, w)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	recs := randomRecords(1, 300)
	other := Meta{Source: "human:alice", Side: 0}
	data, _ := encode(t, testMeta, recs, map[int]Meta{100: other})

	s, err := Parse("mem.demo", data)
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, s, 0, recs)
	f := s.Files[0]
	if f.Torn != nil {
		t.Errorf("unexpected torn tail: %v", f.Torn)
	}
	if !reflect.DeepEqual(f.Sessions, []Meta{testMeta, other}) {
		t.Errorf("sessions %+v", f.Sessions)
	}
	sum := sha256.Sum256(data)
	if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(data)) {
		t.Errorf("file hash %s size %d, want the whole file's %x, %d", f.SHA256, f.Size, sum, len(data))
	}
	want := map[string]Count{}
	for i, r := range recs {
		src := testMeta.Source
		if i >= 100 {
			src = other.Source
		}
		c := want[src]
		c.Decisions++
		if r.Flags&Correction != 0 {
			c.Corrections++
		}
		want[src] = c
	}
	if !reflect.DeepEqual(s.Sources, want) {
		t.Errorf("sources %+v, want %+v", s.Sources, want)
	}
	if f.Decisions != len(recs) || f.Corrections != want["bot:zoner"].Corrections+want["human:alice"].Corrections {
		t.Errorf("file counts %d decisions %d corrections", f.Decisions, f.Corrections)
	}

	// The same through the file system.
	path := filepath.Join(t.TempDir(), "a.demo")
	w, err := Create(path, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&recs[0]); err == nil {
		t.Error("Write after Close succeeded")
	}
	s, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, s, 0, recs)
	if _, err := Create(path, testMeta); err == nil {
		t.Error("Create overwrote an existing recording")
	}
}

func TestWriterRefusesBadRecordsAndMeta(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Record{{Action: game.NumActions}, {Flags: 2}, {Tick: -1}} {
		if err := w.Write(&r); err == nil {
			t.Errorf("Write(%+v) succeeded", r)
		}
	}
	ok := Record{Action: 3}
	if err := w.Write(&ok); err != nil {
		t.Fatalf("a refused record should not stop the writer: %v", err)
	}
	for _, m := range []Meta{{}, {Source: "x", Side: 2}, {Source: strings.Repeat("x", MaxMetaLen)}, {Source: "human:\x1b]0;x\a"}, {Source: "x", CreatedBy: "\xff"}} {
		if _, err := NewWriter(io.Discard, m); err == nil {
			t.Errorf("NewWriter accepted meta %.40v", m)
		}
		if err := w.Begin(m); err == nil {
			t.Errorf("Begin accepted meta %.40v", m)
		}
	}
	w.Close()
	s, err := Parse("x", buf.Bytes())
	if err != nil || s.Len() != 1 {
		t.Fatalf("got %v decisions, err %v; want the one good record", s, err)
	}
}

func TestAppend(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.demo")
	recs := randomRecords(2, 30)
	w, err := Create(path, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs[:10] {
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// Append a second session.
	w, err = OpenAppend(path)
	if err != nil {
		t.Fatal(err)
	}
	if w.Recovered() != nil {
		t.Errorf("recovered %v from an intact file", w.Recovered())
	}
	second := Meta{Source: "human:bob", Side: 0}
	if err := w.Begin(second); err != nil {
		t.Fatal(err)
	}
	for i := range recs[10:20] {
		if err := w.Write(&recs[10+i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// Simulate a crash in the middle of a record, then append again: the
	// torn record is cut off and the new records follow the last good one.
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	torn, _ := encode(t, testMeta, recs[20:21], nil)
	hdr := len(appendHeader(nil, mustMeta(t, testMeta)))
	garbage := torn[hdr : hdr+20]
	if err := os.WriteFile(path, append(good, garbage...), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err = OpenAppend(path)
	if err != nil {
		t.Fatal(err)
	}
	if tt := w.Recovered(); tt == nil || tt.Offset != int64(len(good)) || tt.Bytes != int64(len(garbage)) {
		t.Errorf("recovered %v, want the %d bytes at %d", tt, len(garbage), len(good))
	}
	for i := range recs[20:] {
		if err := w.Write(&recs[20+i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, s, 0, recs)
	if f := s.Files[0]; f.Torn != nil || len(f.Sessions) != 2 {
		t.Errorf("torn %v, %d sessions; want no torn tail and 2 sessions", f.Torn, len(f.Sessions))
	}
	if s.Sources["human:bob"].Decisions != 20 || s.Sources["bot:zoner"].Decisions != 10 {
		t.Errorf("sources %+v", s.Sources)
	}
}

func mustMeta(t testing.TB, m Meta) []byte {
	b, err := encodeMeta(&m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAppendRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	data, _ := encode(t, testMeta, randomRecords(3, 5), nil)
	future := bytes.Clone(data)
	binary.LittleEndian.PutUint16(future[8:], FormatVersion+1)
	cases := map[string]struct {
		path string
		want error
	}{
		"missing":      {filepath.Join(dir, "none.demo"), os.ErrNotExist},
		"future":       {write("future.demo", future), ErrVersion},
		"torn header":  {write("torn.demo", data[:15]), ErrCorrupt},
		"not a demo":   {write("text.demo", []byte("hello, world")), ErrCorrupt},
		"corrupt body": {write("flip.demo", flip(data, len(appendHeader(nil, mustMeta(t, testMeta)))+5)), ErrCorrupt},
	}
	for name, c := range cases {
		before, _ := os.ReadFile(c.path)
		w, err := OpenAppend(c.path)
		if err == nil {
			w.Close()
			t.Errorf("%s: OpenAppend succeeded", name)
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", name, err, c.want)
		}
		if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
			t.Errorf("%s: a refused OpenAppend changed the file", name)
		}
	}
}

func flip(data []byte, i int) []byte {
	d := bytes.Clone(data)
	d[i] ^= 0xff
	return d
}

// A file cut at any length, as a crash leaves it, loads the records that
// are complete and reports the rest as a torn tail, never an error.
func TestTruncatedAtEveryLength(t *testing.T) {
	recs := randomRecords(4, 40)
	data, ends := encode(t, testMeta, recs, map[int]Meta{20: {Source: "bot:turtle"}})
	// ends[0] is the header; a session record ends at ends[21].
	for n := 0; n <= len(data); n++ {
		for _, tail := range []string{"cut", "zero-filled"} {
			cut := data[:n]
			if tail == "zero-filled" {
				if n == len(data) {
					continue
				}
				cut = append(bytes.Clone(cut), make([]byte, len(data)-n)...)
			}
			s, err := Parse("cut.demo", cut)
			if err != nil {
				t.Fatalf("%s at %d of %d bytes: %v", tail, n, len(data), err)
			}
			// Records complete within the first n bytes; zero filling
			// completes a record whose missing bytes happen to be zeros.
			whole := n
			for tail == "zero-filled" && whole < len(data) && data[whole] == 0 {
				whole++
			}
			complete, used := 0, 0
			for i, e := range ends {
				if e <= whole {
					used = e
					complete = i
				}
			}
			if whole < ends[0] {
				complete, used = 0, 0
			}
			if complete > 21 {
				complete-- // the session record is not a decision
			} else if complete == 21 {
				complete = 20
			}
			checkRecords(t, s, 0, recs[:complete])
			f := s.Files[0]
			if f.Size != int64(used) {
				t.Fatalf("%s at %d: %d bytes used, want %d", tail, n, f.Size, used)
			}
			// A file that ends inside its header (even an empty one) is
			// torn too: it has no complete header.
			wantTorn := used != len(cut) || n < ends[0]
			if (f.Torn != nil) != wantTorn {
				t.Fatalf("%s at %d: torn %v, want torn: %v", tail, n, f.Torn, wantTorn)
			}
			if wantTorn && (f.Torn.Offset != int64(used) || f.Torn.Bytes != int64(len(cut)-used)) {
				t.Fatalf("%s at %d: torn %+v, want offset %d", tail, n, f.Torn, used)
			}
			sum := sha256.Sum256(cut[:used])
			if f.SHA256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("%s at %d: hash of the wrong bytes", tail, n)
			}
		}
	}
}

// Damage anywhere before the last record (with a full record's length of
// data after it, so that it cannot pass for a torn tail) is an error, as is
// any damage to the header.
func TestCorruptionIsAnError(t *testing.T) {
	recs := randomRecords(5, 60)
	data, ends := encode(t, testMeta, recs, map[int]Meta{30: {Source: "bot:turtle"}})
	limit := len(data) - maxLenPrefix - maxDecisionBody - crcLen
	for i := 0; i < limit; i++ {
		for bit := 0; bit < 8; bit++ {
			d := bytes.Clone(data)
			d[i] ^= 1 << bit
			_, err := Parse("flip.demo", d)
			if err == nil {
				t.Fatalf("flipping bit %d of byte %d (header ends at %d) went unnoticed", bit, i, ends[0])
			}
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Path != "flip.demo" || !(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrVersion)) {
				t.Fatalf("byte %d: error %v is not a *FormatError naming the file", i, err)
			}
			if i >= ends[0] && fe.Offset > int64(i) {
				t.Fatalf("byte %d: error at offset %d, after the damage", i, fe.Offset)
			}
		}
	}
	if limit < ends[len(ends)/2] {
		t.Fatal("test file too small to have middle records")
	}
}

// frameRaw builds a file from the test header and raw record bodies,
// framed with a correct length and checksum, so that the reader's checks
// behind the checksum can be reached.
func frameRaw(t testing.TB, bodies ...[]byte) []byte {
	data := appendHeader(nil, mustMeta(t, testMeta))
	for _, b := range bodies {
		data = appendFrame(data, b)
	}
	return data
}

func TestRejects(t *testing.T) {
	good, _ := encode(t, testMeta, randomRecords(6, 3), nil)
	hdr := len(appendHeader(nil, mustMeta(t, testMeta)))
	header := func(field int, v uint16) []byte {
		d := bytes.Clone(good)
		binary.LittleEndian.PutUint16(d[8+2*field:], v)
		// Fix the checksum so that the version check itself is tested.
		binary.LittleEndian.PutUint32(d[hdr-4:], crc32.ChecksumIEEE(d[:hdr-4]))
		return d
	}
	rec := Record{Action: 1, Obs: game.Observation{5: 7}}
	body := appendDecision(nil, &rec)
	withBody := func(edit func([]byte) []byte) []byte {
		return frameRaw(t, body, edit(bytes.Clone(body)), body)
	}
	rawMeta := func(js string) []byte {
		d := append([]byte(Magic), FormatVersion, 0, game.ObsSpecVersion, 0, game.ActionSpecVersion, 0, game.ObsLen, 0, game.NumActions, 0)
		d = binary.LittleEndian.AppendUint16(d, uint16(len(js)))
		d = append(d, js...)
		return binary.LittleEndian.AppendUint32(d, crc32.ChecksumIEEE(d))
	}
	cases := []struct {
		name   string
		data   []byte
		want   error
		offset int64
		detail string
	}{
		{"bad magic", append([]byte("DOJOREPLAY"), good[10:]...), ErrCorrupt, 0, "not a demonstration file"},
		{"short bad magic", []byte("DOJX"), ErrCorrupt, 0, "not a demonstration file"},
		{"future format", header(0, FormatVersion+1), ErrVersion, 8, "newer than this build"},
		{"format 0", header(0, 0), ErrVersion, 8, "format version 0"},
		{"obs spec", header(1, game.ObsSpecVersion+1), ErrVersion, 10, "observation spec version"},
		{"action spec", header(2, game.ActionSpecVersion+1), ErrVersion, 12, "action spec version"},
		{"obs len", header(3, game.ObsLen+1), ErrCorrupt, 14, "observation length"},
		{"action count", header(4, game.NumActions+1), ErrCorrupt, 16, "action count"},
		{"meta too long", header(5, MaxMetaLen+1), ErrCorrupt, 18, "meta length"},
		{"header checksum", flip(good, 25), ErrCorrupt, int64(hdr - 4), "header checksum"},
		{"meta not JSON", rawMeta("{]"), ErrCorrupt, 20, "meta JSON"},
		{"meta without source", rawMeta(`{"side":0}`), ErrCorrupt, 20, "no source"},
		{"meta duplicate key", rawMeta(`{"source":"bot:zoner","side":0,"source":"human:x"}`), ErrCorrupt, 20, `duplicate key "source"`},
		{"meta escape sequence", rawMeta(`{"source":"human:\u001b[2Jx","side":0}`), ErrCorrupt, 20, "meta source: control character U+001B"},
		{"meta newline", rawMeta(`{"source":"x","opponent":"a\nforged","side":0}`), ErrCorrupt, 20, "meta opponent: control character U+000A"},
		{"action out of range", withBody(func(b []byte) []byte { b[2] = game.NumActions; return b }), ErrCorrupt, -1, "action id 16 out of range"},
		{"unknown flags", withBody(func(b []byte) []byte { b[3] = 0x80; return b }), ErrCorrupt, -1, "unknown flags"},
		{"unknown kind", withBody(func(b []byte) []byte { b[0] = 9; return b }), ErrCorrupt, -1, "unknown record kind"},
		{"zero feature", withBody(func(b []byte) []byte { b[len(b)-1] = 0; return b }), ErrCorrupt, -1, "is zero"},
		{"non-minimal varint", withBody(func(b []byte) []byte { return append(b[:len(b)-1], 0x8e, 0) }), ErrCorrupt, -1, "bad varint"},
		{"trailing bytes", withBody(func(b []byte) []byte { return append(b, 1) }), ErrCorrupt, -1, "unexpected bytes"},
		{"feature too long", withBody(func(b []byte) []byte { return append(b[:len(b)-1], 0xff, 0xff, 0xff, 0xff, 0x1f) }), ErrCorrupt, -1, "does not fit 32 bits"},
		{"missing feature", withBody(func(b []byte) []byte { return b[:len(b)-1] }), ErrCorrupt, -1, "bad varint"},
		{"bad session meta", frameRaw(t, body, append([]byte{kindSession}, `{"source":""}`...), body), ErrCorrupt, -1, "no source"},
		{"absurd length", append(bytes.Clone(good[:hdr]), append([]byte{0xff, 0x7f, kindDecision}, bytes.Repeat([]byte{1}, 20)...)...), ErrCorrupt, int64(hdr), "out of range"},
		{"short body for kind", append(frameRaw(t, []byte{kindDecision, 0, 0}), good[hdr:]...), ErrCorrupt, int64(hdr), "out of range"},
		{"length prefix too long", append(bytes.Clone(good[:hdr]), 0x80, 0x80, 0x80, 1, 1), ErrCorrupt, int64(hdr), "bad record length"},
		{"zero length then data", append(bytes.Clone(good[:hdr]), 0, 0, 0, 1), ErrCorrupt, int64(hdr), "zero record length"},
	}
	for _, c := range cases {
		_, err := Parse("bad.demo", c.data)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		var fe *FormatError
		if !errors.As(err, &fe) || !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want a *FormatError wrapping %v", c.name, err, c.want)
			continue
		}
		if c.offset < 0 {
			// The second record of withBody and frameRaw starts after the
			// header and one body.
			c.offset = int64(hdr + 1 + len(body) + crcLen)
		}
		if fe.Offset != c.offset || !strings.Contains(err.Error(), c.detail) || !strings.Contains(err.Error(), "bad.demo") {
			t.Errorf("%s: error %q at offset %d, want offset %d and %q", c.name, err, fe.Offset, c.offset, c.detail)
		}
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	recs := randomRecords(7, 30)
	files := map[string][]Record{"b.demo": recs[10:25], "a.demo": recs[:10], "c.demo": recs[25:]}
	for name, rs := range files {
		data, _ := encode(t, Meta{Source: "bot:" + name[:1]}, rs, nil)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Ignored: other extensions and directories.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hi"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub.demo"), 0o755)

	s, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, s, 0, append(append(append([]Record(nil), files["a.demo"]...), files["b.demo"]...), files["c.demo"]...))
	var names []string
	for i, f := range s.Files {
		names = append(names, filepath.Base(f.Path))
		data, _ := os.ReadFile(f.Path)
		sum := sha256.Sum256(data)
		if f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: hash %s, want %x", f.Path, f.SHA256, sum)
		}
		if want := []int{0, 10, 25}[i]; f.First != want {
			t.Errorf("%s: first decision %d, want %d", f.Path, f.First, want)
		}
	}
	if strings.Join(names, " ") != "a.demo b.demo c.demo" {
		t.Errorf("files %v, want a b c in name order", names)
	}
	if s.Sources["bot:b"].Decisions != 15 || len(s.Sources) != 3 {
		t.Errorf("sources %+v", s.Sources)
	}

	// One bad file fails the load, naming it.
	bad, _ := encode(t, testMeta, recs, nil)
	os.WriteFile(filepath.Join(dir, "bb.demo"), flip(bad, 60), 0o644)
	if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "bb.demo") {
		t.Errorf("LoadDir with a corrupt file: %v", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("LoadDir of a missing directory succeeded")
	}
	empty, err := LoadDir(t.TempDir())
	if err != nil || empty.Len() != 0 || len(empty.Files) != 0 {
		t.Errorf("empty directory: %v, %v", empty, err)
	}
}

func TestWriteAllocatesNothing(t *testing.T) {
	w, err := NewWriter(io.Discard, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	rec := randomRecords(8, 1)[0]
	if n := testing.AllocsPerRun(1000, func() { w.Write(&rec) }); n != 0 {
		t.Errorf("Write allocates %v times per record", n)
	}
}

func TestUvarint(t *testing.T) {
	cases := []struct {
		b    []byte
		max  int
		v    uint64
		n    int
		what string
	}{
		{[]byte{0}, 5, 0, 1, "zero"},
		{[]byte{0x7f}, 5, 127, 1, "one byte"},
		{[]byte{0x80, 1}, 5, 128, 2, "two bytes"},
		{[]byte{0x80}, 5, 0, 0, "short"},
		{[]byte{}, 5, 0, 0, "empty"},
		{[]byte{0x80, 0}, 5, 0, -1, "non-minimal"},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 5, math.MaxUint32, 5, "max uint32"},
		{[]byte{0x80, 0x80, 1}, 2, 0, -1, "too long"},
		{[]byte{0x80, 0x80}, 2, 0, -1, "too long and short"},
	}
	for _, c := range cases {
		if v, n := uvarint(c.b, c.max); v != c.v || n != c.n {
			t.Errorf("%s: uvarint(%x, %d) = %d, %d; want %d, %d", c.what, c.b, c.max, v, n, c.v, c.n)
		}
	}
	for _, v := range []int32{0, 1, -1, math.MaxInt32, math.MinInt32, game.ObsOne, -game.ObsOne} {
		if got := unzigzag(zigzag(v)); got != v {
			t.Errorf("zigzag round trip of %d gave %d", v, got)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	w, err := NewWriter(io.Discard, testMeta)
	if err != nil {
		b.Fatal(err)
	}
	recs := randomRecords(9, 1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		w.Write(&recs[i%len(recs)])
	}
}

func BenchmarkParse(b *testing.B) {
	data, _ := encode(b, testMeta, randomRecords(10, 10000), nil)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("bench.demo", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10000), "ns/decision")
}

func TestLoadPathsOnceEach(t *testing.T) {
	dir := t.TempDir()
	for i, seed := range []uint64{1, 2} {
		w, err := Create(filepath.Join(dir, fmt.Sprintf("f%d%s", i, Ext)), Meta{Source: "bot:zoner", Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 3+i; k++ {
			if err := w.Write(&Record{Tick: int32(k), Action: uint8(k)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// The directory and one of its files: each file is read once.
	s, err := LoadPaths(dir, filepath.Join(dir, "f1"+Ext))
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 7 || len(s.Files) != 2 || s.Files[1].First != 3 || s.Sources["bot:zoner"].Decisions != 7 {
		t.Fatalf("loaded %d decisions from %d files (%+v)", s.Len(), len(s.Files), s.Files)
	}
	if _, err := LoadPaths("/dev/null"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("LoadPaths(/dev/null): %v", err)
	}
}
