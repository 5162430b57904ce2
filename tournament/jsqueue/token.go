package jsqueue

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
)

// A token file holds the server's token on its first line: 16 to 256
// printable ASCII characters, no spaces.
const (
	minToken     = 16
	maxToken     = 256
	maxTokenFile = 4096
)

// ErrBadToken is wrapped by ReadToken's errors for a file that is not a
// token.
var ErrBadToken = errors.New("not a NATS token")

// ReadToken reads the token on the first line of the file at path.
func ReadToken(path string) (string, error) {
	line, err := boundedfile.FirstLine(path, maxTokenFile)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	if len(line) < minToken || len(line) > maxToken {
		return "", fmt.Errorf("%w: %s: its first line has %d characters, not %d to %d", ErrBadToken, path, len(line), minToken, maxToken)
	}
	for i, c := range line {
		if c <= ' ' || c > '~' {
			return "", fmt.Errorf("%w: %s: byte %d is %#x, not printable ASCII", ErrBadToken, path, i, c)
		}
	}
	return string(line), nil
}

// TokenFile returns the token in the file at path, first making one there
// (32 random bytes in hex, mode 0600) if there is no file yet; made says
// it did.
func TokenFile(path string) (token string, made bool, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", false, err
	}
	err = atomicfile.WriteNewPrivate(path, []byte(hex.EncodeToString(b[:])+"\n"))
	switch {
	case err == nil:
		made = true
	case !errors.Is(err, fs.ErrExist):
		return "", false, err
	}
	token, err = ReadToken(path)
	return token, made, err
}
