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
