package demo

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

// TestObservationsRoundTrip stores observations of every kind (zeros,
// one-hot values, the extremes of int32) in enough numbers to span many
// blocks and chunks, and reads each back.
func TestObservationsRoundTrip(t *testing.T) {
	recs := randomRecords(12, 30000)
	var c Observations
	var zero game.Observation
	c.Append(&zero)
	for i := range recs {
		c.Append(&recs[i].Obs)
	}
	if c.Len() != len(recs)+1 || len(c.chunks) < 2 {
		t.Fatalf("%d observations in %d chunks", c.Len(), len(c.chunks))
	}
	if c.At(0) != zero {
		t.Fatal("the zero observation came back different")
	}
	for i := range recs {
		if c.At(i+1) != recs[i].Obs {
			t.Fatalf("observation %d came back different", i+1)
		}
	}
	var d Observations
	d.AppendAll(&c)
	for i := range c.Len() {
		if d.At(i) != c.At(i) {
			t.Fatalf("AppendAll changed observation %d", i)
		}
	}
}

// parseWindowed decodes data as Load decodes a file: through a window (here
// just large enough for a header or a record) onto an io.ReaderAt.
func parseWindowed(name string, data []byte) (*Set, error) {
	s := newSet()
	if _, err := decodeFile(name, fileSource(bytes.NewReader(data), int64(len(data))), s); err != nil {
		return nil, err
	}
	return s, nil
}

// TestWindowedReadMatchesParse checks that reading a file through a small
// window, as Load does, gives what parsing it whole gives: the same
// records, hash, size, torn tail and errors, for the file cut at every
// length, zero-filled tails longer than the window, and damage anywhere.
func TestWindowedReadMatchesParse(t *testing.T) {
	defer func(w int) { readWindow = w }(readWindow)
	readWindow = max(maxFrame, maxHeader) + 7
	recs := randomRecords(13, 200)
	data, _ := encode(t, testMeta, recs, map[int]Meta{60: {Source: "bot:turtle"}})
	if len(data) < 4*readWindow {
		t.Fatalf("test file of %d bytes is not several windows long", len(data))
	}
	same := func(what string, in []byte) {
		t.Helper()
		want, werr := Parse("w.demo", in)
		got, gerr := parseWindowed("w.demo", in)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Fatalf("%s: error %v, whole %v", what, gerr, werr)
		}
		if werr != nil {
			return
		}
		if !reflect.DeepEqual(got.Files, want.Files) || got.Len() != want.Len() {
			t.Fatalf("%s: files %+v, whole %+v", what, got.Files, want.Files)
		}
		for i := range want.Len() {
			if got.Obs.At(i) != want.Obs.At(i) || got.Actions[i] != want.Actions[i] || got.Ticks[i] != want.Ticks[i] || got.Flags[i] != want.Flags[i] {
				t.Fatalf("%s: decision %d differs", what, i)
			}
		}
	}
	for n := 0; n <= len(data); n += 1 + n/50 {
		same(fmt.Sprintf("cut at %d", n), data[:n])
		same(fmt.Sprintf("cut at %d, zeros after", n), append(bytes.Clone(data[:n]), make([]byte, 3*readWindow)...))
	}
	r := rand.New(rand.NewPCG(5, 5))
	for range 300 {
		i := r.IntN(len(data))
		same(fmt.Sprintf("byte %d flipped", i), flip(data, i))
	}
}

// TestLoaderBounds checks that a file over the per-file bound, or one that
// would take the set over the total bound, is refused before it is read,
// with an error naming the file and the bound, and that the package
// functions apply the documented defaults.
func TestLoaderBounds(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, _ := encode(t, testMeta, randomRecords(14, 40), nil)
	b, _ := encode(t, testMeta, randomRecords(15, 30), nil)
	pa, pb := write("a.demo", a), write("b.demo", b)
	// Garbage of the size of a: refused for its size, never parsed (parsing
	// would say it is not a demonstration file).
	pg := write("garbage.demo", bytes.Repeat([]byte{0xff}, len(a)))

	s, err := Loader{FileLimit: int64(len(a)), TotalLimit: int64(len(a) + len(b))}.LoadPaths(pa, pb)
	if err != nil || s.Len() != 70 {
		t.Fatalf("files within the bounds: %d decisions, %v", s.Len(), err)
	}
	for _, tc := range []struct {
		name  string
		l     Loader
		paths []string
		want  []string
	}{
		{"file", Loader{FileLimit: int64(len(a) - 1)}, []string{pg}, []string{"garbage.demo", fmt.Sprint(len(a)), fmt.Sprint(len(a) - 1), "the most a demonstration file may hold"}},
		{"total", Loader{TotalLimit: int64(len(a) + len(b) - 1)}, []string{pa, pb}, []string{"b.demo", fmt.Sprint(len(a) + len(b) - 1), "one training set may hold"}},
		{"total, garbage", Loader{TotalLimit: int64(len(a) + 10)}, []string{pa, pg}, []string{"garbage.demo", "one training set may hold"}},
		{"directory", Loader{TotalLimit: int64(len(a))}, []string{dir}, []string{"b.demo", "one training set may hold"}},
	} {
		_, err := tc.l.LoadPaths(tc.paths...)
		var fe *FormatError
		if err == nil || errors.As(err, &fe) {
			t.Errorf("%s: error %v, want a refusal before parsing", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tc.name, err, w)
			}
		}
	}
	if l, tot := (Loader{}).limits(); l != MaxFileSize || tot != MaxTotalSize {
		t.Errorf("zero Loader bounds %d, %d", l, tot)
	}
}

// TestSetMemoryPerDecision records 20 minutes of a scripted bot's play,
// loads the file and measures what the Set takes on the heap: no more per
// decision than the file takes on disk (before this, a 68 MB file took
// 3.2 GB, 262 bytes a decision against 17 on disk).
func TestSetMemoryPerDecision(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "zoner.demo")
	w, err := Create(path, Meta{Source: "bot:zoner", Opponent: "bot:random", Interval: 4, RulesVersion: game.RulesVersion})
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); w.Decisions() < 18000; seed++ {
		seats := [2]game.Seat{
			{Name: "bot:zoner", Controller: game.BotFunc(game.Zoner)},
			{Name: "bot:random", Controller: game.NewRandomBot(game.Mix(seed, 2))},
		}
		d := game.NewDriver(game.Config{Seed: seed}, seats, 0)
		NewRecorder(w, 0).Attach(d)
		d.Run()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	n := float64(s.Len())
	disk := float64(info.Size()) / n
	t.Logf("%d decisions: %.1f bytes each on disk, %.1f in the Set (%.1f counted by Set.Bytes), against %d as game.Observation",
		s.Len(), disk, heap/n, float64(s.Bytes())/n, 4*game.ObsLen+6)
	if heap/n > disk {
		t.Errorf("a loaded decision takes %.1f bytes of heap, more than its %.1f on disk", heap/n, disk)
	}
	if float64(s.Bytes())/n > disk {
		t.Errorf("Set.Bytes says %.1f bytes a decision, more than the %.1f on disk", float64(s.Bytes())/n, disk)
	}
	runtime.KeepAlive(s)
}
