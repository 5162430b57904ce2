package nft

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// PendingVersion is the version of a pending save's file.
const PendingVersion = 1

// maxPendingFile bounds one pending save's file: it is a few hundred bytes.
const maxPendingFile = 16 << 10

// ErrBadPending marks a pending-save file that is not a valid one.
var ErrBadPending = errors.New("bad pending save")

// Pending is a save that reached IPFS but not the chain: its Manifest is
// stored and pinned, and the token's pointer still has to be moved from
// Expected to Manifest. It is kept as one file in the data directory's
// pending/ folder until the chain takes it (`dojo sync`, or the next `dojo
// save`), so training is never lost to a chain that was down.
type Pending struct {
	// Version is PendingVersion.
	Version int `json:"version"`
	// ChainID and Contract name the registry the token lives in.
	ChainID  string `json:"chain_id"`
	Contract string `json:"contract"`
	// Token is the token id, in decimal.
	Token string `json:"token"`
	// Expected is the pointer the save was made on top of (the new
	// Manifest's previous link); Manifest is the new pointer.
	Expected string `json:"expected"`
	Manifest string `json:"manifest"`
	// CoreID names the saved Core by content.
	CoreID string `json:"core_id"`
	// Created is when the save was made; Reason why it is pending.
	Created time.Time `json:"created"`
	Reason  string    `json:"reason"`

	// Path is the file it was read from (not stored).
	Path string `json:"-"`
}

// TokenID returns the token id as a number.
func (p *Pending) TokenID() *big.Int {
	n, _ := new(big.Int).SetString(p.Token, 10)
	return n
}

func (p *Pending) validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrBadPending, fmt.Sprintf(format, a...))
	}
	if p.Version != PendingVersion {
		return bad("version %d, this dojo reads version %d", p.Version, PendingVersion)
	}
	if n, ok := new(big.Int).SetString(p.ChainID, 10); !ok || n.Sign() <= 0 || len(p.ChainID) > 78 {
		return bad("chain id %q", safetext.Escape(p.ChainID))
	}
	if !IsAddress(p.Contract) {
		return bad("contract %q is not an address", safetext.Escape(p.Contract))
	}
	if n, ok := new(big.Int).SetString(p.Token, 10); !ok || n.Sign() <= 0 || len(p.Token) > 78 {
		return bad("token %q", safetext.Escape(p.Token))
	}
	for _, c := range []struct{ name, v string }{{"expected", p.Expected}, {"manifest", p.Manifest}} {
		if _, err := ParseCID(c.v); err != nil {
			return bad("%s: %v", c.name, err)
		}
	}
	if len(p.CoreID) > 200 || len(p.Reason) > 2000 {
		return bad("core id or reason too long")
	}
	if err := safetext.Check(p.CoreID); err != nil {
		return bad("core id: %v", err)
	}
	if err := safetext.Check(p.Reason); err != nil {
		return bad("reason: %v", err)
	}
	return nil
}

// SavePending writes p into dir (created if missing) as a new file, whole or
// not at all, and returns its path. A save already pending for the same
// token and Manifest is not written twice.
func SavePending(dir string, p Pending) (string, error) {
	p.Version = PendingVersion
	if p.Created.IsZero() {
		p.Created = time.Now().UTC().Truncate(time.Second)
	}
	if err := p.validate(); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("pending saves: %w", err)
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-token-%s-%s.json", strings.ToLower(p.Contract), p.Token, p.Manifest))
	if err := atomicfile.WriteNew(path, append(data, '\n')); err != nil {
		if errors.Is(err, os.ErrExist) {
			return path, nil
		}
		return "", fmt.Errorf("keep pending save: %w", err)
	}
	return path, nil
}

// ReadPending reads and validates one pending save.
func ReadPending(path string) (*Pending, error) {
	data, err := boundedfile.Read(path, maxPendingFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var p Pending
	if err := strictjson.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrBadPending, err)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	p.Path = path
	return &p, nil
}

// ListPending reads every pending save in dir, oldest first. A missing dir
// holds none. Files that fail validation are reported in the error and left
// alone; the valid ones are still returned.
func ListPending(dir string) ([]*Pending, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*Pending
	var errs []error
	for _, n := range names {
		p, err := ReadPending(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].Path < out[j].Path
	})
	return out, errors.Join(errs...)
}

// Done removes a pending save once the chain has taken it.
func (p *Pending) Done() error {
	if err := os.Remove(p.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	atomicfile.SyncDir(filepath.Dir(p.Path))
	return nil
}
