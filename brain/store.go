package brain

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
)

// A Core directory holds two files:
//
//	brain.json            the Spec (MarshalSpec), fixed at mint
//	memories.safetensors  the Memories: parameters and lineage (EncodeMemories)
//
// A Core directory exists whole or not at all. SaveCore writes both files
// into a new temporary directory beside the target (named
// ".NAME.saving-RANDOM"), syncs them and the directory, and renames it to
// the target in one step that also checks that the target does not exist
// (renameat2 with RENAME_NOREPLACE on Linux). So a save killed at any point
// leaves at most a temporary directory, which is not the target and is not
// a Core LoadCore accepts (it lacks files, or it is a complete Core under a
// name nobody asked for); and of two saves racing for one directory, exactly
// one wins and the other fails with fs.ErrExist, whatever their timing.
const (
	BrainFile    = "brain.json"
	MemoriesFile = "memories.safetensors"
)

// TempPrefix starts the name of the temporary directory SaveCore writes a
// Core into before renaming it into place: ".NAME" + TempPrefix + random.
// A directory named so is left only by a save that was killed; it can be
// deleted.
const TempPrefix = ".saving-"

// saveHook, when set (by tests), runs after the temporary directory holds
// brain.json and before the Memories are written.
var saveHook func(tmp string)

// SaveCore validates c and writes it as a new Core directory dir, creating
// dir's parent if needed. dir must not exist, or be an empty directory
// (which is replaced): a Core is never overwritten, and a failed or killed
// save leaves no dir at all. An error for an existing dir matches
// fs.ErrExist.
func SaveCore(dir string, c *Core) error {
	spec, err := MarshalSpec(c.Spec)
	if err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	mem, err := EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	if err := CheckNewCore(dir); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(dir))+TempPrefix+"*")
	if err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	if err := writeSynced(filepath.Join(tmp, BrainFile), spec); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	if saveHook != nil {
		saveHook(tmp)
	}
	if err := writeSynced(filepath.Join(tmp, MemoriesFile), mem); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	atomicfile.SyncDir(tmp)
	// An empty directory at dir is replaced. rmdir refuses a directory
	// that holds anything, so this cannot remove a Core, and if another
	// save got there first the rename below fails.
	if info, err := os.Lstat(dir); err == nil && info.IsDir() {
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("saving core to %s: %w", dir, existing(dir, err))
		}
	}
	if err := atomicfile.RenameNoReplace(tmp, dir); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, existing(dir, err))
	}
	published = true
	atomicfile.SyncDir(parent)
	return nil
}

// CheckNewCore reports whether SaveCore could write a new Core at dir now:
// nil if dir does not exist or is an empty directory, otherwise an error
// (matching fs.ErrExist if dir exists) that says what is there. Commands
// call it before long work; SaveCore calls it before writing, and checks
// again at the rename that publishes the Core.
func CheckNewCore(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.IsDir() {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
	}
	return existing(dir, fs.ErrExist)
}

// existing turns an error about dir existing into one that says what is
// there; other errors are returned as they are.
func existing(dir string, err error) error {
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Stat(filepath.Join(dir, BrainFile)); serr == nil {
		return existError("it already holds a Core, and a Core is never overwritten")
	}
	return existError("it already exists and is not an empty directory")
}

// existError says why a target exists; it matches fs.ErrExist.
type existError string

func (e existError) Error() string        { return string(e) }
func (e existError) Is(target error) bool { return target == fs.ErrExist }

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// LoadCore reads and validates the Core stored in dir. Both files are read
// without blocking (a named pipe or a device is refused, not waited on)
// and refused before reading if larger than a Core of their Brain can be.
// Errors about the content match ErrBadCore (and ErrMemoriesFormat for
// malformed Memories); errors reaching the files (fs.ErrNotExist,
// boundedfile.ErrNotRegular) match neither.
func LoadCore(dir string) (*Core, error) {
	specBytes, err := readCoreFile(filepath.Join(dir, BrainFile), maxSpecBytes)
	if err != nil {
		return nil, fmt.Errorf("loading core: %w", err)
	}
	spec, err := UnmarshalSpec(specBytes)
	if err != nil {
		return nil, fmt.Errorf("loading core from %s: %w", dir, err)
	}
	memBytes, err := readCoreFile(filepath.Join(dir, MemoriesFile), MaxMemoriesBytes(&spec))
	if err != nil {
		return nil, fmt.Errorf("loading core: %w", err)
	}
	mem, err := DecodeMemories(&spec, memBytes)
	if err != nil {
		return nil, fmt.Errorf("loading core from %s: %w", dir, err)
	}
	return &Core{Spec: spec, Memories: mem}, nil
}

// readCoreFile reads one file of a Core; a file larger than any Core
// needs is a bad Core.
func readCoreFile(path string, max int64) ([]byte, error) {
	b, err := boundedfile.Read(path, max)
	if errors.Is(err, boundedfile.ErrTooLarge) {
		return nil, badCore(err)
	}
	return b, err
}
