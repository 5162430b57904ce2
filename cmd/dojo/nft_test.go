package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft/chain"
)

// jsonRun runs a command with --json and decodes its one JSON document.
func jsonRun(t *testing.T, v any, args ...string) {
	t.Helper()
	out, err := run(t, append(args, "--json")...)
	if err != nil {
		t.Fatalf("dojo %s: %v", strings.Join(args, " "), err)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("dojo %s printed no JSON document: %v\n%s", strings.Join(args, " "), err, out)
	}
}

type mintJSON struct {
	Token    string `json:"token"`
	Owner    string `json:"owner"`
	Contract string `json:"contract"`
	TokenURI string `json:"token_uri"`
	GasUsed  uint64 `json:"gas_used"`
	CIDs     struct {
		Manifest, Brain, Memories, Form, Portrait string
	} `json:"cids"`
}

type saveJSON struct {
	Token, Previous, Manifest string
	CoreID                    string `json:"core_id"`
	Pending                   bool
}

type showJSON struct {
	Owner, Pointer string
	TokenURI       string `json:"token_uri"`
	Saves          string
	History        []struct{ Previous, Next, By string }
	Manifest       struct {
		Name string
		Dojo struct{ Core string }
	}
}

// trainCore records a little of a persona's play and trains from the
// fetched Core, as a player would between mint and save.
func trainCore(t *testing.T, dir, from string) string {
	t.Helper()
	demos := filepath.Join(dir, "demos")
	if _, err := run(t, "record", "--teacher", "bot:brawler", "--minutes", "0.3", "--out", demos); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "trained")
	if _, err := run(t, "train", "--core", from, "--demos", demos, "--out", out, "--epochs", "2", "--quiet"); err != nil {
		t.Fatal(err)
	}
	return out
}

func coreID(t *testing.T, dir string) string {
	t.Helper()
	c, err := brain.LoadCore(dir)
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.ID()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// nftFlow is the whole life of a fighter through the command line: mint,
// fetch, train, save, show, fetch again, fight by token id and verify the
// replay with the local Core. where holds the flags that say which chain and
// IPFS to use.
func nftFlow(t *testing.T, where ...string) (mintJSON, saveJSON) {
	dir := t.TempDir()
	var m mintJSON
	jsonRun(t, &m, append([]string{"mint", "--name", "Kestrel", "--archetype", "swift", "--random-form", "--seed", "7"}, where...)...)
	if m.Token != "1" || !strings.HasPrefix(m.CIDs.Manifest, "b") || m.TokenURI != "ipfs://"+m.CIDs.Manifest {
		t.Fatalf("mint: %+v", m)
	}
	minted := filepath.Join(dir, "minted")
	if _, err := run(t, append([]string{"fetch", "1", "--out", minted}, where...)...); err != nil {
		t.Fatal(err)
	}
	trained := trainCore(t, dir, minted)
	var s saveJSON
	jsonRun(t, &s, append([]string{"save", "--token", "1", "--core", trained}, where...)...)
	if s.Previous != m.CIDs.Manifest || s.Pending || s.CoreID != coreID(t, trained) {
		t.Fatalf("save: %+v", s)
	}
	var sh showJSON
	jsonRun(t, &sh, append([]string{"show", "1"}, where...)...)
	if sh.Pointer != s.Manifest || sh.Saves != "1" || len(sh.History) != 1 || sh.History[0].Previous != m.CIDs.Manifest ||
		sh.History[0].Next != s.Manifest || sh.Manifest.Dojo.Core != s.CoreID || sh.Owner != m.Owner {
		t.Fatalf("show: %+v", sh)
	}
	back := filepath.Join(dir, "back")
	if _, err := run(t, append([]string{"fetch", "1", "--out", back}, where...)...); err != nil {
		t.Fatal(err)
	}
	if coreID(t, back) != s.CoreID {
		t.Fatal("fetched Core differs from the saved one")
	}
	replay := filepath.Join(dir, "m.replay")
	var rep matchReport
	jsonRun(t, &rep, append([]string{"fight", "--p1", "token:1", "--p2", "bot:sparring", "--replay", replay}, where...)...)
	if rep.IDs[0] != s.CoreID {
		t.Fatalf("the replay names %q, not the saved Core %s", rep.IDs[0], s.CoreID)
	}
	if _, err := run(t, "replay", "verify", replay, "--p1", "core:"+back); err != nil {
		t.Fatalf("verify the token fight with the fetched Core: %v", err)
	}
	return m, s
}

func TestNFTFlowEmbedded(t *testing.T) {
	data := t.TempDir()
	m, _ := nftFlow(t, "--data-dir", data)
	if m.GasUsed == 0 {
		t.Fatal("no gas reported")
	}
	// A token the signer does not own: the save is refused and says why.
	var other mintJSON
	jsonRun(t, &other, "mint", "--name", "Gift", "--random-form", "--to", "0x000000000000000000000000000000000000dEaD", "--data-dir", data)
	core := filepath.Join(t.TempDir(), "c")
	if _, err := run(t, "fetch", other.Token, "--out", core, "--data-dir", data); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, "save", "--token", other.Token, "--core", core, "--data-dir", data)
	if !errors.Is(err, chain.ErrNotAuthorized) || !strings.Contains(err.Error(), "owner is 0x000000000000000000000000000000000000dEaD") {
		t.Fatalf("a stranger's save: %v", err)
	}
	// Usage errors are caught before anything opens.
	for _, args := range [][]string{
		{"mint", "--random-form"},
		{"mint", "--name", "x"},
		{"mint", "--name", "x", "--random-form", "--form", "f.json"},
		{"save", "--token", "x", "--core", core},
		{"show", "0"},
		{"fetch", "1"},
		{"mint", "--name", "x", "--random-form", "--rpc", "http://127.0.0.1:1"},
	} {
		if _, err := run(t, append(args, "--data-dir", data)...); !isUsage(err) {
			t.Errorf("dojo %s: %v, want a usage error", strings.Join(args, " "), err)
		}
	}
}

// TestNFTFlowRealServers runs the same flow against a real geth --dev and a
// real Kubo daemon, started by scripts/geth.sh and scripts/kubo.sh on
// 127.0.0.1 and stopped by PID, with a contract deployed by dojo deploy; and
// reads the fighter back with clients that are not Dojo's code: ethers.js
// (scripts/readback) and `ipfs cat`.
func TestNFTFlowRealServers(t *testing.T) {
	gethBin, ipfsBin := os.Getenv("DOJO_GETH_BIN"), os.Getenv("DOJO_IPFS_BIN")
	if gethBin == "" || ipfsBin == "" {
		t.Skip("DOJO_GETH_BIN and DOJO_IPFS_BIN not set: this suite runs under make test")
	}
	gdir, kdir := t.TempDir(), t.TempDir()
	script := func(name string) string { p, _ := filepath.Abs("../../scripts/" + name); return p }
	for _, s := range []struct{ script, dir string }{{"geth.sh", gdir}, {"kubo.sh", kdir}} {
		if out, err := exec.Command("bash", script(s.script), "start", s.dir).CombinedOutput(); err != nil {
			t.Fatalf("%s start: %v\n%s", s.script, err, out)
		}
		t.Cleanup(func() { exec.Command("bash", script(s.script), "stop", s.dir).Run() })
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b))
	}
	rpc, api := read(filepath.Join(gdir, "rpc.url")), read(filepath.Join(kdir, "api.url"))
	keys := []string{"--keystore", filepath.Join(gdir, "keystore"), "--password", filepath.Join(gdir, "password")}
	var dep struct{ Contract, Admin string }
	jsonRun(t, &dep, append([]string{"deploy", "--rpc", rpc, "--admin-delay", "0"}, keys...)...)
	where := append([]string{"--rpc", rpc, "--contract", dep.Contract, "--ipfs-api", api, "--data-dir", t.TempDir()}, keys...)
	_, s := nftFlow(t, where...)

	// ethers.js reads owner, tokenURI and the events straight from geth.
	rb, _ := filepath.Abs("../../scripts/readback")
	cmd := exec.Command("node", filepath.Join(rb, "readback.mjs"), rpc, dep.Contract, "1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("readback.mjs: %v", err)
	}
	var rb1 struct {
		Owner, TokenURI string
		ERC721, ERC4906 bool
		Updates         []struct{ Previous, Next, By string }
		MetadataUpdates int
	}
	if err := json.Unmarshal(out, &rb1); err != nil {
		t.Fatalf("readback: %v\n%s", err, out)
	}
	if rb1.TokenURI != "ipfs://"+s.Manifest || !rb1.ERC721 || !rb1.ERC4906 || len(rb1.Updates) != 1 ||
		rb1.Updates[0].Next != s.Manifest || rb1.MetadataUpdates != 1 || !strings.EqualFold(rb1.Owner, dep.Admin) {
		t.Fatalf("ethers.js read back %+v", rb1)
	}
	// The real ipfs command line serves the same Manifest the token points at.
	cat := exec.Command(ipfsBin, "cat", strings.TrimPrefix(rb1.TokenURI, "ipfs://"))
	cat.Env = append(os.Environ(), "IPFS_PATH="+filepath.Join(kdir, "repo"))
	manifest, err := cat.Output()
	if err != nil {
		t.Fatalf("ipfs cat: %v", err)
	}
	var m struct {
		Name string
		Dojo struct{ Core string }
	}
	if err := json.Unmarshal(manifest, &m); err != nil || m.Name != "Kestrel" || m.Dojo.Core != s.CoreID {
		t.Fatalf("ipfs cat of the tokenURI: %v %+v", err, m)
	}
}
