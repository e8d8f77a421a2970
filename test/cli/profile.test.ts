// `check --profile`: per step, the successors it emitted and the new states it reached first
// (biggest first, shares of the non-initial states), either branches, and states per depth that
// add up to the distinct states the search reports.

import { describe, expect, it } from "vitest";
import { specDir } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

const SPEC = `spec Profiled
var x: 0..7 = 0
var done: bool = false
process Chooser {
  step pick_value { choose v in 0..7 { x = v } }
  step settle { either { done = true } or { done = false } }
}
process Finisher {
  step finish { done = true }
}
check run { expect ok }
`;

describe("check --profile", () => {
  it("ranks the steps by the states they produce and counts states per depth", async () => {
    const r = await vmaspecInProcess(["check", "--profile", "p.vmaspec"], specDir({ "p.vmaspec": SPEC }));
    expect(r.code, r.stderr).toBe(0);
    const total = Number(/(\d+) distinct states,/.exec(r.stdout)![1]);
    const lines = r.stdout.split("\n");
    const head = lines.findIndex((l) => /^\s+step\s+where\s+fired\s+new states\s+share$/.test(l));
    const rows = lines.slice(head + 1, head + 4).map((l) => l.trim().split(/\s{2,}/));
    // Settling either way after each of the eight values makes the most new states: 24 of 49.
    expect(rows[0]).toEqual(["Chooser settle", "p.vmaspec:6", "32", "24", "49.0%"]);
    const fresh = rows.map((row) => Number(row[3].replace(/,/g, "")));
    expect(fresh.reduce((a, b) => a + b, 0)).toBe(total - 1);
    expect(fresh).toEqual([...fresh].sort((a, b) => b - a));
    expect(lines.some((l) => /^\s+branch 1 in Chooser settle\s+p\.vmaspec:6\s+\d+$/.test(l))).toBe(true);
    const depth = lines.findIndex((l) => l.includes("distinct states per depth"));
    const perDepth = lines
      .slice(depth + 1)
      .filter((l) => /^\s+\d+ #* *\d+$/.test(l))
      .map((l) => Number(l.trim().split(/\s+/).pop()));
    expect(perDepth[0]).toBe(1);
    expect(perDepth.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it("gives the profile in JSON and refuses it for a search on several threads", async () => {
    const dir = specDir({ "p.vmaspec": SPEC });
    const json = await vmaspecInProcess(["check", "--profile", "--json", "p.vmaspec"], dir);
    const run = JSON.parse(json.stdout.trim());
    const perDepth: number[] = run.profile.levelStates;
    expect(perDepth.reduce((a, b) => a + b, 0)).toBe(run.stats.distinctStates);
    expect(run.profile.stepNewStates.reduce((a: number, b: number) => a + b, 0)).toBe(
      run.stats.distinctStates - 1,
    );
    const parallel = await vmaspecInProcess(["check", "--profile", "--workers", "2", "p.vmaspec"], dir);
    expect(parallel.code).toBe(2);
    expect(parallel.stderr).toContain("--profile needs a search on one thread: drop --workers");
  });
});
