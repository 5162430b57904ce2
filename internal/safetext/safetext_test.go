package safetext

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, s := range []string{"", "sha256:00ff", "bafybeigdyr", "Zoë's fighter — 練習", "a b", "emoji 🥋"} {
		if err := Check(s); err != nil {
			t.Errorf("Check(%q) = %v", s, err)
		}
	}
	bad := []struct {
		s    string
		off  int
		want string
	}{
		{"\x1b[2J", 0, "control character U+001B"},
		{"ok\nforged log line", 2, "control character U+000A"},
		{"tab\there", 3, "U+0009"},
		{"cr\r", 2, "U+000D"},
		{"nul\x00", 3, "U+0000"},
		{"del\x7f", 3, "U+007F"},
		{"c1\u009b31m", 2, "U+009B"},
		{"abc\u202etxt.exe", 3, "bidirectional formatting character U+202E"},
		{"x\u2066y", 1, "U+2066"},
		{"x\u2028y", 1, "line separator U+2028"},
		{"bad\xffutf8", 3, "invalid UTF-8 at byte 3"},
		{"cut\xe2\x82", 3, "invalid UTF-8"},
	}
	for _, c := range bad {
		err := Check(c.s)
		var e *Error
		if !errors.As(err, &e) || e.Offset != c.off || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%q) = %v, want an *Error at byte %d containing %q", c.s, err, c.off, c.want)
		}
		esc := Escape(c.s)
		if Check(esc) != nil {
			t.Errorf("Escape(%q) = %q, which Check still refuses", c.s, esc)
		}
	}
	// A literal U+FFFD is a character like any other.
	if err := Check("\uFFFD"); err != nil {
		t.Errorf("Check(U+FFFD) = %v", err)
	}
	if got := Escape("plain"); got != "plain" {
		t.Errorf("Escape changed a clean string: %q", got)
	}
	if got := Escape("a\x1b[31mb"); got != `"a\x1b[31mb"` {
		t.Errorf("Escape = %s", got)
	}
}

func TestCheckAll(t *testing.T) {
	type inner struct {
		Method string `json:"method"`
		Note   string `json:"-"`
		hidden string
	}
	type doc struct {
		Parent string            `json:"parent,omitempty"`
		Demos  []string          `json:"demonstrations"`
		Inner  *inner            `json:"training"`
		Meta   map[string]string `json:"meta"`
		Any    any
		Plain  string
	}
	clean := doc{Parent: "sha256:ab", Demos: []string{"a", "b"}, Inner: &inner{Method: "bc", Note: "\x1b", hidden: "\n"},
		Meta: map[string]string{"k": "v"}, Any: []string{"x"}}
	if err := CheckAll(clean); err != nil {
		t.Fatalf("CheckAll(clean) = %v", err)
	}
	if err := CheckAll(&clean); err != nil {
		t.Fatalf("CheckAll(&clean) = %v", err)
	}
	cases := []struct {
		mutate func(d *doc)
		want   string
	}{
		{func(d *doc) { d.Parent = "\x1b]0;pwned\a" }, "parent: control character U+001B at byte 0"},
		{func(d *doc) { d.Demos = []string{"ok", "bad\n"} }, "demonstrations[1]: control character U+000A"},
		{func(d *doc) { d.Inner = &inner{Method: "\u202e"} }, "training.method: bidirectional"},
		{func(d *doc) { d.Meta = map[string]string{"k": "\x00"} }, `meta["k"]: control character U+0000`},
		{func(d *doc) { d.Meta = map[string]string{"k\r": "v"} }, "meta{key}: control character U+000D"},
		{func(d *doc) { d.Any = []string{"\xff"} }, "Any[0]: invalid UTF-8"},
		{func(d *doc) { d.Plain = "\x9b" }, "Plain: invalid UTF-8"},
	}
	for _, c := range cases {
		d := clean
		c.mutate(&d)
		if err := CheckAll(&d); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckAll = %v, want an error containing %q", err, c.want)
		}
	}
	if err := CheckAll("\t"); err == nil {
		t.Error("CheckAll accepted a bare tab")
	}
}
