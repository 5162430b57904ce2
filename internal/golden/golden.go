// Package golden keeps golden files honest: a golden file records the
// versions that decide its content, and regenerating it (-update) is refused
// unless one of those versions was bumped since it was written. A change
// that alters recorded hashes without a version bump would otherwise slip
// into a commit as a "regenerated golden" and break every replay in the
// field without a word.
//
// It is imported by tests only and depends on the standard library alone.
package golden

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Versions names the versions that decide a golden file's content, e.g.
// {"rules": 2, "obs": 2}.
type Versions map[string]int

// header is the first line of a golden file: "# versions a=1 b=2".
func (v Versions) header() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, v[k])
	}
	return "# versions " + strings.Join(parts, " ") + "\n"
}

// ErrNoBump is returned by Update when the content changed but no version
// did.
var ErrNoBump = errors.New("golden content changed but no version was bumped")

// Compare checks body against the golden file at path, which must have been
// written for versions.
func Compare(path string, versions Versions, body []byte) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w (create it with -update)", err)
	}
	head, want, _ := bytes.Cut(data, []byte("\n"))
	if got := versions.header(); string(head)+"\n" != got {
		return fmt.Errorf("%s was written for %q, the code is %q: if that version bump was deliberate, regenerate it with -update",
			path, strings.TrimSpace(string(head)), strings.TrimSpace(got))
	}
	if !bytes.Equal(want, body) {
		return fmt.Errorf("%s differs from what the code produces now (versions unchanged: %s); a change that alters it must bump one of them:\n got:\n%s\nwant:\n%s",
			path, strings.TrimSpace(versions.header()), body, want)
	}
	return nil
}

// Update writes body to the golden file at path for versions. It refuses,
// with ErrNoBump, when the file exists, was written for the same versions
// and holds different content: regenerating is for deliberate, versioned
// changes only.
func Update(path string, versions Versions, body []byte) error {
	if data, err := os.ReadFile(path); err == nil {
		head, old, _ := bytes.Cut(data, []byte("\n"))
		if string(head)+"\n" == versions.header() {
			if bytes.Equal(old, body) {
				return nil
			}
			return fmt.Errorf("%s: %w (%s): bump the version that this change alters, then run -update again",
				path, ErrNoBump, strings.TrimSpace(versions.header()))
		}
	}
	return os.WriteFile(path, append([]byte(versions.header()), body...), 0o644)
}

// Check is what a golden test does with its -update flag: Update when it is
// set, Compare otherwise.
func Check(path string, versions Versions, body []byte, update bool) error {
	if update {
		return Update(path, versions, body)
	}
	return Compare(path, versions, body)
}
