package brain

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editHeader returns a copy of a safetensors file with its JSON header
// rewritten by edit (the length prefix follows; the data is kept).
func editHeader(t *testing.T, file []byte, edit func(h string) string) []byte {
	t.Helper()
	n := binary.LittleEndian.Uint64(file)
	h := edit(string(file[8 : 8+n]))
	if h == string(file[8:8+n]) {
		t.Fatal("edit changed nothing")
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	out = append(out, h...)
	return append(out, file[8+n:]...)
}

// A key given twice anywhere in the header is refused, naming the key:
// otherwise a reader keeping the first and one keeping the last would see
// different Memories.
func TestDecodeMemoriesRefusesDuplicateKeys(t *testing.T) {
	c := mustCore(t, Swift, 5)
	valid := craft(validMeta(Swift), validTensors(c), nil)
	cases := []struct {
		name, old, new, want string
	}{
		{"metadata entry", `"__metadata__":{`, `"__metadata__":{"dojo.lineage":"{\"parent\":\"sha256:00\"}",`, `duplicate key "dojo.lineage" in the JSON object at $.__metadata__`},
		{"metadata object", `"__metadata__":{`, `"__metadata__":{},"__metadata__":{`, `duplicate key "__metadata__" in the JSON object at $`},
		{"tensor", `"layers.2.bias":{`, `"layers.2.bias":{"dtype":"F32","shape":[16],"data_offsets":[0,64]},"layers.2.bias":{`, `duplicate key "layers.2.bias"`},
		{"tensor field", `"layers.0.bias":{`, `"layers.0.bias":{"dtype":"F16",`, `duplicate key "dtype" in the JSON object at $["layers.0.bias"]`},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			b := editHeader(t, valid, func(h string) string { return strings.Replace(h, tt.old, tt.new, 1) })
			_, err := DecodeMemories(&c.Spec, b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("DecodeMemories = %v, want an error containing %q", err, tt.want)
			}
			if !errors.Is(err, ErrMemoriesFormat) || !errors.Is(err, ErrBadCore) {
				t.Errorf("error %v does not match ErrMemoriesFormat and ErrBadCore", err)
			}
		})
	}
	// Inside the lineage JSON, which is a string in the header.
	m := validMeta(Swift)
	m["dojo.lineage"] = `{"parent":"sha256:aa","parent":"sha256:bb"}`
	if _, err := DecodeMemories(&c.Spec, craft(m, validTensors(c), nil)); err == nil || !strings.Contains(err.Error(), `lineage: duplicate key "parent"`) {
		t.Errorf("duplicate lineage key: %v", err)
	}
}

// Lineage strings that would act on a terminal or forge a log line are
// refused when read and when written.
func TestLineageTextRefused(t *testing.T) {
	c := mustCore(t, Swift, 5)
	for _, lin := range []struct{ json, want string }{
		{`{"parent":"\u001b]0;owned\u0007"}`, "lineage: parent: control character U+001B"},
		{`{"demonstrations":["ok","a\nb"]}`, "lineage: demonstrations[1]: control character U+000A"},
		{`{"training":{"method":"bc\u202e","samples":1,"epochs":1,"batch":1,"lr":1,"holdout":0,"patience":1,"seed":1}}`, "lineage: training.method: bidirectional"},
		{`{"init":{"method":"\u009b2J","seed":1}}`, "lineage: init.method: control character U+009B"},
	} {
		m := validMeta(Swift)
		m["dojo.lineage"] = lin.json
		_, err := DecodeMemories(&c.Spec, craft(m, validTensors(c), nil))
		if err == nil || !strings.Contains(err.Error(), lin.want) || !errors.Is(err, ErrBadCore) {
			t.Errorf("lineage %s: %v, want an ErrBadCore containing %q", lin.json, err, lin.want)
		}
	}
	c.Memories.Lineage.Parent = "sha256:\x1b[31m"
	if _, err := EncodeMemories(&c.Spec, &c.Memories); err == nil || !errors.Is(err, ErrBadCore) {
		t.Errorf("EncodeMemories wrote a lineage with an escape sequence: %v", err)
	}
}

// Callers tell a bad Core from a failure to reach it with errors.Is.
func TestSentinelErrors(t *testing.T) {
	c := mustCore(t, Swift, 5)
	valid := craft(validMeta(Swift), validTensors(c), nil)
	format := []struct {
		name string
		data []byte
	}{
		{"short", []byte{1, 2}},
		{"not json", append(binary.LittleEndian.AppendUint64(nil, 4), "abcd"...)},
		{"missing tensor", craft(validMeta(Swift), validTensors(c)[:5], nil)},
		{"no metadata", craft(nil, validTensors(c), nil)},
		{"trailing", craft(validMeta(Swift), validTensors(c), []byte{0})},
		{"bad lineage json", editHeader(t, valid, func(h string) string { return strings.Replace(h, `"dojo.lineage":"{}"`, `"dojo.lineage":"{"`, 1) })},
	}
	for _, tt := range format {
		_, err := DecodeMemories(&c.Spec, tt.data)
		if !errors.Is(err, ErrMemoriesFormat) || !errors.Is(err, ErrBadCore) {
			t.Errorf("%s: %v, want ErrMemoriesFormat and ErrBadCore", tt.name, err)
		}
	}
	nan := validTensors(c)
	copy(nan[0].data, f32Bytes([]float32{float32(math.NaN())}))
	versions := validMeta(Swift)
	versions["dojo.version"] = "9"
	content := []struct {
		name string
		data []byte
	}{
		{"nan", craft(validMeta(Swift), nan, nil)},
		{"version", craft(versions, validTensors(c), nil)},
		{"archetype", craft(validMeta(Sage), validTensors(c), nil)},
	}
	for _, tt := range content {
		_, err := DecodeMemories(&c.Spec, tt.data)
		if !errors.Is(err, ErrBadCore) || errors.Is(err, ErrMemoriesFormat) {
			t.Errorf("%s: %v, want ErrBadCore only", tt.name, err)
		}
	}
	bad := c.Clone()
	bad.Spec.ObsSpec++
	if err := bad.Validate(); !errors.Is(err, ErrBadCore) {
		t.Errorf("Validate of a wrong observation spec: %v", err)
	}
	if _, err := NewCore(Spec{}, 1); !errors.Is(err, ErrBadCore) {
		t.Errorf("NewCore of an empty spec: %v", err)
	}
	if _, err := UnmarshalSpec([]byte(`{"format":1,"format":1}`)); !errors.Is(err, ErrBadCore) {
		t.Errorf("UnmarshalSpec with a duplicate key: %v", err)
	}

	// Through LoadCore: content errors match, file system errors do not.
	dir := filepath.Join(t.TempDir(), "c")
	if err := SaveCore(dir, c); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, MemoriesFile), craft(validMeta(Swift), validTensors(c)[:5], nil), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCore(dir); !errors.Is(err, ErrMemoriesFormat) {
		t.Errorf("LoadCore of bad memories: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, BrainFile), []byte(`{"format": 2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCore(dir); !errors.Is(err, ErrBadCore) || errors.Is(err, ErrMemoriesFormat) {
		t.Errorf("LoadCore of a bad brain.json: %v", err)
	}
	_, err := LoadCore(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrBadCore) || errors.Is(err, ErrMemoriesFormat) {
		t.Errorf("LoadCore of a missing directory: %v, want fs.ErrNotExist only", err)
	}
}
