package arena

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// FighterVersion is the version of fighter.json.
const FighterVersion = 1

const (
	maxFighterFile = 16 << 10
	maxNameLen     = 32
)

// ErrBadFighter is returned (wrapped) for a fighter directory that cannot be
// used.
var ErrBadFighter = errors.New("bad fighter")

// Fighter is one of the player's fighters, kept in the data directory's
// arena/fighters/<dir>/:
//
//	fighter.json     name, Form, token id, current Core, last saved manifest
//	cores/NNNN/      every Core it has had (brain.SaveCore), the newest current
//	sessions/        recorded play (demonstration files, one per session)
//	sessions.json    the sessions left out of training
//	discarded/       sessions the player discarded
//
// A new Core never replaces an old one: Teach writes the next cores/NNNN and
// then points fighter.json at it, each step whole or not at all.
type Fighter struct {
	Dir   string
	Name  string
	Form  assets.Form
	Token uint64 // 0 until minted
	// Saved is the CID of the manifest of the last save (or mint), empty
	// before any.
	Saved string
	// CoreN is the number of the current Core under cores/.
	CoreN int
	Core  *brain.Core
}

type fighterFile struct {
	Version int             `json:"version"`
	Name    string          `json:"name"`
	Form    json.RawMessage `json:"form"`
	Token   uint64          `json:"token,string,omitempty"`
	Saved   string          `json:"saved,omitempty"`
	Core    int             `json:"core"`
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// CheckName refuses a fighter name that is empty, too long, or holds
// characters that could act on a terminal.
func CheckName(name string) error {
	if strings.TrimSpace(name) == "" || len(name) > maxNameLen {
		return fmt.Errorf("a fighter's name has 1 to %d bytes", maxNameLen)
	}
	return safetext.Check(name)
}

// CreateFighter makes a new fighter under fightersDir with Core c as its
// first Core, in a directory named after it. The directory is built under a
// temporary name and renamed into place, so a crash leaves no half-made
// fighter.
func CreateFighter(fightersDir, name string, form assets.Form, c *brain.Core, token uint64) (*Fighter, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(fightersDir, 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(fightersDir, ".creating-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // after a successful rename, nothing is left there
	f := &Fighter{Dir: tmp, Name: name, Form: form, Token: token, CoreN: 1, Core: c}
	if err := brain.SaveCore(f.coreDir(1), c); err != nil {
		return nil, err
	}
	if err := writeFighterFile(tmp, f.file()); err != nil {
		return nil, err
	}
	slug := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if slug == "" {
		slug = "fighter"
	}
	for i := 1; i <= 1000; i++ {
		dir := filepath.Join(fightersDir, slug)
		if i > 1 {
			dir += "-" + strconv.Itoa(i)
		}
		err := atomicfile.RenameNoReplace(tmp, dir)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		atomicfile.SyncDir(fightersDir)
		f.Dir = dir
		return f, nil
	}
	return nil, fmt.Errorf("no free directory for %q under %s", name, fightersDir)
}

func (f *Fighter) file() fighterFile {
	form, _ := assets.MarshalForm(f.Form) // a Form always marshals
	return fighterFile{Version: FighterVersion, Name: f.Name, Form: form, Token: f.Token, Saved: f.Saved, Core: f.CoreN}
}

func writeFighterFile(dir string, ff fighterFile) error {
	data, err := jsonIndent(ff)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, "fighter.json"), data)
}

// update changes fighter.json by edit, starting from what is on disk now
// rather than from this copy (another copy may have changed it since: Teach
// adopting a Core while a save runs), then takes the result into f, loading
// the Core it names if f held another.
func (f *Fighter) update(edit func(ff *fighterFile)) error {
	disk, ff, err := readFighter(f.Dir)
	if err != nil {
		return err
	}
	edit(&ff)
	if err := writeFighterFile(f.Dir, ff); err != nil {
		return err
	}
	f.Name, f.Form, f.Token, f.Saved = disk.Name, disk.Form, ff.Token, ff.Saved
	if ff.Core != f.CoreN || f.Core == nil {
		c, err := brain.LoadCore(f.coreDir(ff.Core))
		if err != nil {
			return err
		}
		f.CoreN, f.Core = ff.Core, c
	}
	return nil
}

// nextCore is the number of the next Core directory: after the newest on
// disk and after any a run left behind.
func (f *Fighter) nextCore() int {
	n := f.CoreN + 1
	if _, ff, err := readFighter(f.Dir); err == nil && ff.Core >= n {
		n = ff.Core + 1
	}
	for exists(f.coreDir(n)) {
		n++
	}
	return n
}

// SetCore makes c the fighter's current Core: it is written as the next
// cores/NNNN, then fighter.json points at it.
func (f *Fighter) SetCore(c *brain.Core) error {
	n := f.nextCore()
	if err := brain.SaveCore(f.coreDir(n), c); err != nil {
		return err
	}
	return f.adopt(n, c)
}

// adopt points fighter.json at Core n, already written, which is c.
func (f *Fighter) adopt(n int, c *brain.Core) error {
	if err := f.update(func(ff *fighterFile) { ff.Core = n }); err != nil {
		return err
	}
	f.Core = c
	return nil
}

// SetSaved records a save (or the mint) of the fighter: its token and the
// CID of its manifest.
func (f *Fighter) SetSaved(token uint64, cid string) error {
	return f.update(func(ff *fighterFile) { ff.Token, ff.Saved = token, cid })
}

func (f *Fighter) coreDir(n int) string {
	return filepath.Join(f.Dir, "cores", fmt.Sprintf("%04d", n))
}

// CoreDir is the directory of the current Core.
func (f *Fighter) CoreDir() string { return f.coreDir(f.CoreN) }

// readFighter reads and validates dir's fighter.json: the fighter it
// describes (without its Core) and the file itself.
func readFighter(dir string) (*Fighter, fighterFile, error) {
	var ff fighterFile
	path := filepath.Join(dir, "fighter.json")
	data, err := boundedfile.Read(path, maxFighterFile)
	if err != nil {
		return nil, ff, fmt.Errorf("%w: %w", ErrBadFighter, err)
	}
	if err := strictjson.Unmarshal(data, &ff); err != nil {
		return nil, ff, fmt.Errorf("%s: %w: %v", path, ErrBadFighter, err)
	}
	if ff.Version != FighterVersion {
		return nil, ff, fmt.Errorf("%s: %w: version %d, this arena reads %d", path, ErrBadFighter, ff.Version, FighterVersion)
	}
	if err := CheckName(ff.Name); err != nil {
		return nil, ff, fmt.Errorf("%s: %w: %v", path, ErrBadFighter, err)
	}
	if ff.Core < 1 || ff.Core > 9999 {
		return nil, ff, fmt.Errorf("%s: %w: core %d", path, ErrBadFighter, ff.Core)
	}
	if ff.Saved != "" {
		if err := safetext.Check(ff.Saved); err != nil || len(ff.Saved) > 128 {
			return nil, ff, fmt.Errorf("%s: %w: saved %q", path, ErrBadFighter, safetext.Escape(ff.Saved))
		}
	}
	form, err := assets.ParseForm(ff.Form)
	if err != nil {
		return nil, ff, fmt.Errorf("%s: %w", path, err)
	}
	return &Fighter{Dir: dir, Name: ff.Name, Form: form, Token: ff.Token, Saved: ff.Saved, CoreN: ff.Core}, ff, nil
}

// LoadFighter reads the fighter in dir, validating fighter.json and its
// current Core.
func LoadFighter(dir string) (*Fighter, error) {
	f, _, err := readFighter(dir)
	if err != nil {
		return nil, err
	}
	if f.Core, err = brain.LoadCore(f.CoreDir()); err != nil {
		return nil, fmt.Errorf("fighter %s: %w", dir, err)
	}
	return f, nil
}

// LoadFighters reads every fighter under fightersDir, in directory order.
// A fighter that cannot be read is left out and its error returned beside
// the others, so one broken directory does not hide the rest.
func LoadFighters(fightersDir string) ([]*Fighter, []error) {
	entries, err := os.ReadDir(fightersDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{err}
	}
	var fs []*Fighter
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		f, err := LoadFighter(filepath.Join(fightersDir, e.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fs = append(fs, f)
	}
	slices.SortStableFunc(fs, func(a, b *Fighter) int { return strings.Compare(a.Dir, b.Dir) })
	return fs, errs
}

func jsonIndent(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	return append(data, '\n'), err
}
