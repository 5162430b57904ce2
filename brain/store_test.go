package brain

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSaveLoadCore(t *testing.T) {
	for _, a := range Archetypes() {
		t.Run(a, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "fighter")
			c := mustCore(t, a, 11)
			c.Memories.Lineage.Demonstrations = []string{"sha256:demo"}
			if err := SaveCore(dir, c); err != nil {
				t.Fatal(err)
			}
			got, err := LoadCore(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Error("LoadCore(SaveCore(c)) != c")
			}
			// Saving again over the old files replaces them.
			c.Memories.Layers[0].Bias[0] = 0.5
			if err := SaveCore(dir, c); err != nil {
				t.Fatal(err)
			}
			got, err = LoadCore(dir)
			if err != nil {
				t.Fatal(err)
			}
			if got.Memories.Layers[0].Bias[0] != 0.5 {
				t.Error("second save was not loaded")
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !reflect.DeepEqual(names, []string{BrainFile, MemoriesFile}) {
				t.Errorf("core directory holds %v, want only %s and %s (temporary files left?)", names, BrainFile, MemoriesFile)
			}
		})
	}
}

func TestSaveCoreInvalidKeepsOld(t *testing.T) {
	dir := t.TempDir()
	c := mustCore(t, Sage, 1)
	if err := SaveCore(dir, c); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, MemoriesFile))
	bad := c.Clone()
	bad.Memories.Layers[1].Weight[0] = float32(1e30)
	if err := SaveCore(dir, bad); err == nil {
		t.Fatal("SaveCore accepted an invalid core")
	}
	after, _ := os.ReadFile(filepath.Join(dir, MemoriesFile))
	if string(before) != string(after) {
		t.Error("a failed save changed the stored memories")
	}
	if _, err := LoadCore(dir); err != nil {
		t.Errorf("old core no longer loads: %v", err)
	}
}

func TestLoadCoreRejects(t *testing.T) {
	write := func(t *testing.T, dir, name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sage, swift := mustCore(t, Sage, 1), mustCore(t, Swift, 1)
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"missing dir", func(t *testing.T, dir string) { os.RemoveAll(dir) }, "no such file"},
		{"missing memories", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, MemoriesFile)) }, MemoriesFile},
		{"corrupt memories", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, MemoriesFile))
			write(t, dir, MemoriesFile, b[:len(b)-1])
		}, "decoding memories"},
		{"other brain", func(t *testing.T, dir string) {
			spec, _ := MarshalSpec(swift.Spec)
			write(t, dir, BrainFile, spec)
		}, `memories are for archetype "sage", the brain is "swift"`},
		{"bad spec", func(t *testing.T, dir string) { write(t, dir, BrainFile, []byte(`{"format":1}`)) }, "invalid brain spec"},
		{"huge spec", func(t *testing.T, dir string) {
			write(t, dir, BrainFile, []byte(strings.Repeat(" ", maxSpecBytes+1)))
		}, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := SaveCore(dir, sage); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, dir)
			if _, err := LoadCore(dir); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadCore error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
