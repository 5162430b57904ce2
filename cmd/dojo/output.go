package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/internal/atomicfile"
)

// outputFile is a file a command writes where the user said (a replay, a
// training curve). It is never written inside a Core, and never over an
// existing file unless the user gave --force.
type outputFile struct {
	// flag names the flag that gave path, for errors.
	flag, path string
	// force allows replacing an existing regular file.
	force bool
	// cores are the Core directories named on the command line (which may
	// not exist yet, like train's --out).
	cores []string
}

// check refuses, before any work, a path that write would refuse: one
// inside a Core directory named on the command line or in a directory
// that looks like a Core (it holds brain.json or memories.safetensors), one
// whose directory does not exist, one that is a directory or any other
// non-regular file, and an existing file unless force.
func (o outputFile) check() error {
	if o.path == "" {
		return usagef("%s: empty path", o.flag)
	}
	abs, err := filepath.Abs(o.path)
	if err != nil {
		return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
	}
	for _, core := range o.cores {
		if within(abs, core) {
			return usagef("%s %s: that is inside the Core %s: choose a path outside any Core", o.flag, o.path, core)
		}
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return fmt.Errorf("%s %s: its directory: %w", o.flag, o.path, err)
	}
	for _, core := range o.cores {
		if real, err := filepath.EvalSymlinks(core); err == nil && within(dir, real) {
			return usagef("%s %s: that is inside the Core %s: choose a path outside any Core", o.flag, o.path, core)
		}
	}
	for _, name := range []string{brain.BrainFile, brain.MemoriesFile} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("%s %s: %s looks like a Core (it holds %s): choose a path outside any Core", o.flag, o.path, filepath.Dir(o.path), name)
		}
	}
	info, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s %s: it exists and is not a regular file: choose another path", o.flag, o.path)
	case !o.force:
		return fmt.Errorf("%s %s: the file exists: give --force to replace it, or choose another path", o.flag, o.path)
	}
	return nil
}

// write checks the path again and writes data there atomically. Without
// force, a file that appeared since the check is not replaced: the write
// fails.
func (o outputFile) write(data []byte) error {
	if err := o.check(); err != nil {
		return err
	}
	write := atomicfile.WriteNew
	if o.force {
		write = atomicfile.Write
	}
	if err := write(o.path, data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s %s: the file appeared while this command ran: %w", o.flag, o.path, err)
		}
		return fmt.Errorf("%s: %w", o.flag, err)
	}
	return nil
}

// within reports whether path is dir or lies under it, comparing cleaned
// absolute paths.
func within(path, dir string) bool {
	d, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(d, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
