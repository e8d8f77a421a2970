// Screenshots of the browser tools for the README and docs/browser.md, taken in headless Chromium
// (Debian's `chromium` package, driven by puppeteer-core): docs/report.png, the HTML report of
// Peterson's `broken` check with step 3 clicked, and docs/explore.png, the explorer after the six
// steps of the same violation were clicked, its invariant panel red. The pages they show are
// recorded in docs/screenshots.json (a SHA-256 of each, timings left out), and
// test/report/browser.test.ts fails when the pages no longer match: run `npm run docs:screenshots`.
// Also the helpers the browser tests share: finding Chromium, starting `vmaspec explore`.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { repoRoot } from "./gen-walkthrough.js";

export const SCREENSHOTS_RECORD = "docs/screenshots.json";

/** Where Chromium is: $VMASPEC_CHROMIUM, or Debian's `chromium`; undefined when absent. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.VMASPEC_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p) => p !== undefined && p !== "" && existsSync(p));
}

/** Headless Chromium (no sandbox: CI runs as root, and the pages are our own). */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const { default: puppeteer } = await import("puppeteer-core");
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--font-render-hinting=none"],
  });
}

/** The built command, as package.json's `bin` runs it. */
function cli(root: string): string {
  return path.join(root, "dist/bundle/vmaspec.js");
}

/** `vmaspec explore ARGS` running in a child process, with its URL once it printed it. */
export interface ExploreProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Sends SIGINT (Ctrl-C) and waits for the exit: its code and all it printed. */
  stop(): Promise<{ code: number | null; output: string }>;
}

/** Starts `vmaspec explore ARGS` from `root` and waits (at most 30 s) for the URL it prints. */
export function startExplore(args: string[], root = repoRoot()): Promise<ExploreProcess> {
  const child = spawn(process.execPath, [cli(root), "explore", ...args], { cwd: root, stdio: "pipe" });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`vmaspec explore printed no URL in 30 s:\n${out}`));
    }, 30_000);
    const look = () => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off("data", look);
      resolve({
        url: m[1],
        child,
        output: () => out,
        stop: async () => {
          child.kill("SIGINT");
          return { code: await exited, output: out };
        },
      });
    };
    child.stdout!.on("data", look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`vmaspec explore exited (${code}) before printing its URL:\n${out}`));
    });
  });
}

/** Writes the HTML report of `vmaspec check ARGS` to a temporary file; its path. */
export function writeReportOf(args: string[], root = repoRoot()): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "vmaspec-report-")), "report.html");
  const r = spawnSync(process.execPath, [cli(root), "check", ...args, "--html", out], {
    cwd: root,
    encoding: "utf8",
  });
  if (!existsSync(out)) throw new Error(`no report written (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return out;
}

/** A page's text minus what changes from run to run (the timings in the text report). */
export function pageDigest(html: string): string {
  const stable = html.replace(/\d+\.\d+ s\b/g, "‹time› s").replace(/[\d,]+ states\/s/g, "‹speed› states/s");
  return createHash("sha256").update(stable).digest("hex");
}

/** Clicks the steps whose labels are given, in order, on the explorer's page. */
export async function takeSteps(page: Page, labels: string[]): Promise<void> {
  for (const label of labels) {
    await page.click(`#successors button.take[data-label="${label}"]`);
    await page.waitForFunction(
      (l) => document.querySelector("#path li.current")?.textContent === l,
      {},
      label,
    );
  }
}

/** The six steps of Peterson's `broken` violation, as the checker prints them. */
export const PETERSON_BROKEN = [
  "P[1] want",
  "P[1] yield",
  "P[1] wait",
  "P[0] want",
  "P[0] yield",
  "P[0] wait",
];

/** The digests of the pages the screenshots show, as they would be recorded now. */
export async function screenshotInputs(root = repoRoot()): Promise<Record<string, string>> {
  const report = readFileSync(writeReportOf(["specs/peterson.vmaspec", "--check", "broken"], root), "utf8");
  const explore = await startExplore(["specs/peterson.vmaspec", "--check", "broken"], root);
  try {
    const page = await (await fetch(explore.url)).text();
    return { "docs/report.png": pageDigest(report), "docs/explore.png": pageDigest(page) };
  } finally {
    await explore.stop();
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  const executable = chromiumPath();
  if (!executable)
    throw new Error("no Chromium: install Debian's chromium package (apt-get install chromium)");
  const browser = await launchBrowser(executable);
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 760 });
    const report = writeReportOf(["specs/peterson.vmaspec", "--check", "broken"], root);
    await page.goto(`file://${report}`);
    await page.click('g.step[data-step="3"] rect');
    await page.screenshot({ path: path.join(root, "docs/report.png") });

    const explore = await startExplore(["specs/peterson.vmaspec", "--check", "broken"], root);
    try {
      await page.goto(explore.url);
      await page.waitForSelector("#successors button.take");
      await takeSteps(page, PETERSON_BROKEN);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(root, "docs/explore.png") });
    } finally {
      await explore.stop();
    }
  } finally {
    await browser.close();
  }
  writeFileSync(
    path.join(root, SCREENSHOTS_RECORD),
    `${JSON.stringify(await screenshotInputs(root), null, 2)}\n`,
  );
  console.log(`wrote docs/report.png, docs/explore.png and ${SCREENSHOTS_RECORD}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname))
  await main();
