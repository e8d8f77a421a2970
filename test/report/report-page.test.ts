// What `check --html` writes, read as text (the browser tests click through it): the lanes, the
// why-panel of each kind of violation (an invariant's parts, a lasso's cycle, a deadlock's waits),
// the states-per-depth chart, and the rule that only a vmaspec report is overwritten.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { specDir } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

/** `vmaspec check main.vmaspec --html report.html` on `spec`: the exit code, the page, the folder. */
async function report(spec: string, extra: string[] = []) {
  const dir = specDir({ "main.vmaspec": spec });
  const r = await vmaspecInProcess(["check", "main.vmaspec", "--html", "report.html", ...extra], dir);
  return { ...r, dir, page: r.code === 2 ? "" : readFileSync(join(dir, "report.html"), "utf8") };
}

const LASSO = `spec Live
var x: 0..1 = 0
var done: bool = false
fair process Flip { step flip { x = 1 - x; goto flip } }
process Finish { step finish { done = true } }
property Done: eventually done
check c { expect violation Done }
`;

const DEADLOCK = `spec Stuck
var a: bool = false
process P { step wait { await a } }
check c { expect violation }
`;

const FORALL = `spec Q
var held: set<0..2> = {}
process P[i in 0..2] { step take { held = held union {i} } }
invariant FewHeld: forall j in 0..2: !(j in held) || j == 0
check c { expect violation FewHeld }
`;

describe("the HTML report", () => {
  it("shows a quantifier's binding line with no value of its own", async () => {
    const r = await report(FORALL);
    expect(r.code).toBe(0);
    expect(r.page).toMatch(/<div class="part">\s*for j = 1:<\/div>/);
    expect(r.page).toContain("j == 0");
  });

  it("marks a lasso's cycle and says which instance could have helped and is not fair", async () => {
    const r = await report(LASSO);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/HTML report written to report\.html \(\d+ KiB, self-contained\)/);
    expect(r.page).toContain("the cycle starts (state 0)");
    expect(r.page).toContain("back to state 0: the cycle repeats forever");
    expect(r.page).toMatch(
      /<td class="mono">Finish<\/td><td>not fair<\/td><td>never runs: enabled in 2 of 2 states/,
    );
    expect(r.page).toMatch(/<td class="mono">Flip<\/td><td>fair<\/td><td>runs in the cycle<\/td>/);
  });

  it("shows what a deadlock waits on, and the states at each depth as a chart", async () => {
    const r = await report(DEADLOCK);
    expect(r.page).toContain("deadlock: no step is enabled and not every process has finished");
    expect(r.page).toMatch(/P +waits at step wait \(the await at main\.vmaspec:3\)/);
    expect(r.page).toContain('aria-label="distinct states at each of 1 depths"');
    expect(r.page).toContain("<title>depth 0: 1 states</title>");
  });

  it("replaces a report it wrote, and nothing else", async () => {
    const first = await report(DEADLOCK);
    const again = await vmaspecInProcess(["check", "main.vmaspec", "--html", "report.html"], first.dir);
    expect(again.code).toBe(0);
    writeFileSync(join(first.dir, "notes.html"), "<p>my notes</p>");
    const refused = await vmaspecInProcess(["check", "main.vmaspec", "--html", "notes.html"], first.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "vmaspec: notes.html exists and is not a vmaspec report: not overwritten (remove it or choose another file)\n",
    );
    expect(refused.stdout).toBe(""); // refused before any search ran
    expect(readFileSync(join(first.dir, "notes.html"), "utf8")).toBe("<p>my notes</p>");
  });

  it(
    "refuses a directory or a FIFO as the report, without waiting on the FIFO",
    { timeout: 20_000 },
    async () => {
      const dir = specDir({ "main.vmaspec": DEADLOCK });
      mkdirSync(join(dir, "sub"));
      execFileSync("mkfifo", [join(dir, "pipe.html")]);
      for (const [target, why] of [
        ["sub", "it is a directory"],
        ["pipe.html", "it is not a regular file"],
      ]) {
        const r = await vmaspecInProcess(["check", "main.vmaspec", "--html", target], dir);
        expect(r.code, target).toBe(2);
        expect(r.stderr).toBe(`vmaspec: cannot use ${target} for the report: ${why}\n`);
      }
    },
  );

  it("is written by simulate --html too", async () => {
    const dir = specDir({ "main.vmaspec": DEADLOCK });
    const r = await vmaspecInProcess(
      ["simulate", "main.vmaspec", "--seed", "7", "--runs", "5", "--html", "r.html"],
      dir,
    );
    expect(r.code).toBe(0);
    const page = readFileSync(join(dir, "r.html"), "utf8");
    expect(page).toContain("vmaspec simulate main.vmaspec");
    expect(page).toContain("Counterexample: 0 steps in 0 lanes");
  });
});
