package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft/agent"
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
func nftFlow(t *testing.T, where ...string) (mintJSON, saveJSON, string) {
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
	return m, s, back
}

func TestNFTFlowEmbedded(t *testing.T) {
	data := t.TempDir()
	m, _, _ := nftFlow(t, "--data-dir", data)
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
	// A wrong keystore passphrase says so, and prints no key material.
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("not-the-passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, "save", "--token", "1", "--core", core, "--data-dir", data, "--keystore", filepath.Join(data, "keystore"), "--password", pw)
	if !errors.Is(err, chain.ErrBadPassphrase) || strings.Contains(err.Error(), "not-the-passphrase") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	devPass, _ := os.ReadFile(filepath.Join(data, "dev.password"))
	if strings.Contains(err.Error(), string(devPass)) {
		t.Fatal("the error holds the real passphrase")
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
	_, s, back := nftFlow(t, where...)

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

	// The chain goes down: the save reaches IPFS, is kept pending, and the
	// exit status says it failed.
	if out, err := exec.Command("bash", script("geth.sh"), "stop", gdir).CombinedOutput(); err != nil {
		t.Fatalf("stop geth: %v\n%s", err, out)
	}
	saveOut, err := run(t, append([]string{"save", "--token", "1", "--core", back, "--json", "--timeout", "20s"}, where...)...)
	var p saveJSON
	if !errors.Is(err, agent.ErrPending) || json.Unmarshal([]byte(saveOut), &p) != nil || !p.Pending || p.Previous != s.Manifest {
		t.Fatalf("save with the chain down: %v\n%s", err, saveOut)
	}
	if code := exitCode(err); code == 0 {
		t.Fatal("a pending save exited 0")
	}
	// It comes back (same datadir, a new port): sync moves the pointer.
	if out, err := exec.Command("bash", script("geth.sh"), "start", gdir).CombinedOutput(); err != nil {
		t.Fatalf("restart geth: %v\n%s", err, out)
	}
	rpc = read(filepath.Join(gdir, "rpc.url"))
	where[1] = rpc
	if _, err := run(t, append([]string{"sync"}, where...)...); err != nil {
		t.Fatalf("sync: %v", err)
	}
	var sh showJSON
	jsonRun(t, &sh, append([]string{"show", "1"}, where...)...)
	if sh.Pointer != p.Manifest || sh.Saves != "2" {
		t.Fatalf("after sync the token points at %s (%s saves), want %s", sh.Pointer, sh.Saves, p.Manifest)
	}
}

// exitCode is the exit status execute gives err.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// TestNode runs dojo node in process on free ports: it prints one JSON line
// before serving, another dojo command attaches to it instead of failing on
// the held data directory, a plain HTTP client reads the Manifest through
// its gateway and a JSON-RPC call reads tokenURI, and it stops when told.
func TestNode(t *testing.T) {
	data := t.TempDir()
	var m mintJSON
	jsonRun(t, &m, "mint", "--name", "Served", "--random-form", "--seed", "3", "--data-dir", data)

	ctx, stop := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		root := newRootCmd()
		root.SetOut(pw)
		root.SetErr(io.Discard)
		root.SetArgs([]string{"node", "--data-dir", data, "--listen-rpc", "127.0.0.1:0", "--listen-gateway", "127.0.0.1:0", "--listen-ipfs-api", "127.0.0.1:0", "--json"})
		done <- root.ExecuteContext(ctx)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		stop()
		t.Fatalf("node printed nothing: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	var n struct {
		ChainID  uint64 `json:"chain_id"`
		RPC      string `json:"rpc"`
		Gateway  string `json:"gateway"`
		Contract string `json:"contract"`
	}
	if err := json.Unmarshal([]byte(line), &n); err != nil || n.ChainID != chain.DevChainID || n.Contract != m.Contract {
		stop()
		t.Fatalf("node's line %q: %v", line, err)
	}

	// Another command on the same data directory attaches.
	var sh showJSON
	jsonRun(t, &sh, "show", "1", "--data-dir", data)
	if sh.Pointer != m.CIDs.Manifest {
		t.Fatalf("show through the node: %+v", sh)
	}
	// A browser's view: the Manifest and the portrait through the gateway.
	for _, c := range []string{m.CIDs.Manifest, m.CIDs.Portrait} {
		resp, err := http.Get(n.Gateway + "/ipfs/" + c)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(body) == 0 {
			t.Fatalf("gateway %s: %s", c, resp.Status)
		}
	}
	// A standard Ethereum client's view: eth_call of tokenURI(1) over raw JSON-RPC.
	call := `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"` + n.Contract +
		`","data":"0xc87b56dd0000000000000000000000000000000000000000000000000000000000000001"},"latest"]}`
	resp, err := http.Post(n.RPC, "application/json", strings.NewReader(call))
	if err != nil {
		t.Fatal(err)
	}
	var rpcOut struct{ Result string }
	json.NewDecoder(resp.Body).Decode(&rpcOut)
	resp.Body.Close()
	raw, _ := hex.DecodeString(strings.TrimPrefix(rpcOut.Result, "0x"))
	if !strings.Contains(string(raw), "ipfs://"+m.CIDs.Manifest) {
		t.Fatalf("tokenURI over JSON-RPC: %q", rpcOut.Result)
	}

	stop()
	if err := <-done; err != nil {
		t.Fatalf("node stopped with %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "node.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("node.json left behind")
	}
	// The directory is free again.
	jsonRun(t, &sh, "show", "1", "--data-dir", data)
}
