package brain

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustID(t *testing.T, c *Core) string {
	t.Helper()
	id, err := c.ID()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestCoreID(t *testing.T) {
	c := mustCore(t, Sage, 5)
	id := mustID(t, c)
	spec, _ := SpecHash(c.Spec)
	mem, _ := c.MemoriesHash()
	if id != "core:"+spec+"/"+mem || !IsCoreID(id) {
		t.Fatalf("ID %q, want core:%s/%s", id, spec, mem)
	}
	// A replay stores it: printable ASCII, no space, at most 256 bytes.
	if len(id) > 256 || strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r > '~' }) {
		t.Fatalf("ID %q is not a valid replay identity", id)
	}
	if mustID(t, mustCore(t, Sage, 5)) != id {
		t.Fatal("the same Core gave two IDs")
	}

	// Anything that changes the play or the record changes the ID.
	edits := map[string]func(c *Core){
		"one weight": func(c *Core) { c.Memories.Layers[1].Weight[7] += 1e-6 },
		"one bias":   func(c *Core) { c.Memories.Layers[2].Bias[0] = 0.25 },
		"lineage":    func(c *Core) { c.Memories.Lineage.Demonstrations = []string{"sha256:demo"} },
		"interval":   func(c *Core) { c.Spec.Interval = 6 },
		"archetype":  func(c *Core) { *c = *mustCore(t, Swift, 5) },
	}
	for name, edit := range edits {
		d := c.Clone()
		edit(d)
		if got := mustID(t, d); got == id {
			t.Errorf("%s: the ID did not change", name)
		}
	}
	for _, bad := range []string{"", "core:", "core:" + spec, "bot:zoner@1", "core:" + spec + "/" + strings.ToUpper(mem), "core:" + spec + "/" + mem + "0"} {
		if IsCoreID(bad) {
			t.Errorf("IsCoreID(%q) = true", bad)
		}
	}
}

// The ID depends on the Core's content only: not on the directory, and not
// on how brain.json is laid out on disk.
func TestCoreIDIgnoresPathAndLayout(t *testing.T) {
	c := mustCore(t, Swift, 9)
	id := mustID(t, c)
	dir := filepath.Join(t.TempDir(), "somewhere", "else")
	if err := SaveCore(dir, c); err != nil {
		t.Fatal(err)
	}
	// Rewrite brain.json compactly, keys in another order.
	var fields map[string]any
	data, _ := os.ReadFile(filepath.Join(dir, BrainFile))
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(fields) // map keys come out sorted
	if err := os.WriteFile(filepath.Join(dir, BrainFile), compact, 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadCore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustID(t, loaded); got != id {
		t.Fatalf("loaded from %s with a compact brain.json: ID %s, saved %s", dir, got, id)
	}
}
