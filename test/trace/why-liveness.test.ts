// The why-panel of a liveness counterexample: for each process instance that could move in the
// lasso's cycle, whether it is fair, whether it runs, and what keeps weak fairness from forcing it
// (issue 16, item 3), in the text report and in `check --json`.
import { describe, expect, it } from "vitest";
import { checkFiles, vmaspecInProcess, writeSpec } from "../helpers/inprocess.js";
import { join } from "node:path";
import { dirname } from "node:path";

/** Inc cycles x through 0..3; Gate flips; Goal waits for gate && x == 2, which the shortest fair
 *  cycle never offers; Idle could make the goal true but is not fair. */
const LASSO = `spec Live
var x: 0..3 = 0
var gate: bool = false
var reached: bool = false
fair process Inc {
  step inc { if x < 3 { x += 1 } else { x = 0 }; goto inc }
}
fair process Gate {
  step flip { gate = !gate; goto flip }
}
fair process Goal {
  step g { await gate && x == 2; reached = true }
}
process Idle { step idle { reached = true } }
property Eventually: eventually reached
check c { expect violation Eventually }
`;

describe("the why-panel of a liveness counterexample", () => {
  it("names the fair instance disabled throughout the cycle and the unfair one that could help", async () => {
    const r = await checkFiles({ "main.vmaspec": LASSO });
    expect(r.code).toBe(0);
    expect(r.text).toContain("Why: the cycle is a fair behaviour");
    expect(r.text).toMatch(
      /Goal +fair +never runs: disabled in every state of the cycle \(waits at step g, the await at .*main\.vmaspec:12\)/,
    );
    expect(r.text).toMatch(/Inc +fair +runs in the cycle/);
    expect(r.text).toMatch(/Idle +not fair +never runs: enabled in 6 of 6 states of the cycle, but not fair/);
  });

  it("is carried by check --json as the violation's cycle", async () => {
    const r = await checkFiles({ "main.vmaspec": LASSO });
    const cycle = (r.runs[0].violation as unknown as { cycle: object[] }).cycle;
    expect(cycle).toEqual([
      {
        instance: "Goal",
        fair: true,
        runs: false,
        enabledIn: 0,
        disabledAt: { state: 0, step: "g", where: expect.stringMatching(/main\.vmaspec:12$/) },
      },
      { instance: "Inc", fair: true, runs: true, enabledIn: 6 },
      { instance: "Gate", fair: true, runs: true, enabledIn: 6 },
      { instance: "Idle", fair: false, runs: false, enabledIn: 6 },
    ]);
  });

  it("says a fair instance enabled only now and then is not forced by weak fairness", async () => {
    // Goal is enabled while gate is true, which Gate turns off again: enabled in some states only.
    const spec = LASSO.replace("await gate && x == 2", "await gate");
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.text).toMatch(
      /Goal +fair +never runs: enabled in \d of \d states of the cycle, not without a break/,
    );
  });

  it("is printed under replay --trace lanes too, and replay ends its lanes with the finding", async () => {
    const path = writeSpec(
      LASSO.replace("check c { expect violation Eventually }", "invariant Small: x < 2"),
    );
    const out = join(dirname(path), "t.itf.json");
    await vmaspecInProcess(["check", path, "--out", out]);
    const r = await vmaspecInProcess(["replay", path, out, "--trace", "lanes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Trace: 2 steps");
    expect(r.stdout).toMatch(/={20,}\n  state 2 violates invariant Small\n/);
    expect(r.stdout.match(/violates invariant Small/g)).toHaveLength(1);
  });
});
