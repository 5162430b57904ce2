package tournament

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// A journal is how a tournament resumes: a file of JSON lines, the first
// naming the tournament (the hash of its definition: format, seed, entrants
// and schedule), then one finished game's Result a line, each written and
// synced before the next game's result is recorded. A crash loses at most
// the line being written, which the reader ignores (a last line without its
// newline); --resume skips every game the journal holds.

// JournalVersion is the version of the journal's first line.
const JournalVersion = 1

// maxJournal bounds a journal before it is read.
const maxJournal = 256 << 20

type journalHead struct {
	Journal    int    `json:"journal"`
	Tournament string `json:"tournament"`
	Start
}

// Start is what a tournament starts from besides its definition: the
// entrants' ratings before it, by Entrant.Key. It is kept in the journal's
// first line, so that a resumed tournament seeds its bracket and rates its
// games from the ratings it started with, whatever the book holds since.
type Start struct {
	Ratings map[string]Rating `json:"ratings,omitempty"`
	Elos    map[string]Elo    `json:"elos,omitempty"`
}

// check refuses ratings that are not numbers or out of any sensible range.
func (s Start) check() error {
	for k, r := range s.Ratings {
		if err := r.check(); err != nil {
			return fmt.Errorf("rating of %s: %w", k, err)
		}
	}
	for k, e := range s.Elos {
		if err := e.check(); err != nil {
			return fmt.Errorf("Elo of %s: %w", k, err)
		}
	}
	return nil
}

// DefinitionHash names a tournament by what decides its games: the format,
// the seed, the entrants' identities and the schedule.
func DefinitionHash(format string, seed uint64, es []Entrant, games []Game) string {
	values := []any{format, seed}
	for _, e := range es {
		values = append(values, [3]string{e.Spec, e.ID, e.Excluded})
	}
	return hashOf(append(values, games)...)
}

// hashOf is "sha256:" and the hex SHA-256 of values, each encoded as a JSON
// line (maps in key order).
func hashOf(values ...any) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, v := range values {
		_ = enc.Encode(v)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Journal appends finished games to a journal file.
type Journal struct {
	f *os.File
}

// OpenJournal opens the journal at path for the tournament named by def:
// a new file, which records start, or (resume) an existing one of the same
// tournament, whose start and finished games it returns. A journal of
// another tournament is refused, and so is any line that is not a well-
// formed game (its fit to the schedule is Run's to check).
func OpenJournal(path, def string, start Start, resume bool) (*Journal, Start, []Result, error) {
	var done []Result
	if resume {
		data, err := boundedfile.Read(path, maxJournal)
		if err != nil {
			return nil, Start{}, nil, fmt.Errorf("resume: %w", err)
		}
		var head journalHead
		lines := bytes.Split(data, []byte("\n"))
		if len(lines) < 2 || strictjson.Unmarshal(lines[0], &head) != nil || head.Journal != JournalVersion {
			return nil, Start{}, nil, fmt.Errorf("resume: %s is not a tournament journal", path)
		}
		if head.Tournament != def {
			return nil, Start{}, nil, fmt.Errorf("resume: %s is the journal of another tournament (%s, this one is %s): are the same entrants registered, with the same Cores, and none excluded this time that was not before?", path, head.Tournament, def)
		}
		if err := head.Start.check(); err != nil {
			return nil, Start{}, nil, fmt.Errorf("resume: %s line 1: %w", path, err)
		}
		// The last element follows the last newline: empty, or a torn line.
		for i, line := range lines[1 : len(lines)-1] {
			var r Result
			err := strictjson.Unmarshal(line, &r)
			if err == nil {
				err = r.wellFormed()
			}
			if err != nil {
				return nil, Start{}, nil, fmt.Errorf("resume: %s line %d: %v", path, i+2, err)
			}
			done = append(done, r)
		}
		if torn := lines[len(lines)-1]; len(torn) > 0 {
			// Cut the torn tail so that appends start on a fresh line.
			if err := os.Truncate(path, int64(len(data)-len(torn))); err != nil {
				return nil, Start{}, nil, err
			}
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return nil, Start{}, nil, err
		}
		return &Journal{f: f}, head.Start, done, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, Start{}, nil, fmt.Errorf("%s exists: give --resume to carry on with it, or another --out", path)
	}
	if err != nil {
		return nil, Start{}, nil, err
	}
	j := &Journal{f: f}
	if err := j.line(journalHead{Journal: JournalVersion, Tournament: def, Start: start}); err != nil {
		f.Close()
		return nil, Start{}, nil, err
	}
	return j, start, nil, nil
}

func (j *Journal) line(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(j.f)
	w.Write(data)
	w.WriteByte('\n')
	if err := w.Flush(); err != nil {
		return err
	}
	return j.f.Sync()
}

// Append records a finished game, durably.
func (j *Journal) Append(r Result) error { return j.line(r) }

// Close closes the journal file.
func (j *Journal) Close() error { return j.f.Close() }
