//go:build !unix

package boundedfile

import "os"

// openFlags is empty where there are no named pipes that block an open.
const openFlags = 0

func clearNonblock(*os.File) error { return nil }
