// Package strictjson reads JSON documents that come from outside (brain.json,
// a safetensors header, later manifests from IPFS) without the leniencies of
// encoding/json that let two readers see different documents: a key given
// twice in one object (encoding/json keeps the last one, other parsers the
// first), bytes that are not UTF-8 (silently replaced), more than one value,
// and, in Unmarshal, fields the target does not know.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of objects and arrays. Dojo's documents are
// a few levels deep; the bound keeps a hostile document from costing more
// than its size.
const MaxDepth = 64

// DuplicateKeyError reports an object that holds the same key twice.
type DuplicateKeyError struct {
	// Key is the repeated key.
	Key string
	// Path locates the object, e.g. `$.training` or `$.layers[2]`; `$` is
	// the whole document.
	Path string
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("duplicate key %s in the JSON object at %s", strconv.Quote(e.Key), e.Path)
}

// Check reports whether data is exactly one JSON value (surrounded by
// white space at most), valid UTF-8, nested at most MaxDepth deep, in which
// no object holds the same key twice at any depth. A repeated key gives a
// *DuplicateKeyError.
func Check(data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("JSON is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers are not converted, so none can fail here
	// One frame per open object or array, the innermost last.
	type frame struct {
		path    string
		object  bool
		keys    map[string]bool
		key     string // the last key read, in an object
		wantKey bool   // in an object: the next token is a key or '}'
		index   int    // in an array: the next element's index
	}
	var stack []*frame
	// value marks a value as read in the innermost frame and returns its
	// path.
	value := func() string {
		if len(stack) == 0 {
			return "$"
		}
		f := stack[len(stack)-1]
		if f.object {
			f.wantKey = true
			return f.path + pathKey(f.key)
		}
		f.index++
		return f.path + "[" + strconv.Itoa(f.index-1) + "]"
	}
	for {
		tok, err := dec.Token()
		switch {
		case err == io.EOF && len(stack) > 0:
			return io.ErrUnexpectedEOF
		case err == io.EOF:
			return errors.New("no JSON value")
		case err != nil:
			return err
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey && tok != json.Delim('}') {
			f := stack[n-1]
			key := tok.(string) // the decoder allows nothing else here
			if f.keys[key] {
				return &DuplicateKeyError{Key: key, Path: f.path}
			}
			f.keys[key] = true
			f.key, f.wantKey = key, false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) == MaxDepth {
				return fmt.Errorf("JSON nested deeper than %d levels", MaxDepth)
			}
			path := value()
			stack = append(stack, &frame{path: path, object: tok == json.Delim('{'), keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			value()
		}
		if len(stack) == 0 {
			if _, err := dec.Token(); err != io.EOF {
				return errors.New("data after the JSON value")
			}
			return nil
		}
	}
}

// pathKey is the path step to a key: .name, or ["key"] for a key that is
// not a plain name.
func pathKey(k string) string {
	plain := k != ""
	for _, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
		}
	}
	if plain {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

// Unmarshal checks data as Check does, then decodes it into v, refusing
// object keys that v has no field for.
func Unmarshal(data []byte, v any) error {
	if err := Check(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
