// Package boundedfile reads files that come from outside (Cores,
// demonstrations, replays) safely: it never blocks on a named pipe or a
// device, refuses anything but a regular file, and refuses a file larger
// than the caller's bound before reading a byte of it.
//
// It depends on nothing of the project; brain, training/demo and cmd/dojo
// read every such file through Read.
package boundedfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by Read's error for a path that names something
// other than a regular file: a directory, a named pipe, a device, a socket.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by Read's error for a file larger than allowed.
var ErrTooLarge = errors.New("file too large")

// Open opens the regular file at path for reading, which must hold at most
// max bytes, without blocking on a named pipe or a device (see Read), and
// returns it with its description, taken from the open descriptor. For a
// reader that streams the file; the caller closes it.
func Open(path string, max int64) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err // *fs.PathError names the path
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s: %w (it is %s)", path, ErrNotRegular, describe(info.Mode()))
	} else if err == nil && info.Size() > max {
		err = fmt.Errorf("%s: %w: %d bytes, more than the %d allowed", path, ErrTooLarge, info.Size(), max)
	} else if err == nil {
		if err = clearNonblock(f); err != nil {
			err = fmt.Errorf("reading %s: %w", path, err)
		}
	} else {
		err = fmt.Errorf("reading %s: %w", path, err)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// Read returns the contents of the regular file at path, which must hold
// at most max bytes.
//
// The file is opened without blocking (O_NONBLOCK where the system has it,
// so that opening a named pipe with no writer returns at once), its type
// and size are checked on the open descriptor (no race with a rename),
// and at most max+1 bytes are ever read, so a file that grows after the
// check is refused too. Errors name path and wrap the cause: fs.ErrNotExist
// and fs.ErrPermission from the open, ErrNotRegular or ErrTooLarge.
func Read(path string, max int64) ([]byte, error) {
	f, info, err := Open(path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One allocation for a file that does not change; a file that grows
	// while it is read is refused as soon as it passes max.
	b := make([]byte, 0, info.Size()+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > max {
			return nil, fmt.Errorf("reading %s: %w: it grew past the %d bytes allowed while being read", path, ErrTooLarge, max)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// FirstLine reads the file at path as Read does and returns its first
// line, without its end ("\n" or "\r\n"): how a password or token file is
// read.
func FirstLine(path string, max int64) ([]byte, error) {
	data, err := Read(path, max)
	if err != nil {
		return nil, err
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	return bytes.TrimRight(line, "\r"), nil
}

// describe names a non-regular file type for an error message.
func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file (mode " + m.String() + ")"
}
