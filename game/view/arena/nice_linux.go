//go:build linux

package arena

import (
	"runtime"
	"syscall"
)

// lowerPriority pins the calling goroutine to its thread and lowers that
// thread's scheduling priority (nice 10), so that on a busy machine the
// arena's frames are drawn before Teach's steps. The thread ends with the
// goroutine (Go retires a thread whose goroutine exits locked), so no other
// goroutine inherits it.
func lowerPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10)
}
