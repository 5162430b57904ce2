package brain

import (
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

func mustSpec(tb testing.TB, archetype string) Spec {
	tb.Helper()
	s, err := NewSpec(archetype)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestNewSpecArchetypes(t *testing.T) {
	const in = game.ObsLen
	tests := []struct {
		archetype string
		layers    []LayerShape
		params    int
	}{
		{Swift, []LayerShape{{in, 64}, {64, 64}, {64, 16}}, in*64 + 64 + 64*64 + 64 + 64*16 + 16},
		{Sage, []LayerShape{{in, 128}, {128, 128}, {128, 16}}, in*128 + 128 + 128*128 + 128 + 128*16 + 16},
	}
	for _, tt := range tests {
		t.Run(tt.archetype, func(t *testing.T) {
			s := mustSpec(t, tt.archetype)
			if err := s.Validate(); err != nil {
				t.Fatalf("fresh spec invalid: %v", err)
			}
			got := s.Layers()
			if len(got) != len(tt.layers) {
				t.Fatalf("layers %v, want %v", got, tt.layers)
			}
			for i := range got {
				if got[i] != tt.layers[i] {
					t.Errorf("layer %d = %v, want %v", i, got[i], tt.layers[i])
				}
			}
			if n := s.NumParams(); n != tt.params {
				t.Errorf("NumParams = %d, want %d", n, tt.params)
			}
			if s.Interval != game.DefaultInterval || s.ObsSpec != game.ObsSpecVersion ||
				s.ActionSpec != game.ActionSpecVersion || s.Activation != ReLU {
				t.Errorf("spec %+v does not carry the game's versions and defaults", s)
			}
		})
	}
	if _, err := NewSpec("berserker"); err == nil || !strings.Contains(err.Error(), "unknown archetype") {
		t.Errorf("NewSpec(berserker) error = %v, want unknown archetype", err)
	}
}

func TestSpecValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Spec)
		want   string // substring of the error
	}{
		{"format", func(s *Spec) { s.Format = 2 }, "brain format 2"},
		{"archetype", func(s *Spec) { s.Archetype = "x" }, "unknown archetype"},
		{"archetype hidden", func(s *Spec) { s.Hidden = []int{64, 64} }, "archetype \"sage\" has hidden layers"},
		{"obs spec", func(s *Spec) { s.ObsSpec = game.ObsSpecVersion + 1 }, "observation spec"},
		{"action spec", func(s *Spec) { s.ActionSpec = game.ActionSpecVersion + 1 }, "action spec"},
		{"inputs", func(s *Spec) { s.Inputs = 63 }, "inputs 63"},
		{"outputs", func(s *Spec) { s.Outputs = 15 }, "outputs 15"},
		{"no hidden", func(s *Spec) { s.Hidden = nil }, "0 hidden layers"},
		{"too deep", func(s *Spec) { s.Hidden = make([]int, MaxHiddenLayers+1) }, "hidden layers, want 1 to"},
		{"zero width", func(s *Spec) { s.Hidden = []int{128, 0} }, "width 0"},
		{"too wide", func(s *Spec) { s.Hidden = []int{128, MaxWidth + 1} }, "width 1025"},
		{"activation", func(s *Spec) { s.Activation = "tanh" }, "activation \"tanh\""},
		{"interval", func(s *Spec) { s.Interval = 0 }, "decision interval 0"},
		{"interval big", func(s *Spec) { s.Interval = 61 }, "decision interval 61"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSpec(t, Sage)
			tt.mutate(&s)
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestSpecJSON(t *testing.T) {
	s := mustSpec(t, Swift)
	b, err := MarshalSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"format": 1`, `"archetype": "swift"`, `"hidden": [`, `"activation": "relu"`, `"interval": 4`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("brain.json lacks %s:\n%s", field, b)
		}
	}
	got, err := UnmarshalSpec(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Archetype != s.Archetype || !equalInts(got.Hidden, s.Hidden) || got.Interval != s.Interval {
		t.Errorf("round trip gave %+v, want %+v", got, s)
	}

	bad := []struct {
		name, doc, want string
	}{
		{"unknown field", strings.Replace(string(b), `"format": 1`, `"format": 1, "layers": 3`, 1), "unknown field"},
		{"trailing", string(b) + "{}", "data after the JSON value"},
		{"duplicate key", strings.Replace(string(b), `"format": 1`, `"format": 1, "archetype": "sage"`, 1), `duplicate key "archetype"`},
		{"nested duplicate", strings.Replace(string(b), `"format": 1`, `"format": 1, "x": {"a": 1, "a": 1}`, 1), `duplicate key "a" in the JSON object at $.x`},
		{"escape in archetype", strings.Replace(string(b), `"swift"`, `"swift\u001b[2J"`, 1), "archetype: control character U+001B"},
		{"newline in activation", strings.Replace(string(b), `"relu"`, `"relu\nforged"`, 1), "activation: control character U+000A"},
		{"not utf-8", strings.Replace(string(b), `"swift"`, "\"sw\xffift\"", 1), "not valid UTF-8"},
		{"not json", "brain", "decoding brain spec"},
		{"invalid", strings.Replace(string(b), `"relu"`, `"gelu"`, 1), "activation"},
		{"huge", `{"archetype":"` + strings.Repeat("x", maxSpecBytes) + `"}`, "more than"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := UnmarshalSpec([]byte(tt.doc)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("UnmarshalSpec error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := MarshalSpec(Spec{}); err == nil {
		t.Error("MarshalSpec accepted an empty spec")
	}
}
