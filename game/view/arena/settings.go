package arena

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// SettingsVersion is the version of settings.json.
const SettingsVersion = 1

// maxSettingsSize bounds settings.json before it is read.
const maxSettingsSize = 16 << 10

// ErrBadSettings is returned (wrapped) for a settings file that cannot be used.
var ErrBadSettings = errors.New("bad arena settings")

// Settings are what a player sets once and keeps: their key bindings and
// whether the arena plays sound. They live in the data directory's
// arena/settings.json.
type Settings struct {
	Keys  Keymaps
	Sound bool
}

// DefaultSettings are a new arena's: the default bindings, sound on.
func DefaultSettings() Settings { return Settings{Keys: DefaultKeymaps(), Sound: true} }

// settingsFile is settings.json: each player's bindings by button name.
type settingsFile struct {
	Version int               `json:"version"`
	Sound   bool              `json:"sound"`
	Players [2]map[string]Key `json:"players"`
}

// MarshalSettings encodes s as settings.json.
func MarshalSettings(s Settings) ([]byte, error) {
	if err := s.Keys.Check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSettings, err)
	}
	f := settingsFile{Version: SettingsVersion, Sound: s.Sound}
	for p := range s.Keys {
		f.Players[p] = map[string]Key{}
		for b, k := range s.Keys[p] {
			f.Players[p][Button(b).String()] = k
		}
	}
	out, err := json.MarshalIndent(f, "", "  ")
	return append(out, '\n'), err
}

// ParseSettings reads settings.json: a known version, no unknown or repeated
// keys, every button of both players bound to a key from KeyNames, no key
// bound twice and no menu key bound.
func ParseSettings(data []byte) (Settings, error) {
	var f settingsFile
	if len(data) > maxSettingsSize {
		return Settings{}, fmt.Errorf("%w: %d bytes, more than %d", ErrBadSettings, len(data), maxSettingsSize)
	}
	if err := strictjson.Unmarshal(data, &f); err != nil {
		return Settings{}, fmt.Errorf("%w: %v", ErrBadSettings, err)
	}
	if f.Version != SettingsVersion {
		return Settings{}, fmt.Errorf("%w: version %d, this arena reads %d", ErrBadSettings, f.Version, SettingsVersion)
	}
	s := Settings{Sound: f.Sound}
	for p, m := range f.Players {
		if len(m) != int(NumButtons) {
			return Settings{}, fmt.Errorf("%w: player %d binds %d buttons, want all %d", ErrBadSettings, p+1, len(m), NumButtons)
		}
		for name, k := range m {
			b, ok := ParseButton(name)
			if !ok {
				return Settings{}, fmt.Errorf("%w: player %d: no button %q", ErrBadSettings, p+1, name)
			}
			s.Keys[p][b] = k
		}
	}
	if err := s.Keys.Check(); err != nil {
		return Settings{}, fmt.Errorf("%w: %v", ErrBadSettings, err)
	}
	return s, nil
}

// settingsPath is settings.json under the arena's directory.
func settingsPath(arenaDir string) string { return filepath.Join(arenaDir, "settings.json") }

// LoadSettings reads the arena's settings from arenaDir. A missing file
// gives the defaults; a bad one gives the defaults and the error, so that
// the arena can say so and still start.
func LoadSettings(arenaDir string) (Settings, error) {
	path := settingsPath(arenaDir)
	data, err := boundedfile.Read(path, maxSettingsSize)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return DefaultSettings(), fmt.Errorf("%w: %w", ErrBadSettings, err)
	}
	s, err := ParseSettings(data)
	if err != nil {
		return DefaultSettings(), fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// SaveSettings writes s to arenaDir's settings.json, whole or not at all.
func SaveSettings(arenaDir string, s Settings) error {
	data, err := MarshalSettings(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(arenaDir, 0o700); err != nil {
		return err
	}
	return atomicfile.Write(settingsPath(arenaDir), data)
}
