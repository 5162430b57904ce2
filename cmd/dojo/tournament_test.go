package main

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/nft/connect"
	"github.com/dojo-arena/dojo/tournament"
)

// A Swiss tournament on the embedded defaults between bots, a Core directory
// and a minted token: it runs, excludes an entrant whose Core cannot be read
// (and goes on), flags a copy of another entrant's Memories, stores results
// and replays on IPFS, and verify-result confirms every game, then names the
// games of a forged document.
func TestTournamentAndVerifyResult(t *testing.T) {
	data := t.TempDir()
	core := filepath.Join(t.TempDir(), "mine")
	if _, err := run(t, "core", "new", "--archetype", "swift", "--seed", "3", "--out", core); err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(t.TempDir(), "copied")
	if _, err := run(t, "core", "new", "--archetype", "swift", "--seed", "3", "--out", copied); err != nil {
		t.Fatal(err)
	}
	var m mintJSON
	jsonRun(t, &m, "mint", "--name", "Kestrel", "--archetype", "swift", "--random-form", "--seed", "7", "--data-dir", data)
	out := filepath.Join(t.TempDir(), "t")
	var got struct {
		Results  string               `json:"results"`
		CID      string               `json:"cid"`
		Rows     []tournament.Row     `json:"standings"`
		Entrants []tournament.Entrant `json:"entrants"`
	}
	jsonRun(t, &got, "tournament", "--data-dir", data, "--format", "swiss", "--rounds", "3", "--workers", "2", "--out", out,
		"--entrants", "bot:rushdown,bot:zoner,bot:random,core:"+core+",core:"+copied+",core:/nonexistent,token:"+m.Token)
	if len(got.Entrants) != 7 || got.Entrants[5].Excluded == "" || got.Entrants[6].Manifest == "" {
		t.Fatalf("entrants: %+v", got.Entrants)
	}
	// The copied directory is the same Core: flagged as a copy, and
	// excluded as the same fighter entered twice.
	if c := got.Entrants[4]; len(c.Flags) != 1 || !strings.Contains(c.Flags[0], "byte-identical") || !strings.Contains(c.Excluded, "entered twice") {
		t.Fatalf("the copied Core is not flagged and excluded: %+v", c)
	}
	if len(got.Rows) != 5 || got.CID == "" {
		t.Fatalf("standings %+v", got.Rows)
	}
	if _, err := os.Stat(filepath.Join(data, "ratings.json")); err != nil {
		t.Fatal("no ratings kept:", err)
	}
	// The ratings are on the leaderboard.
	if lb, err := run(t, "leaderboard", "--data-dir", data); err != nil || !strings.Contains(lb, "rushdown") || !strings.Contains(lb, "Kestrel") {
		t.Fatalf("leaderboard: %v\n%s", err, lb)
	}
	// Verified from the file and from IPFS.
	for _, where := range []string{got.Results, got.CID} {
		if out, err := run(t, "verify-result", where, "--data-dir", data); err != nil || !strings.Contains(out, "confirmed") {
			t.Fatalf("verify-result %s: %v\n%s", where, err, out)
		}
	}
	doc, _ := os.ReadFile(got.Results)
	res, err := tournament.ParseResults(doc)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Games[2]
	if g.Error != "" {
		t.Fatalf("game %s failed: %s", g.ID, g.Error)
	}
	res.Games[2].Winner = 1 - max(g.Winner, 0)
	forged := filepath.Join(t.TempDir(), "forged.json")
	b, _ := tournament.MarshalResults(res)
	os.WriteFile(forged, b, 0o600)
	out2, err := run(t, "verify-result", forged, "--data-dir", data)
	if err == nil || !strings.Contains(out2, "game "+g.ID+": the record says winner") {
		t.Fatalf("a forged winner: %v\n%s", err, out2)
	}
	// The same tournament again in the same --out is refused without --resume.
	if _, err := run(t, "tournament", "--data-dir", data, "--format", "swiss", "--rounds", "3", "--out", out, "--entrants", "bot:rushdown,bot:zoner"); err == nil {
		t.Fatal("a second tournament over the first one's journal was accepted")
	}
}

// A token whose pointer was moved to a manifest grafted onto another
// token's history (the "copy the champion" attack, done through the chain)
// is excluded: its history does not lead back to its own first manifest.
func TestTournamentExcludesAGraftedHistory(t *testing.T) {
	data := t.TempDir()
	var champion, thief mintJSON
	jsonRun(t, &champion, "mint", "--name", "Champion", "--archetype", "swift", "--random-form", "--seed", "1", "--data-dir", data)
	jsonRun(t, &thief, "mint", "--name", "Thief", "--archetype", "swift", "--random-form", "--seed", "2", "--data-dir", data)
	ctx := context.Background()
	env, err := connect.Open(ctx, connect.Options{DataDir: data, NeedKey: true, Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	a := env.Agents
	champ, err := a.Fetch(ctx, big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	mine, err := a.Fetch(ctx, big.NewInt(2))
	if err != nil {
		t.Fatal(err)
	}
	// The champion's Core and history, under the thief's token (same
	// archetype and Form as the thief's, so that only the history tells).
	pub, err := nft.Publish(ctx, a.Store, nft.PublishInput{Name: "Thief", Core: champ.Core, Form: mine.Form, Previous: champ.Link(), Save: 1,
		Token: &nft.Token{ChainID: a.ChainID.Uint64(), Contract: a.Registry.Address().Hex(), ID: "2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Registry.UpdateCore(ctx, a.Auth, big.NewInt(2), mine.ManifestCID.String(), pub.ManifestCID.String()); err != nil {
		t.Fatal(err)
	}
	env.Close()
	var got struct {
		Entrants []tournament.Entrant `json:"entrants"`
	}
	jsonRun(t, &got, "tournament", "--data-dir", data, "--entrants", "token:1,token:2,bot:random", "--out", filepath.Join(t.TempDir(), "t"))
	if !strings.Contains(got.Entrants[1].Excluded, "leads back to") || got.Entrants[0].Excluded != "" {
		t.Fatalf("entrants: %+v", got.Entrants)
	}
}
