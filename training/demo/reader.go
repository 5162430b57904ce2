package demo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dojo-arena/dojo/internal/boundedfile"
)

// Set is demonstrations loaded for training: one row per recorded decision,
// in file order, files in the order they were loaded. The observations stay
// in their compact encoding (see Observations), so a Set takes about as
// much memory as its files take on disk (TestSetMemoryPerDecision).
type Set struct {
	Obs     Observations
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
	// size is the bytes of the files loaded so far, for Loader's bound.
	size int64
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

// Bytes is the memory the set's decisions take (observations, actions,
// flags and ticks; not the per-file descriptions).
func (s *Set) Bytes() int {
	return s.Obs.Bytes() + len(s.Actions) + len(s.Flags) + 4*len(s.Ticks)
}

// clip gives back the room reserved for more decisions.
func (s *Set) clip() {
	s.Obs.Clip()
	s.Actions = slices.Clone(s.Actions)
	s.Flags = slices.Clone(s.Flags)
	s.Ticks = slices.Clone(s.Ticks)
}

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
	s.Obs.Grow(len(data))
	if _, err := decodeFile(name, memorySource(data), s); err != nil {
		return nil, err
	}
	s.clip()
	return s, nil
}

// The bounds of the zero Loader, and so of Load, LoadDir and LoadPaths.
const (
	// MaxFileSize bounds one demonstration file: about 270 hours of play
	// at 15 decisions a second (about 4 MB an hour).
	MaxFileSize = 1 << 30
	// MaxTotalSize bounds the files of one Set together: two of the
	// largest files. A Set takes at most about as many bytes of memory as
	// its files (an observation is kept as the file encodes it, the
	// record's framing and checksum dropped), so this bounds a load's
	// memory too; training needs about 25 bytes more per decision.
	MaxTotalSize = 2 << 30
)

// A Loader reads demonstration files into a Set, refusing any file larger
// than FileLimit bytes and any file that would bring the files of the Set
// over TotalLimit bytes together, before reading it, with an error that
// names the file and the bound. Files are read through a window of 1 MiB,
// so a load takes memory for what it keeps only. Zero fields take
// MaxFileSize and MaxTotalSize; the package functions Load, LoadDir and
// LoadPaths use those.
type Loader struct {
	FileLimit  int64
	TotalLimit int64
}

func (l Loader) limits() (file, total int64) {
	file, total = l.FileLimit, l.TotalLimit
	if file <= 0 {
		file = MaxFileSize
	}
	if total <= 0 {
		total = MaxTotalSize
	}
	return file, total
}

// Load reads the demonstration file at path with the default bounds (see
// Loader.Load).
func Load(path string) (*Set, error) { return Loader{}.Load(path) }

// LoadDir reads a directory of demonstration files with the default bounds
// (see Loader.LoadDir).
func LoadDir(dir string) (*Set, error) { return Loader{}.LoadDir(dir) }

// LoadPaths reads demonstration files and directories with the default
// bounds (see Loader.LoadPaths).
func LoadPaths(paths ...string) (*Set, error) { return Loader{}.LoadPaths(paths...) }

// Load reads the demonstration file at path (see Parse).
func (l Loader) Load(path string) (*Set, error) {
	s := newSet()
	if err := l.load(s, path); err != nil {
		return nil, err
	}
	s.clip()
	return s, nil
}

// LoadDir reads every regular file whose name ends in Ext in dir (not its
// subdirectories), in name order, into one Set, each file once (see
// LoadPaths). A directory without any gives an empty Set. The first bad
// file fails the whole load.
func (l Loader) LoadDir(dir string) (*Set, error) { return l.LoadPaths(dir) }

// LoadPaths reads demonstration files and directories of them (as LoadDir)
// into one Set, in the order given. Each file is read once however often
// and under whatever names it is given (the same path twice, a symbolic or
// hard link to it, a directory and a file in it): the later names are
// listed in Set.Duplicates.
func (l Loader) LoadPaths(paths ...string) (*Set, error) {
	s := newSet()
	var loaded []loadedFile
	add := func(path string, info fs.FileInfo) error {
		for _, f := range loaded {
			if os.SameFile(f.info, info) {
				s.Duplicates = append(s.Duplicates, Duplicate{Path: path, SameAs: f.path})
				return nil
			}
		}
		loaded = append(loaded, loadedFile{path, info})
		return l.load(s, path)
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
	s.clip()
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

// load checks the file at path against the bounds and appends it to s.
func (l Loader) load(s *Set, path string) error {
	fileLimit, totalLimit := l.limits()
	// Opened without blocking on a named pipe or a device, and refused
	// unless it is a regular file of at most fileLimit bytes.
	f, info, err := boundedfile.Open(path, fileLimit)
	if errors.Is(err, boundedfile.ErrTooLarge) {
		return fmt.Errorf("load demonstration: %w (the most a demonstration file may hold)", err)
	}
	if err != nil {
		return fmt.Errorf("load demonstration: %w", err)
	}
	defer f.Close()
	size := info.Size()
	if s.size+size > totalLimit {
		return fmt.Errorf("load demonstration %s: its %d bytes would bring the demonstrations loaded to %d bytes, more than the %d one training set may hold (%d files read so far)",
			path, size, s.size+size, totalLimit, len(s.Files))
	}
	s.Obs.Grow(int(size))
	if _, err := decodeFile(path, fileSource(f, size), s); err != nil {
		return err
	}
	s.size += size
	return nil
}
