package strictjson

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	ok := []string{
		`{}`, `[]`, `1`, `"s"`, `null`, ` {"a": 1} `, "{\"a\":1}\n",
		`{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}`,
		`{"x": 1e999}`, // numbers are not converted
		`[{"k": 1}, {"k": 1}]`,
		`{"é": "ü"}`,
	}
	for _, doc := range ok {
		if err := Check([]byte(doc)); err != nil {
			t.Errorf("Check(%s) = %v", doc, err)
		}
	}
	bad := []struct{ doc, want string }{
		{`{"a": 1, "a": 2}`, `duplicate key "a" in the JSON object at $`},
		{`{"training": {"method": "x", "method": "y"}}`, `duplicate key "method" in the JSON object at $.training`},
		{`{"l": [{"k": 1}, {"k": 1, "k": 2}]}`, `duplicate key "k" in the JSON object at $.l[1]`},
		{`{"dojo.lineage": {"a": [[{"z": 0, "z": 0}]]}}`, `at $["dojo.lineage"].a[0][0]`},
		{`{"a": 1} {"b": 2}`, "data after the JSON value"},
		{`{"a": 1} x`, "data after the JSON value"},
		{``, "no JSON value"},
		{`{"a": `, "unexpected EOF"},
		{`{"a" 1}`, "invalid character"},
		{"{\"a\": \"\xff\"}", "not valid UTF-8"},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), "nested deeper"},
	}
	for _, c := range bad {
		err := Check([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%.40q) = %v, want an error containing %q", c.doc, err, c.want)
		}
	}
	var dk *DuplicateKeyError
	if err := Check([]byte(`{"x": {"q\u001b": 1, "q\u001b": 2}}`)); !errors.As(err, &dk) || dk.Key != "q\x1b" || dk.Path != "$.x" {
		t.Errorf("duplicate key error %v (%+v)", err, dk)
	} else if strings.ContainsRune(err.Error(), 0x1b) {
		t.Errorf("the error message carries the raw key: %q", err)
	}
	if err := Check([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth))); err != nil {
		t.Errorf("nesting at MaxDepth: %v", err)
	}
}

func TestUnmarshal(t *testing.T) {
	var v struct {
		A int `json:"a"`
	}
	if err := Unmarshal([]byte(`{"a": 3}`), &v); err != nil || v.A != 3 {
		t.Fatalf("Unmarshal: %v, %+v", err, v)
	}
	for doc, want := range map[string]string{
		`{"a": 1, "a": 2}`: "duplicate key",
		`{"b": 1}`:         "unknown field",
		`{"a": 1}{}`:       "data after",
		`{"a": "x"}`:       "cannot unmarshal",
	} {
		if err := Unmarshal([]byte(doc), &v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Unmarshal(%s) = %v, want %q", doc, err, want)
		}
	}
}
