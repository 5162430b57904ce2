package nft

import (
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
)

// testCID is a real CIDv1 (raw, sha256) of s.
func testCID(t testing.TB, s string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(s))
	mh, err := multihash.Encode(sum[:], multihash.SHA2_256)
	if err != nil {
		t.Fatal(err)
	}
	return cid.NewCidV1(cid.Raw, mh).String()
}

func TestParseCID(t *testing.T) {
	good := testCID(t, "x")
	if _, err := ParseCID(good); err != nil {
		t.Fatalf("%s: %v", good, err)
	}
	for _, s := range []string{
		"",
		"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", // CIDv0
		strings.ToUpper(good),
		good[:len(good)-1],
		good + "a",
		"b" + strings.Repeat("a", 120),
		"bafy\x1b[2J",
		"zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA", // base58btc CIDv1
	} {
		if _, err := ParseCID(s); err == nil {
			t.Errorf("ParseCID(%q) accepted", s)
		}
	}
}

func TestPendingRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pending")
	p := Pending{
		ChainID:  "1337",
		Contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
		Token:    "7",
		Expected: testCID(t, "old"),
		Manifest: testCID(t, "new"),
		CoreID:   "core:abc/def",
		Reason:   "chain unreachable: connection refused",
	}
	path, err := SavePending(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	again, err := SavePending(dir, p)
	if err != nil || again != path {
		t.Fatalf("second save of the same pending: %v %v", again, err)
	}
	later := p
	later.Manifest = testCID(t, "newer")
	later.Created = time.Now().Add(time.Hour).UTC()
	if _, err := SavePending(dir, later); err != nil {
		t.Fatal(err)
	}
	list, err := ListPending(dir)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	if list[0].Manifest != p.Manifest || list[1].Manifest != later.Manifest {
		t.Fatal("not oldest first")
	}
	if list[0].TokenID().Int64() != 7 || list[0].Version != PendingVersion {
		t.Fatalf("read back %+v", list[0])
	}
	if err := list[0].Done(); err != nil {
		t.Fatal(err)
	}
	if list, _ := ListPending(dir); len(list) != 1 {
		t.Fatalf("after Done: %d", len(list))
	}
	if list, err := ListPending(filepath.Join(dir, "missing")); err != nil || len(list) != 0 {
		t.Fatalf("missing dir: %v %v", list, err)
	}
}

func TestPendingRejectsHostileFiles(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := testCID(t, "a"), testCID(t, "b")
	base := `"chain_id":"1337","contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","token":"1","expected":"` + c1 + `","manifest":"` + c2 + `","core_id":"core:x","created":"2026-01-01T00:00:00Z","reason":"down"`
	cases := map[string]string{
		"version":   `{"version":2,` + base + `}`,
		"duplicate": `{"version":1,"token":"2",` + base + `}`,
		"unknown":   `{"version":1,"extra":true,` + base + `}`,
		"escape":    `{"version":1,` + strings.Replace(base, `"down"`, `"\u001b[31mred"`, 1) + `}`,
		"token":     `{"version":1,` + strings.Replace(base, `"token":"1"`, `"token":"-1"`, 1) + `}`,
		"contract":  `{"version":1,` + strings.Replace(base, `0x5FbDB2315678afecb367f032d93F642f64180aa3`, `0x5FbDB`, 1) + `}`,
		"cid":       `{"version":1,` + strings.Replace(base, c2, "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", 1) + `}`,
		"huge":      `{"version":1,` + base + strings.Repeat(" ", maxPendingFile) + `}`,
	}
	for name, body := range cases {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if p, err := ReadPending(path); err == nil {
			t.Errorf("%s: accepted %+v", name, p)
		}
	}
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte(`{"version":1,`+base+`}`), 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := ListPending(dir)
	if len(list) != 1 || list[0].Path != good {
		t.Fatalf("valid file not listed beside the bad ones: %v", list)
	}
	if err == nil || !errors.Is(err, ErrBadPending) {
		t.Fatalf("bad files not reported: %v", err)
	}
}
