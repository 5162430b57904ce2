package demo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// FuzzLoad feeds the reader arbitrary bytes. It must never panic; what it
// accepts must be consistent, and every accepted record must be in the one
// canonical encoding the writer produces (so the reader cannot be more
// lenient than the format). Reading the bytes through a small window, as
// Load reads a file, must give the same result as parsing them whole.
func FuzzLoad(f *testing.F) {
	defer func(w int) { readWindow = w }(readWindow)
	readWindow = max(maxFrame, maxHeader) + 1
	recs := randomRecords(20, 12)
	whole, ends := encode(f, testMeta, recs, nil)
	withSession, _ := encode(f, testMeta, recs[:4], map[int]Meta{2: {Source: "human:x", Side: 1}})
	f.Add(whole)
	f.Add(withSession)
	f.Add(whole[:ends[3]+7])
	f.Add(whole[:ends[0]-3])
	f.Add(append(bytes.Clone(whole[:ends[5]+2]), make([]byte, 40)...))
	f.Add(flip(whole, ends[2]+3))
	f.Add([]byte{})
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.demo", data)
		ws, werr := parseWindowed("fuzz.demo", data)
		if fmt.Sprint(err) != fmt.Sprint(werr) || (err == nil && (!reflect.DeepEqual(ws.Files, s.Files) || ws.Len() != s.Len())) {
			t.Fatalf("read through a window: %v, parsed whole: %v", werr, err)
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || !(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrVersion)) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
			if fe.Offset < 0 || fe.Offset > int64(len(data)) {
				t.Fatalf("error offset %d outside the %d-byte file", fe.Offset, len(data))
			}
			return
		}
		n := s.Len()
		if s.Obs.Len() != n || len(s.Flags) != n || len(s.Ticks) != n || len(s.Files) != 1 {
			t.Fatalf("inconsistent set: %d obs, %d actions, %d flags, %d ticks, %d files", s.Obs.Len(), n, len(s.Flags), len(s.Ticks), len(s.Files))
		}
		file := s.Files[0]
		if file.Decisions != n || file.Size > int64(len(data)) {
			t.Fatalf("file says %d decisions in %d bytes; the set has %d of %d bytes", file.Decisions, file.Size, n, len(data))
		}
		if (file.Torn == nil) != (file.Size == int64(len(data)) && len(file.Sessions) > 0) {
			t.Fatalf("torn %v with %d of %d bytes used", file.Torn, file.Size, len(data))
		}
		if len(file.Sessions) == 0 {
			if n != 0 || file.Size != 0 {
				t.Fatalf("%d decisions without a header", n)
			}
			return
		}
		var frames []byte
		var body []byte
		for i := range n {
			r := Record{Tick: s.Ticks[i], Action: s.Actions[i], Flags: s.Flags[i], Obs: s.Obs.At(i)}
			if err := checkRecord(&r); err != nil {
				t.Fatalf("decision %d: accepted a record the writer refuses: %v", i, err)
			}
			body = appendDecision(body[:0], &r)
			frames = appendFrame(frames, body)
		}
		if len(file.Sessions) == 1 {
			hdr := headerFixed + int(binary.LittleEndian.Uint16(data[headerFixed-2:])) + crcLen
			if !bytes.Equal(frames, data[hdr:file.Size]) {
				t.Fatalf("accepted records are not in canonical form")
			}
		}
		// Whatever was accepted survives a round trip through the writer.
		var buf bytes.Buffer
		w, err := NewWriter(&buf, file.Sessions[0])
		if err != nil {
			t.Fatalf("accepted a header meta the writer refuses: %v", err)
		}
		for _, m := range file.Sessions[1:] {
			if err := w.Begin(m); err != nil {
				t.Fatalf("accepted a session meta the writer refuses: %v", err)
			}
		}
		w.Close()
		again, err := Parse("again.demo", append(buf.Bytes(), frames...))
		if err != nil {
			t.Fatal(err)
		}
		if again.Len() != n {
			t.Fatalf("round trip kept %d of %d decisions", again.Len(), n)
		}
		for i := range n {
			if again.Obs.At(i) != s.Obs.At(i) || again.Actions[i] != s.Actions[i] || again.Flags[i] != s.Flags[i] || again.Ticks[i] != s.Ticks[i] {
				t.Fatalf("round trip changed decision %d", i)
			}
			if int(s.Actions[i]) >= game.NumActions {
				t.Fatalf("action %d out of range", s.Actions[i])
			}
		}
	})
}
