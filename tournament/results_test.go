package tournament

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func sampleResults(t *testing.T) *Results {
	t.Helper()
	es := bots(t, "rushdown", "zoner", "random")
	r, err := Run(context.Background(), es, Config{Format: "round-robin", Seed: 2, Workers: 2, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResultsRoundTripAndRefusals(t *testing.T) {
	r := sampleResults(t)
	data, err := MarshalResults(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseResults(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Games) != len(r.Games) || back.Games[3].FinalHash != r.Games[3].FinalHash {
		t.Fatal("round trip lost games")
	}
	s := string(data)
	g0 := r.Games[0]
	for name, bad := range map[string]string{
		"version":        strings.Replace(s, `"version": 1`, `"version": 2`, 1),
		"tournament":     strings.Replace(s, `"tournament": "sha256:`, `"tournament": "sha1:`, 1),
		"format":         strings.Replace(s, `"round-robin"`, `"knockout"`, 1),
		"winner":         strings.Replace(s, `"winner": `+itoa(g0.Winner), `"winner": 7`, 1),
		"hash":           strings.Replace(s, g0.FinalHash, "xyz", 1),
		"players":        strings.Replace(s, `"players": [`+"\n        \""+g0.Players[0], `"players": [`+"\n        \"bot:zz@1", 1),
		"duplicate key":  strings.Replace(s, `"seed": "2"`, `"seed": "2", "seed": "3"`, 1),
		"escape in name": strings.Replace(s, `"name": "zoner"`, `"name": "zo\u001b[2Jner"`, 1),
		"unknown field":  strings.Replace(s, `"seed": "2"`, `"seed": "2", "extra": 1`, 1),
		"game id twice":  strings.Replace(s, `"id": "`+r.Games[1].ID+`"`, `"id": "`+g0.ID+`"`, 1),
		"core":           strings.Replace(s, `"cores": [`+"\n        \"\"", `"cores": [`+"\n        \""+someCID+`"`, 1),
		"replay cid":     strings.Replace(s, `"final_hash"`, `"replay": "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", "final_hash"`, 1),
		"manifest cid":   strings.Replace(s, `"name": "zoner"`, `"name": "zoner", "manifest": "bafy\u001b"`, 1),
	} {
		if bad == s {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if _, err := ParseResults([]byte(bad)); !errors.Is(err, ErrBadResults) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// someCID is a well-formed CIDv1 (raw, sha2-256) that names no entrant.
const someCID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"

func itoa(n int) string {
	if n < 0 {
		return "-" + string(rune('0'-n))
	}
	return string(rune('0' + n))
}

func FuzzParseResults(f *testing.F) {
	f.Add([]byte(`{"version":1,"format":"swiss","seed":"1","rules_version":2,"entrants":[],"games":[],"standings":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseResults(data)
		if err != nil {
			return
		}
		out, err := MarshalResults(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseResults(out); err != nil {
			t.Fatalf("a document that parsed does not parse again: %v", err)
		}
	})
}
