// Drives the tournament page at the URL given, in Debian's chromium
// (headless): registers entrants through the form (one of them refused by
// the server, whose error the page must show), starts a round robin through
// the other form, waits for the live progress to say it is finished, and
// checks the standings table and the replay links the page's script built.
// Exits 0 when all of it held, 1 with the reason otherwise.
const { chromium } = require("playwright-core");

async function main() {
  const url = process.argv[2];
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    for (const spec of ["bot:rushdown", "bot:zoner", "bot:random"]) {
      await page.fill("#spec", spec);
      await page.click("#register button");
      await page.waitForFunction(s => document.getElementById("entrants").textContent.includes(s), spec.slice(4));
    }
    await page.fill("#spec", "not a spec");
    await page.click("#register button");
    await page.waitForFunction(() => document.getElementById("register-error").textContent.includes("want bot:NAME"));
    await page.selectOption("#format", "double-round-robin");
    await page.click("#start button");
    await page.waitForFunction(() => document.getElementById("state").textContent.startsWith("finished"), null, { timeout: 60000 });
    await page.waitForFunction(() => document.querySelectorAll("#standings tr").length === 3);
    const state = await page.textContent("#state");
    if (!state.includes("12 of 12 games")) throw new Error("progress says: " + state);
    const links = await page.$$eval("#games a", as => as.map(a => a.getAttribute("href")));
    if (links.length !== 12 || !links.every(h => h.startsWith("/api/games/"))) throw new Error("replay links: " + links);
    const first = await page.textContent("#standings tr td:nth-child(2)");
    console.log("ok: standings led by " + first + ", " + links.length + " replays");
  } finally {
    await browser.close();
  }
}

main().catch(e => { console.error(e.message); process.exit(1); });
