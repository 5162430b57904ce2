//go:build !linux && !darwin

package atomicfile

func renameNoReplace(oldpath, newpath string) error { return errNoReplaceUnsupported }
