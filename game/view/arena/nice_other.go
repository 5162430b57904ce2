//go:build !linux

package arena

// lowerPriority does nothing where threads have no nice value of their own.
func lowerPriority() {}
