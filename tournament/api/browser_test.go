package api

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The page in a real browser: Debian's chromium, headless, loads it from a
// server that has played a tournament, runs its script (which fetches the
// entrants and the standings and follows the event stream), and the DOM it
// ends with shows them.
func TestPageInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (make test installs it)")
	}
	_, ts := newTestServer(t)
	const j = "application/json"
	for _, spec := range []string{"bot:rushdown", "bot:zoner", "bot:random", "bot:nosuch"} {
		post(t, ts.URL+"/api/entrants", j, `{"spec":"`+spec+`"}`)
	}
	post(t, ts.URL+"/api/tournaments", j, `{"format":"round-robin","seed":"2"}`)
	waitFinished(t, ts.URL)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+t.TempDir(),
		"--virtual-time-budget=5000", "--dump-dom", ts.URL+"/")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	rows := regexp.MustCompile(`(?s)<tbody id="standings">(.*?)</tbody>`).FindStringSubmatch(dom)
	if rows == nil || strings.Count(rows[1], "<tr>") != 3 {
		t.Fatalf("the standings table was not filled in by the page's script:\n%s", dom)
	}
	for _, want := range []string{"rushdown", "finished (round-robin): 6 of 6 games", `href="/api/games/`, "excluded: no bot"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the page shows no %q", want)
		}
	}
}

// The page driven through its forms in the same browser (playwright-core
// from npm, with Debian's chromium): register, see a refusal, start, watch
// it finish live, read the standings and the replay links.
func TestPageFormsInChromium(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not installed (make test installs it)")
	}
	dir, _ := filepath.Abs("../../scripts/pagetest")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		t.Skip("playwright-core is not installed (make test runs npm ci in scripts/pagetest)")
	}
	_, ts := newTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, "drive.js"), ts.URL+"/")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("driving the page: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
