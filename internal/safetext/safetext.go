// Package safetext keeps text that comes from files and the network (a
// Core's lineage, a replay's fighter names, later manifests from IPFS) from
// acting on a terminal or a log: no control characters that move the
// cursor, recolour or rewrite the screen, no line breaks that forge a log
// line, no bidirectional overrides that make text read differently from
// what it is, and nothing that is not UTF-8.
//
// Check refuses such a string where it is decoded; Escape makes any string
// safe to print.
package safetext

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Error reports the first character of a string that Check refuses.
type Error struct {
	// Offset is the byte offset of the character in the string.
	Offset int
	// Rune is the character, or utf8.RuneError for a byte that is not
	// UTF-8.
	Rune rune
}

func (e *Error) Error() string {
	if e.Rune == utf8.RuneError {
		return fmt.Sprintf("invalid UTF-8 at byte %d", e.Offset)
	}
	return fmt.Sprintf("%s %U at byte %d", kind(e.Rune), e.Rune, e.Offset)
}

// Check returns nil if s is valid UTF-8 holding no control character (C0,
// DEL, C1: escapes, line breaks, tabs), no line or paragraph separator
// (U+2028, U+2029) and no bidirectional formatting character (U+061C,
// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and otherwise an *Error
// for the first such character.
func Check(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return &Error{Offset: i, Rune: utf8.RuneError}
			}
		}
		if refused(r) {
			return &Error{Offset: i, Rune: r}
		}
	}
	return nil
}

// Escape returns s unchanged if Check accepts it, and otherwise s as a Go
// quoted string with every refused character escaped (\x1b, \n, \u202e,
// \xff), so that printing it shows the text and cannot act on a terminal.
func Escape(s string) string {
	if Check(s) == nil {
		return s
	}
	return strconv.QuoteToGraphic(s)
}

func refused(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func kind(r rune) string {
	switch {
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return "control character"
	case r == 0x2028 || r == 0x2029:
		return "line separator"
	}
	return "bidirectional formatting character"
}
