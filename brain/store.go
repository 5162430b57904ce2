package brain

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dojo-arena/dojo/internal/atomicfile"
)

// A Core directory holds two files:
//
//	brain.json            the Spec (MarshalSpec), fixed at mint
//	memories.safetensors  the Memories: parameters and lineage (EncodeMemories)
//
// Each is written to a temporary file in the same directory, synced, and
// renamed over the old one, then the directory is synced: a crash leaves
// either the old or the new file, never a torn one. brain.json is written
// first; it only differs from what is on disk when a different Brain is
// saved into the same directory, and then a crash between the two renames
// leaves a pair that LoadCore rejects with a clear error rather than
// misreads.
const (
	BrainFile    = "brain.json"
	MemoriesFile = "memories.safetensors"
)

// SaveCore validates c and writes it into dir (created if needed).
func SaveCore(dir string, c *Core) error {
	spec, err := MarshalSpec(c.Spec)
	if err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	mem, err := EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("saving core: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, BrainFile), spec); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	if err := atomicfile.Write(filepath.Join(dir, MemoriesFile), mem); err != nil {
		return fmt.Errorf("saving core to %s: %w", dir, err)
	}
	return nil
}

// LoadCore reads and validates the Core stored in dir.
func LoadCore(dir string) (*Core, error) {
	specBytes, err := readBounded(filepath.Join(dir, BrainFile), maxSpecBytes)
	if err != nil {
		return nil, fmt.Errorf("loading core: %w", err)
	}
	spec, err := UnmarshalSpec(specBytes)
	if err != nil {
		return nil, fmt.Errorf("loading core from %s: %w", dir, err)
	}
	memBytes, err := readBounded(filepath.Join(dir, MemoriesFile), MaxMemoriesBytes(&spec))
	if err != nil {
		return nil, fmt.Errorf("loading core: %w", err)
	}
	mem, err := DecodeMemories(&spec, memBytes)
	if err != nil {
		return nil, fmt.Errorf("loading core from %s: %w", dir, err)
	}
	return &Core{Spec: spec, Memories: mem}, nil
}

// readBounded reads a whole file, failing if it is larger than max bytes,
// without reading more than max+1 bytes.
func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("reading %s: larger than the %d bytes allowed", path, max)
	}
	return b, nil
}
