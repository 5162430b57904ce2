// Package atomicfile writes files and directories so that a crash leaves
// either the old content or the new one, never a part of one, and so that
// two writers racing for a new name cannot both win.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Write writes data to path through a synced temporary file in the same
// directory, a rename and a sync of the directory. The file gets mode 0644.
// An existing file at path is replaced.
func Write(path string, data []byte) error {
	return write(path, data, 0o644, os.Rename)
}

// WriteNew is Write for a file that must not exist yet: it fails, wrapping
// fs.ErrExist, if path exists when the new file is put in place, so that of
// two writers racing for one name exactly one succeeds and nothing is
// overwritten.
func WriteNew(path string, data []byte) error {
	return write(path, data, 0o644, RenameNoReplace)
}

// WriteNewPrivate is WriteNew for a secret: the file gets mode 0600 and is
// never readable by others, not even as its temporary name.
func WriteNewPrivate(path string, data []byte) error {
	return write(path, data, 0o600, RenameNoReplace)
}

func write(path string, data []byte, mode os.FileMode, rename func(oldpath, newpath string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600; it is widened, if at all, only once
	// it holds the data and before it has its name.
	_, err = tmp.Write(data)
	if err == nil && mode != 0o600 {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// SyncDir makes the renames in dir durable. It is best effort: some
// systems cannot sync a directory, and a rename is atomic there all the
// same.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// RenameNoReplace renames oldpath (a file or a directory) to newpath,
// failing with an error that wraps fs.ErrExist if newpath exists. The check
// and the rename are one atomic step where the system offers it (Linux
// renameat2 with RENAME_NOREPLACE, macOS renamex_np with RENAME_EXCL), so
// of two processes racing for newpath exactly one wins.
//
// Elsewhere, and on file systems without that call, a file is published
// with a hard link (atomic too) and a directory with a plain rename after
// a check: a rename never replaces a directory that holds anything, so the
// only race left there is over an empty directory.
func RenameNoReplace(oldpath, newpath string) error {
	err := renameNoReplace(oldpath, newpath)
	if err != errNoReplaceUnsupported {
		return err
	}
	return renameNoReplacePortable(oldpath, newpath)
}

// errNoReplaceUnsupported says that the system has no atomic rename that
// refuses to replace, so RenameNoReplace falls back to the portable way.
var errNoReplaceUnsupported = errors.New("rename without replacing is not supported here")

func renameNoReplacePortable(oldpath, newpath string) error {
	info, err := os.Lstat(oldpath)
	if err != nil {
		return err
	}
	if info.Mode().IsRegular() {
		if err := os.Link(oldpath, newpath); err == nil {
			return os.Remove(oldpath)
		} else if os.IsExist(err) {
			return err
		}
		// No hard links here: fall back to a check and a rename.
	}
	if _, err := os.Lstat(newpath); err == nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: os.ErrExist}
	}
	return os.Rename(oldpath, newpath)
}
