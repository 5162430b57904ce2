package strictjson

import (
	"encoding/json"
	"testing"
)

// FuzzCheck: Check never panics, and accepts only what encoding/json
// accepts as one valid document.
//
//	go test ./internal/strictjson -run '^$' -fuzz FuzzCheck -fuzztime 30s
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[{"c":"d"}]}`, `{"a":1,"a":2}`, `[[],{}]`, `"x"`, `{"__metadata__":{"k":"v"},"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		if Check(data) == nil && !json.Valid(data) {
			t.Fatalf("Check accepted %q, which is not valid JSON", data)
		}
	})
}
