package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/boundedfile"
)

// Set is demonstrations loaded for training: one row per recorded decision,
// in file order, files in the order they were loaded.
type Set struct {
	Obs     []game.Observation
	Actions []uint8 // action ids, each < game.NumActions
	Flags   []Flags
	Ticks   []int32
	// Files describes every file read, for lineage.
	Files []File
	// Sources counts decisions per Meta.Source (of the session each
	// decision was recorded in).
	Sources map[string]Count
	// Duplicates lists the paths LoadDir and LoadPaths skipped because
	// they named a file already loaded: through a symbolic or hard link,
	// or as a directory and a file in it.
	Duplicates []Duplicate
}

// Duplicate is a path that named a file already in the Set.
type Duplicate struct {
	// Path is the path skipped; SameAs the one the file was loaded as.
	Path, SameAs string
}

// Count is how many decisions came from one source, and how many of them
// were corrections.
type Count struct {
	Decisions   int
	Corrections int
}

// File describes one demonstration file in a Set.
type File struct {
	Path string
	// SHA256 is the hex SHA-256 of the bytes used: the whole file, or the
	// part before a torn tail.
	SHA256 string
	// Size is the number of bytes used.
	Size int64
	// First is the index in the Set of the file's first decision.
	First       int
	Decisions   int
	Corrections int
	// Sessions holds the header's Meta, then the Meta of every session the
	// file went on with (see Writer.Begin). It is empty when the file ends
	// inside its header.
	Sessions []Meta
	// Torn is set when the file ends in an incomplete record, which was
	// ignored.
	Torn *TornTail
}

// Len is the number of decisions in the set.
func (s *Set) Len() int { return len(s.Actions) }

// Torn lists the files of the set that ended in an incomplete record.
func (s *Set) Torn() []*TornTail {
	var t []*TornTail
	for i := range s.Files {
		if s.Files[i].Torn != nil {
			t = append(t, s.Files[i].Torn)
		}
	}
	return t
}

func newSet() *Set { return &Set{Sources: map[string]Count{}} }

// Parse reads one demonstration file held in data; name stands for its path
// in errors and in Set.Files. It validates everything and never panics: a
// damaged or unsupported file gives a *FormatError naming the byte offset.
// An incomplete final record (see TornTail) is not an error: the records
// before it are returned and File.Torn reports it.
func Parse(name string, data []byte) (*Set, error) {
	s := newSet()
	if _, err := decodeFile(name, data, s); err != nil {
		return nil, err
	}
	return s, nil
}

// Load reads the demonstration file at path (see Parse).
func Load(path string) (*Set, error) {
	s := newSet()
	if err := s.load(path); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadDir reads every regular file whose name ends in Ext in dir (not its
// subdirectories), in name order, into one Set, each file once (see
// LoadPaths). A directory without any gives an empty Set. The first bad
// file fails the whole load.
func LoadDir(dir string) (*Set, error) {
	return LoadPaths(dir)
}

// LoadPaths reads demonstration files and directories of them (as LoadDir)
// into one Set, in the order given. Each file is read once however often
// and under whatever names it is given (the same path twice, a symbolic or
// hard link to it, a directory and a file in it): the later names are
// listed in Set.Duplicates.
func LoadPaths(paths ...string) (*Set, error) {
	s := newSet()
	var loaded []loadedFile
	add := func(path string, info fs.FileInfo) error {
		for _, l := range loaded {
			if os.SameFile(l.info, info) {
				s.Duplicates = append(s.Duplicates, Duplicate{Path: path, SameAs: l.path})
				return nil
			}
		}
		loaded = append(loaded, loadedFile{path, info})
		return s.load(path)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("load demonstrations: %w", err)
		}
		if !info.IsDir() {
			if err := add(p, info); err != nil {
				return nil, err
			}
			continue
		}
		files, err := dirFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := add(f.path, f.info); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

type loadedFile struct {
	path string
	info fs.FileInfo
}

// dirFiles lists the regular files named *Ext in dir, in name order.
func dirFiles(dir string) ([]loadedFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load demonstrations from %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), Ext) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var files []loadedFile
	for _, name := range names {
		path := filepath.Join(dir, name)
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("load demonstrations from %s: %w", dir, err)
		}
		if info.Mode().IsRegular() {
			files = append(files, loadedFile{path, info})
		}
	}
	return files, nil
}

// MaxFileSize bounds a demonstration file: about 64 hours of play at one
// decision every 4 ticks. Larger files are refused before they are read.
const MaxFileSize = 1 << 30

// load reads one file without blocking on a named pipe or a device, and
// refuses one larger than MaxFileSize before reading it.
func (s *Set) load(path string) error {
	data, err := boundedfile.Read(path, MaxFileSize)
	if err != nil {
		return fmt.Errorf("load demonstration: %w", err)
	}
	_, err = decodeFile(path, data, s)
	return err
}

// decodeFile validates the file in data and, when s is not nil, appends its
// decisions and its File to s. It returns the File either way.
func decodeFile(path string, data []byte, s *Set) (File, error) {
	d := decoder{path: path, data: data}
	f := File{Path: path}
	if s != nil {
		f.First = s.Len()
	}
	meta, off, err := d.header()
	if err != nil {
		return File{}, err
	}
	if off < 0 { // torn inside the header
		f.Torn = &TornTail{Path: path, Offset: 0, Bytes: int64(len(data))}
		f.SHA256 = hex.EncodeToString(sha256.New().Sum(nil))
		if s != nil {
			s.Files = append(s.Files, f)
		}
		return f, nil
	}
	f.Sessions = append(f.Sessions, meta)
	source := meta.Source
	var rec Record
	for nrec := 0; off < len(data); nrec++ {
		body, end, torn, err := d.frame(off)
		if err != nil {
			return File{}, err
		}
		if torn {
			f.Torn = &TornTail{Path: path, Offset: int64(off), Bytes: int64(len(data) - off)}
			break
		}
		switch body[0] {
		case kindDecision:
			if msg := decodeDecision(body, &rec); msg != "" {
				return File{}, d.corrupt(off, "record %d: %s", nrec, msg)
			}
			f.Decisions++
			if rec.Flags&Correction != 0 {
				f.Corrections++
			}
			if s != nil {
				s.Obs = append(s.Obs, rec.Obs)
				s.Actions = append(s.Actions, rec.Action)
				s.Flags = append(s.Flags, rec.Flags)
				s.Ticks = append(s.Ticks, rec.Tick)
				c := s.Sources[source]
				c.Decisions++
				if rec.Flags&Correction != 0 {
					c.Corrections++
				}
				s.Sources[source] = c
			}
		case kindSession:
			m, err := decodeMeta(body[1:])
			if err != nil {
				return File{}, d.corrupt(off, "record %d (session): %v", nrec, err)
			}
			f.Sessions = append(f.Sessions, m)
			source = m.Source
		}
		off = end
	}
	used := len(data)
	if f.Torn != nil {
		used = int(f.Torn.Offset)
	}
	sum := sha256.Sum256(data[:used])
	f.SHA256 = hex.EncodeToString(sum[:])
	f.Size = int64(used)
	if s != nil {
		s.Files = append(s.Files, f)
	}
	return f, nil
}

type decoder struct {
	path string
	data []byte
}

func (d *decoder) corrupt(off int, format string, args ...any) error {
	return &FormatError{Path: d.path, Offset: int64(off), Err: ErrCorrupt, Detail: fmt.Sprintf(format, args...)}
}

func (d *decoder) version(off int, format string, args ...any) error {
	return &FormatError{Path: d.path, Offset: int64(off), Err: ErrVersion, Detail: fmt.Sprintf(format, args...)}
}

// header validates the file header and returns its Meta and where the
// records start, or off = -1 when the file ends inside a header that is
// valid as far as it goes (a crash during Create), zero bytes after that
// counting as the end as they do for records.
func (d *decoder) header() (meta Meta, off int, err error) {
	data := d.data
	for i := 0; i < len(Magic); i++ {
		if i == len(data) || allZero(data[i:]) {
			return Meta{}, -1, nil
		}
		if data[i] != Magic[i] {
			return Meta{}, 0, d.corrupt(0, "not a demonstration file (it does not start with %q)", Magic)
		}
	}
	fields := [...]struct {
		name string
		want int
	}{
		{"format version", FormatVersion},
		{"observation spec version", game.ObsSpecVersion},
		{"action spec version", game.ActionSpecVersion},
		{"observation length", game.ObsLen},
		{"action count", game.NumActions},
	}
	off = len(Magic)
	for _, fd := range fields {
		if len(data) < off+2 || allZero(data[off:]) {
			return Meta{}, -1, nil
		}
		v := int(binary.LittleEndian.Uint16(data[off:]))
		if v != fd.want {
			switch fd.name {
			case "format version":
				if v > FormatVersion {
					return Meta{}, 0, d.version(off, "file format version %d is newer than this build reads (%d): update dojo", v, FormatVersion)
				}
				return Meta{}, 0, d.version(off, "file format version %d is not readable by this build (it reads version %d)", v, FormatVersion)
			case "observation length", "action count":
				return Meta{}, 0, d.corrupt(off, "%s %d does not match its spec version (want %d)", fd.name, v, fd.want)
			}
			return Meta{}, 0, d.version(off, "recorded with %s %d, this build uses %d: re-record the demonstration or convert it", fd.name, v, fd.want)
		}
		off += 2
	}
	if len(data) < off+2 || allZero(data[off:]) {
		return Meta{}, -1, nil
	}
	n := int(binary.LittleEndian.Uint16(data[off:]))
	if n < 2 || n > MaxMetaLen {
		return Meta{}, 0, d.corrupt(off, "meta length %d out of range [2, %d]", n, MaxMetaLen)
	}
	off += 2
	if len(data) < off+n+crcLen || allZero(data[off:]) {
		return Meta{}, -1, nil
	}
	if got, want := crc32.Checksum(data[:off+n], crcTable), binary.LittleEndian.Uint32(data[off+n:]); got != want {
		if len(data) == off+n+crcLen || allZero(data[off+n+crcLen:]) {
			// The header is the last thing in the file and ends badly:
			// cut short like a torn record.
			return Meta{}, -1, nil
		}
		return Meta{}, 0, d.corrupt(off+n, "header checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	meta, err = decodeMeta(data[off : off+n])
	if err != nil {
		return Meta{}, 0, d.corrupt(off, "header %v", err)
	}
	return meta, off + n + crcLen, nil
}

// frame checks the record framed at off and returns its body and where the
// next record starts. torn reports an incomplete final record instead: one
// the file ends inside, or a bad one followed only by zero bytes (a file
// system may extend a file with zeros before the data lands, so a crash can
// leave a tail of zeros); the record is then ignored. A bad record with
// other data after it is an error.
func (d *decoder) frame(off int) (body []byte, end int, torn bool, err error) {
	data := d.data
	// bad reports a failed check: a torn tail when nothing but zeros
	// follows from, at the latest, where the record would end.
	bad := func(from int, format string, args ...any) ([]byte, int, bool, error) {
		if from >= len(data) || allZero(data[from:]) {
			return nil, 0, true, nil
		}
		return nil, 0, false, d.corrupt(off, format, args...)
	}
	rest := data[off:]
	n64, k := uvarint(rest, maxLenPrefix)
	switch {
	case k == 0:
		return nil, 0, true, nil
	case k < 0:
		return bad(off+maxLenPrefix, "bad record length")
	case n64 == 0:
		return bad(off+k, "zero record length")
	case len(rest) == k:
		return nil, 0, true, nil
	}
	n := int(n64)
	var lo, hi int
	switch kind := rest[k]; kind {
	case kindDecision:
		lo, hi = minDecisionBody, maxDecisionBody
	case kindSession:
		lo, hi = minSessionBody, maxSessionBody
	default:
		return bad(off+k+1, "unknown record kind %d", kind)
	}
	if n < lo || n > hi {
		return bad(off+k+1, "record length %d out of range [%d, %d] for its kind", n, lo, hi)
	}
	end = off + k + n + crcLen
	if end > len(data) {
		return nil, 0, true, nil
	}
	got := crc32.Checksum(data[off:off+k+n], crcTable)
	if want := binary.LittleEndian.Uint32(data[off+k+n:]); got != want {
		return bad(end, "record checksum mismatch (stored %08x, computed %08x) with %d more bytes after it", want, got, len(data)-end)
	}
	return data[off+k : off+k+n], end, false, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
