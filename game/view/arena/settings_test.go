package arena

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSettingsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := LoadSettings(dir)
	if err != nil || s != DefaultSettings() {
		t.Fatalf("no file: %v %v, want the defaults", s, err)
	}
	if _, _, err := s.Keys.Assign(1, BThrow, "P"); err != nil {
		t.Fatal(err)
	}
	s.Sound = false
	if err := SaveSettings(dir, s); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(dir)
	if err != nil || got != s {
		t.Fatalf("read back %v %v, want %v", got, err, s)
	}
}

func TestParseSettingsRefuses(t *testing.T) {
	good, err := MarshalSettings(DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseSettings(good); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"version":        strings.Replace(string(good), `"version": 1`, `"version": 2`, 1),
		"repeated key":   strings.Replace(string(good), `"sound": true`, `"sound": true, "sound": false`, 1),
		"unknown field":  strings.Replace(string(good), `"sound": true`, `"sound": true, "volume": 3`, 1),
		"unknown button": strings.Replace(string(good), `"dash"`, `"dashh"`, 1),
		"missing button": strings.Replace(string(good), `"dash": "O",`, ``, 1),
		"unknown key":    strings.Replace(string(good), `"J"`, `"Joystick"`, 1),
		"key twice":      strings.Replace(string(good), `"J"`, `"K"`, 1),
		"menu key":       strings.Replace(string(good), `"J"`, `"Escape"`, 1),
		"escape in key":  strings.Replace(string(good), `"J"`, `"\u001b[2J"`, 1),
		"not json":       `{"version":1,`,
		"huge":           `{"version":1,"x":"` + strings.Repeat("a", maxSettingsSize) + `"}`,
	} {
		if bad == string(good) {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if _, err := ParseSettings([]byte(bad)); !errors.Is(err, ErrBadSettings) {
			t.Errorf("%s: err = %v, want ErrBadSettings", name, err)
		}
	}
}

// A bad settings file does not keep the arena from starting: it starts on
// the defaults and says why.
func TestLoadSettingsBadFileGivesDefaults(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte(`{"version":9}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSettings(dir)
	if err == nil || s != DefaultSettings() || !strings.Contains(err.Error(), "settings.json") {
		t.Fatalf("got %v, %v", s, err)
	}
}

func FuzzParseSettings(f *testing.F) {
	good, _ := MarshalSettings(DefaultSettings())
	f.Add(good)
	f.Add([]byte(`{"version":1,"sound":false,"players":[{},{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSettings(data)
		if err != nil {
			return
		}
		if err := s.Keys.Check(); err != nil {
			t.Fatalf("accepted bindings that fail Check: %v", err)
		}
		out, err := MarshalSettings(s)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseSettings(out)
		if err != nil || again != s {
			t.Fatalf("round trip: %v", err)
		}
	})
}
