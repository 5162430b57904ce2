//go:build unix

package boundedfile

import (
	"os"
	"syscall"
)

// openFlags opens without blocking: opening a named pipe with no writer
// would otherwise wait forever.
const openFlags = syscall.O_NONBLOCK

// clearNonblock puts a regular file back in blocking mode. For regular
// files the flag changes nothing on the systems Go runs on; clearing it
// keeps reads ordinary everywhere.
func clearNonblock(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
