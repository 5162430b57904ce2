package datadir

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/gofrs/flock"
)

// Holder says which process owns a data directory and what it serves to
// the others. It is stored in node.json.
type Holder struct {
	// PID is the owner's process id.
	PID int `json:"pid"`
	// Command is what the owner is doing, e.g. "dojo node" or "dojo mint".
	Command string `json:"command"`
	// Since is when it took the directory.
	Since time.Time `json:"since"`
	// RPC is the embedded chain's JSON-RPC URL, if the owner serves it.
	RPC string `json:"rpc,omitempty"`
	// IPFSAPI is the embedded IPFS node's RPC API URL, if served.
	IPFSAPI string `json:"ipfs_api,omitempty"`
	// Gateway is the embedded IPFS node's read-only gateway URL, if served.
	Gateway string `json:"gateway,omitempty"`
}

// Serves reports whether the holder serves both endpoints another process
// needs to attach: the chain's JSON-RPC and the IPFS API.
func (h Holder) Serves() bool { return h.RPC != "" && h.IPFSAPI != "" }

// maxNodeJSON bounds node.json: it is a few hundred bytes.
const maxNodeJSON = 8 << 10

// ErrInUse marks a data directory owned by another process.
var ErrInUse = errors.New("data directory in use")

// InUseError is returned by Acquire when another process owns the
// directory. Holder is what that process wrote in node.json; it is zero if
// the file was missing or unreadable (the owner may be starting).
type InUseError struct {
	Dir    string
	Holder Holder
}

func (e *InUseError) Error() string {
	if e.Holder.PID == 0 {
		return fmt.Sprintf("data directory %s is in use by another dojo process; wait for it to finish, or pick another with --data-dir", e.Dir)
	}
	return fmt.Sprintf("data directory %s is in use by process %d (%s) since %s; wait for it to finish, or run `dojo node` once and other commands will attach to it",
		e.Dir, e.Holder.PID, e.Holder.Command, e.Holder.Since.Format(time.RFC3339))
}

// Unwrap makes errors.Is(err, ErrInUse) hold.
func (e *InUseError) Unwrap() error { return ErrInUse }

// Lock is a data directory owned by this process.
type Lock struct {
	dir    Dir
	fl     *flock.Flock
	holder Holder
}

// Acquire takes the directory for this process and records h in node.json
// (h.PID and h.Since are filled in if zero). If another process owns it, it
// returns an *InUseError carrying that process's Holder.
func (d Dir) Acquire(h Holder) (*Lock, error) {
	if err := d.Ensure(); err != nil {
		return nil, err
	}
	fl := flock.New(d.LockFile(), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	if !ok {
		held, _ := d.Holder() // best effort: the owner may be writing it
		return nil, &InUseError{Dir: d.Root, Holder: held}
	}
	if h.PID == 0 {
		h.PID = os.Getpid()
	}
	if h.Since.IsZero() {
		h.Since = time.Now().UTC().Truncate(time.Second)
	}
	l := &Lock{dir: d, fl: fl}
	if err := l.Publish(h); err != nil {
		_ = fl.Unlock()
		return nil, err
	}
	return l, nil
}

// Publish replaces what node.json says about the owner, e.g. once it serves
// its endpoints.
func (l *Lock) Publish(h Holder) error {
	if err := h.validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(l.dir.NodeJSON(), append(data, '\n')); err != nil {
		return fmt.Errorf("write node.json: %w", err)
	}
	l.holder = h
	return nil
}

// Holder is what this process published.
func (l *Lock) Holder() Holder { return l.holder }

// Release removes node.json and unlocks the directory.
func (l *Lock) Release() error {
	rmErr := os.Remove(l.dir.NodeJSON())
	if errors.Is(rmErr, os.ErrNotExist) {
		rmErr = nil
	}
	return errors.Join(rmErr, l.fl.Unlock())
}

// Holder reads node.json: who owns the directory. It validates the file
// fully, as it may have been written by anyone who can write the directory.
func (d Dir) Holder() (Holder, error) {
	data, err := boundedfile.Read(d.NodeJSON(), maxNodeJSON)
	if err != nil {
		return Holder{}, err
	}
	var h Holder
	if err := strictjson.Unmarshal(data, &h); err != nil {
		return Holder{}, fmt.Errorf("%s: %w", d.NodeJSON(), err)
	}
	if err := h.validate(); err != nil {
		return Holder{}, fmt.Errorf("%s: %w", d.NodeJSON(), err)
	}
	return h, nil
}

func (h Holder) validate() error {
	if h.PID <= 0 {
		return fmt.Errorf("holder pid %d", h.PID)
	}
	if err := safetext.Check(h.Command); err != nil {
		return fmt.Errorf("holder command: %w", err)
	}
	if len(h.Command) > 200 {
		return errors.New("holder command too long")
	}
	for _, u := range []struct{ name, v string }{{"rpc", h.RPC}, {"ipfs_api", h.IPFSAPI}, {"gateway", h.Gateway}} {
		if u.v == "" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(u.v) > 200 {
			return fmt.Errorf("holder %s %q is not an http URL", u.name, safetext.Escape(u.v))
		}
	}
	return nil
}
