package jsqueue

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TokenFile makes a token once and then reads the same one back; ReadToken
// refuses files that are not tokens.
func TestTokenFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nats-token")
	a, made, err := TokenFile(path)
	if err != nil || !made {
		t.Fatalf("first TokenFile: made %v, %v", made, err)
	}
	b, made, err := TokenFile(path)
	if err != nil || made || a != b {
		t.Fatalf("second TokenFile: %q made %v %v, want %q", b, made, err, a)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm()&0o077 != 0 {
		t.Fatalf("the token file is readable by others: %v", fi.Mode())
	}
	c, _, _ := TokenFile(filepath.Join(dir, "another"))
	if c == a {
		t.Fatal("two token files hold the same token")
	}
	for name, content := range map[string]string{
		"short":   "abc\n",
		"long":    string(make([]byte, 300)),
		"space":   "a token with spaces in it\n",
		"escape":  "0123456789abcdef\x1b[2J\n",
		"unicode": "0123456789abcdefé\n",
		"empty":   "",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadToken(p); !errors.Is(err, ErrBadToken) {
			t.Errorf("%s: %v, want ErrBadToken", name, err)
		}
	}
	ok := filepath.Join(dir, "ok")
	if err := os.WriteFile(ok, []byte("0123456789abcdef-token\r\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tok, err := ReadToken(ok); err != nil || tok != "0123456789abcdef-token" {
		t.Fatalf("a token with a CRLF and a second line: %q %v", tok, err)
	}
}
