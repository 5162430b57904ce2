package arena

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/dojo-arena/dojo/training/demo"
)

// Session is one recorded session of a fighter's Training mode: a
// demonstration file under sessions/.
type Session struct {
	Name        string // the file name, e.g. "0003.demo"
	Path        string
	Decisions   int
	Corrections int
	// Kind is "play" for the player's own play, "correct" for a session of
	// corrections.
	Kind string
	// Opponent is the sparring bot.
	Opponent string
	// Interval is the decision interval the session was recorded at.
	Interval int
	// Chosen reports that Teach trains on it.
	Chosen bool
	// Err is why the file cannot be used; such a session is never chosen.
	Err error
}

// Minutes is how much play the session holds.
func (s Session) Minutes() float64 { return playMinutes(s.Decisions, s.Interval) }

// playMinutes is how many minutes of play decisions taken every interval
// ticks cover (0: game.DefaultInterval).
func playMinutes(decisions, interval int) float64 {
	if interval <= 0 {
		interval = game.DefaultInterval
	}
	return float64(decisions*interval) / game.TickRate / 60
}

func (f *Fighter) sessionsDir() string { return filepath.Join(f.Dir, "sessions") }

// skipFile lists the sessions left out of training, by file name.
type skipFile struct {
	Version int      `json:"version"`
	Skip    []string `json:"skip"`
}

func (f *Fighter) skipPath() string { return filepath.Join(f.Dir, "sessions.json") }

// readSkip reads sessions.json: none when it does not exist, an error when
// it cannot be used (then nothing rewrites it).
func (f *Fighter) readSkip() ([]string, error) {
	data, err := boundedfile.Read(f.skipPath(), 1<<20)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s skipFile
	if err := strictjson.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", f.skipPath(), err)
	}
	if s.Version != 1 {
		return nil, fmt.Errorf("%s: version %d, this arena reads 1", f.skipPath(), s.Version)
	}
	return s.Skip, nil
}

// Sessions lists the fighter's recorded sessions, oldest first, each
// validated by reading it.
func (f *Fighter) Sessions() ([]Session, error) {
	entries, err := os.ReadDir(f.sessionsDir())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	skip, err := f.readSkip()
	if err != nil {
		return nil, err
	}
	var out []Session
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".demo") {
			continue
		}
		s := Session{Name: e.Name(), Path: filepath.Join(f.sessionsDir(), e.Name()), Kind: "play"}
		set, err := demo.Load(s.Path)
		if err != nil {
			s.Err = err
		} else {
			s.Decisions = set.Len()
			if len(set.Files) == 1 {
				fl := set.Files[0]
				s.Corrections = fl.Corrections
				if len(fl.Sessions) > 0 {
					s.Opponent, s.Interval = fl.Sessions[0].Opponent, fl.Sessions[0].Interval
					if fl.Sessions[0].Teacher != "" {
						s.Kind = "correct"
					}
				}
			}
			s.Chosen = s.Decisions > 0 && !slices.Contains(skip, s.Name)
		}
		out = append(out, s)
	}
	return out, nil
}

// SetChosen chooses the session called name for training, or leaves it out.
func (f *Fighter) SetChosen(name string, chosen bool) error {
	old, err := f.readSkip()
	if err != nil {
		return err
	}
	skip := slices.DeleteFunc(old, func(s string) bool { return s == name })
	if !chosen {
		skip = append(skip, name)
	}
	data, err := jsonIndent(skipFile{Version: 1, Skip: skip})
	if err != nil {
		return err
	}
	return atomicfile.Write(f.skipPath(), data)
}

// Discard moves the session called name to discarded/: it is no longer
// listed or trained on, and nothing is deleted.
func (f *Fighter) Discard(name string) error {
	if name != filepath.Base(name) || !strings.HasSuffix(name, ".demo") {
		return fmt.Errorf("no session %q", name)
	}
	dst := filepath.Join(f.Dir, "discarded")
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return err
	}
	return atomicfile.RenameNoReplace(filepath.Join(f.sessionsDir(), name), filepath.Join(dst, name))
}

// NewSession creates the next session file and returns its writer, with
// meta in its header.
func (f *Fighter) NewSession(meta demo.Meta) (*demo.Writer, string, error) {
	if err := os.MkdirAll(f.sessionsDir(), 0o700); err != nil {
		return nil, "", err
	}
	for n := 1; n < 100000; n++ {
		path := filepath.Join(f.sessionsDir(), fmt.Sprintf("%04d.demo", n))
		if exists(path) || exists(filepath.Join(f.Dir, "discarded", filepath.Base(path))) {
			continue
		}
		w, err := demo.Create(path, meta)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return w, path, err
	}
	return nil, "", errors.New("too many sessions")
}
