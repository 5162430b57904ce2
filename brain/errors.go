package brain

import "errors"

// Errors callers can test with errors.Is, to tell a Core that is bad in
// itself (retrying will not help; another source might) from a failure to
// reach it (a missing file, a network error), which matches neither.
var (
	// ErrBadCore is matched by every error about the content of a Core: a
	// Brain spec that fails validation (format, archetype, shapes,
	// observation or action spec version), Memories that do not fit their
	// Brain, a parameter that is NaN, infinite or out of range, lineage
	// text that is not safe to show, a brain.json that is not one strict
	// JSON document, a file larger than any Core needs. Errors matching
	// ErrMemoriesFormat match it too.
	ErrBadCore = errors.New("bad core")
	// ErrMemoriesFormat is matched by errors about bytes that are not a
	// valid safetensors Memories file: a malformed or oversized header, a
	// key given twice, offsets that do not tile the data, missing or extra
	// tensors, a wrong dtype or shape, Dojo metadata that is absent or not
	// strict JSON.
	ErrMemoriesFormat = errors.New("not valid memories")
)

// kindError marks err as being of the given kinds for errors.Is, without
// changing its message.
type kindError struct {
	kinds []error
	err   error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return append([]error{e.err}, e.kinds...) }

// badCore marks err as ErrBadCore (nil stays nil).
func badCore(err error) error {
	if err == nil || errors.Is(err, ErrBadCore) {
		return err
	}
	return &kindError{kinds: []error{ErrBadCore}, err: err}
}

// badFormat marks err as ErrMemoriesFormat and ErrBadCore (nil stays nil).
func badFormat(err error) error {
	if err == nil || errors.Is(err, ErrMemoriesFormat) {
		return err
	}
	return &kindError{kinds: []error{ErrMemoriesFormat, ErrBadCore}, err: err}
}
