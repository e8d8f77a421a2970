// The browser tools in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
// installs) driven by puppeteer-core. What a person sees and does: the HTML report's lanes, step
// count and a clicked step's state; the explorer taken by clicks from the initial state to the
// violation of Peterson `broken` (the invariant panel turns red), back, and a loaded counterexample
// walked both ways; a hostile spec's pages running nothing of it. Without Chromium the tests fail
// under CI=true and are skipped, with the reason printed, elsewhere. Also: the screenshots in
// docs/ still show what the tools draw now (scripts/screenshots.ts).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  launchBrowser,
  PETERSON_BROKEN,
  screenshotInputs,
  SCREENSHOTS_RECORD,
  startExplore,
  takeSteps,
  writeReportOf,
} from "../../scripts/screenshots.js";
import { repoRoot, specDir } from "../helpers/cli.js";
import { HOSTILE_FILE, HOSTILE_SPEC } from "./hostile.js";

const executable = chromiumPath();
const missing = "no Chromium (looked for $VMASPEC_CHROMIUM, /usr/bin/chromium): apt-get install chromium";
if (!executable && process.env.CI !== "true") console.log(`skipping the browser tests: ${missing}`);

/** A fresh page that records script errors, dialogs and any request that leaves the machine. */
async function openPage(browser: Browser, url: string) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`script error: ${(e as Error).message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (!/^(file:|http:\/\/127\.0\.0\.1:|data:)/.test(r.url())) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (nodes) => nodes.map((n) => (n.textContent ?? "").trim()));

/** The heading of the state panel the report shows. */
const shownState = (page: Page) => page.$eval(".state-after:not([hidden]) h3", (h) => h.textContent ?? "");

describe.runIf(executable || process.env.CI === "true")("the browser tools in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!executable) throw new Error(`CI=true but ${missing}`);
    browser = await launchBrowser(executable);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the report of Peterson broken shows the lanes, the step count and a clicked step's state", async () => {
    const report = writeReportOf(["specs/peterson.vmaspec", "--check", "broken"]);
    const { page, problems } = await openPage(browser, `file://${report}`);
    expect(await texts(page, "svg.diagram .lane-name")).toEqual(["P[0]", "P[1]"]);
    expect(await page.$eval(".counterexample", (p) => p.textContent)).toContain(
      "Counterexample: 6 steps in 2 lanes",
    );
    expect(await page.$$eval("svg.diagram g.step", (g) => g.length)).toBe(7); // the initial state and 6 steps
    expect(await texts(page, "svg.diagram .violation-text")).toEqual(["invariant Mutex is violated"]);
    // At first the violating state; a click shows another, its change highlighted and its line lit.
    expect(await shownState(page)).toBe("State 6, after step 6: P[0] wait (peterson.vmaspec:12)");
    await page.click('g.step[data-step="1"] rect');
    expect(await shownState(page)).toBe("State 1, after step 1: P[1] want (peterson.vmaspec:10)");
    expect(await texts(page, ".state-after:not([hidden]) tr.changed td.name")).toEqual(["flag", "P[1].pc"]);
    expect(await texts(page, ".state-after:not([hidden]) tr.changed td:last-child")).toEqual([
      "[0 |-> false, 1 |-> false][0 |-> false, 1 |-> true]",
      "wantyield",
    ]);
    expect(await texts(page, ".line.hit")).toEqual(["10  step want     { flag[i] = true }"]);
    expect(await page.$eval("g.step.selected", (g) => g.getAttribute("data-step"))).toBe("1");
    // The keyboard walks the steps too.
    await page.keyboard.press("ArrowDown");
    expect(await shownState(page)).toBe("State 2, after step 2: P[1] yield (peterson.vmaspec:11)");
    expect(await texts(page, ".why .part.breaks")).toEqual([
      "P[0] at critical  = true   ← breaks it",
      "P[1] at critical  = true   ← breaks it",
    ]);
    expect(problems).toEqual([]);
  });

  it("the report of a seed spec's counterexample draws its lanes and shows its states", async () => {
    const report = writeReportOf(["specs/vma_refcount.vmaspec", "--check", "no_seq_check"]);
    const { page, problems } = await openPage(browser, `file://${report}`);
    expect(await texts(page, "svg.diagram .lane-name")).toEqual(["Reader[1]", "Writer"]);
    expect(await page.$eval(".counterexample", (p) => p.textContent)).toMatch(
      /^Counterexample: \d+ steps in 2 lanes/,
    );
    expect(await texts(page, "svg.diagram .violation-text")).toEqual([
      "invariant NoReadDuringWrite is violated",
    ]);
    await page.click('g.step[data-step="2"] rect');
    expect(await shownState(page)).toMatch(
      /^State 2, after step 2: Writer wait \(vma_refcount\.vmaspec:\d+\)$/,
    );
    expect(await texts(page, ".state-after:not([hidden]) tr.changed td.name")).toContain("vma_seq");
    expect(problems).toEqual([]);
  });

  it("the explorer goes by clicks from the initial state to Peterson broken's violation, and back", async () => {
    const explore = await startExplore(["specs/peterson.vmaspec", "--check", "broken"]);
    try {
      const { page, problems } = await openPage(browser, explore.url);
      await page.waitForSelector("#successors button.take");
      expect(await texts(page, "#successors .instance")).toEqual(["P[0]", "P[1]"]);
      expect(await texts(page, "#successors button.take .label")).toEqual(["P[0] want", "P[1] want"]);
      expect(await texts(page, "#successors button.take .changes")).toEqual([
        "flag[0]: false -> true; P[0].pc: want -> yield",
        "flag[1]: false -> true; P[1].pc: want -> yield",
      ]);
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(false);
      await takeSteps(page, PETERSON_BROKEN);
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(true);
      expect(await texts(page, "#invariant-list li.broken[data-invariant]")).toHaveLength(1);
      expect(await page.$eval("#invariant-list li.broken", (li) => li.textContent)).toContain(
        "Mutex is violated",
      );
      expect(await texts(page, "#path li")).toEqual(["initial state", ...PETERSON_BROKEN]);
      await page.click("#back");
      await page.waitForFunction(
        () => document.querySelector("#path li.current")?.textContent === "P[0] yield",
      );
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(false);
      // A click on the path goes back to that point.
      await page.click("#path li:nth-child(2)");
      await page.waitForFunction(() => document.querySelectorAll("#path li").length === 2);
      expect(await page.$eval("#depth", (d) => d.textContent)).toBe("1");
      expect(problems).toEqual([]);
    } finally {
      const stopped = await explore.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.output).toContain("vmaspec explore: stopped (SIGINT)");
    }
  });

  it("the explorer walks a counterexample loaded with --trace forwards and backwards", async () => {
    const dir = specDir({});
    const trace = join(dir, "broken.itf.json");
    writeReportOf(["specs/peterson.vmaspec", "--check", "broken", "--out", trace]);
    const explore = await startExplore(["specs/peterson.vmaspec", "--trace", trace]);
    try {
      const { page, problems } = await openPage(browser, explore.url);
      await page.waitForSelector("#trace-panel:not([hidden])");
      await page.click("#trace-end");
      await page.waitForFunction(() => document.querySelector("#trace-where")?.textContent === "step 6 of 6");
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(true);
      expect(await page.$eval("#trace-forward", (b) => (b as HTMLButtonElement).disabled)).toBe(true);
      await page.click("#trace-back");
      await page.waitForFunction(() => document.querySelector("#trace-where")?.textContent === "step 5 of 6");
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(false);
      expect(await texts(page, ".line.hit")).toEqual(["11  step yield    { if !BROKEN { turn = 1 - i } }"]);
      await page.click("#trace-start");
      await page.waitForFunction(() => document.querySelector("#trace-where")?.textContent === "step 0 of 6");
      await page.click("#trace-forward");
      await page.waitForFunction(
        () => document.querySelector("#path li.current")?.textContent === "P[1] want",
      );
      expect(problems).toEqual([]);
    } finally {
      expect((await explore.stop()).code).toBe(0);
    }
  });

  it("the explorer offers a choice of initial states, and restart goes back to it", async () => {
    const dir = specDir({
      "two.vmaspec": `spec Two
var x: 0..3 in {0, 2}
process P { step inc { await x < 3; x += 1 } }
invariant Low: x < 3
`,
    });
    const explore = await startExplore([join(dir, "two.vmaspec")]);
    try {
      const { page, problems } = await openPage(browser, explore.url);
      await page.waitForSelector("#initial-panel:not([hidden]) #initial button");
      expect(await texts(page, "#initial button")).toEqual([
        "Initial state 1: x = 0",
        "Initial state 2: x = 2",
      ]);
      await page.click("#initial button:nth-child(2)");
      await page.waitForSelector("#explore-panel:not([hidden]) #successors button.take");
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(false);
      await takeSteps(page, ["P inc"]);
      expect(await page.$eval("#invariants", (p) => p.classList.contains("bad"))).toBe(true);
      expect(await page.$eval("#end", (p) => p.textContent)).toBe("Every process has finished.");
      await page.click("#restart");
      expect(await page.$eval("#explore-panel", (p) => (p as HTMLElement).hidden)).toBe(true);
      expect(await page.$eval("#initial-panel", (p) => (p as HTMLElement).hidden)).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await explore.stop();
    }
  });

  it("runs nothing of a hostile spec: its report and its explorer show its text as text", async () => {
    const dir = specDir({ [HOSTILE_FILE]: HOSTILE_SPEC });
    const report = writeReportOf([join(dir, HOSTILE_FILE)]);
    const { page, problems } = await openPage(browser, `file://${report}`);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await texts(page, "svg.diagram .violation-text")).toEqual([
      expect.stringContaining("assert failed: </script><script>window.__pwned = 1</script>"),
    ]);
    const explore = await startExplore([join(dir, HOSTILE_FILE)]);
    try {
      const ex = await openPage(browser, explore.url);
      await ex.page.waitForSelector("#successors button.take");
      await takeSteps(ex.page, ["P a"]);
      expect(await texts(ex.page, "#successors button.take .changes")).toEqual([
        expect.stringContaining("assert failed: </script><script>"),
      ]);
      expect(await ex.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(ex.problems).toEqual([]);
    } finally {
      await explore.stop();
    }
    expect(problems).toEqual([]);
  });

  it("docs/report.png and docs/explore.png show the pages as they are drawn now (else: npm run docs:screenshots)", async () => {
    const recorded = JSON.parse(readFileSync(join(repoRoot, SCREENSHOTS_RECORD), "utf8")) as Record<
      string,
      string
    >;
    expect(await screenshotInputs()).toEqual(recorded);
  });
});
