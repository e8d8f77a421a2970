// Initial states beyond one value per variable: a map variable in a function set (`in [K -> S]`),
// an `init` block with a local and a choice, and processes that start at a step other than their
// first (`process P at {s, t}`). Fixtures test/fixtures/lang/initial_states.vmaspec and
// start_steps.vmaspec; every count below is a hand count (each fixture's comments show it).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, checkFiles } from "../helpers/inprocess.js";

const fixture = (name: string) => path.join(repoRoot, "test/fixtures/lang", name);

describe("initial states", () => {
  it("start a map anywhere in [K -> S] and run init's let and choose: 20 initial, 45 reachable", async () => {
    const r = await checkFile(fixture("initial_states.vmaspec"));
    expect(r.runs.map((run) => [run.check, run.met, run.stats.distinctStates])).toEqual([
      ["initial", true, 20],
      ["reachable", true, 45],
    ]);
  });

  it("start each instance at any listed step: 4 initial, 9 reachable", async () => {
    const r = await checkFile(fixture("start_steps.vmaspec"));
    expect(r.runs.map((run) => [run.check, run.met, run.stats.distinctStates])).toEqual([
      ["initial", true, 4],
      ["reachable", true, 9],
    ]);
  });

  it("finds an invariant that is not inductive: a start at dec with c = 0 breaks Count at once", async () => {
    const spec = `spec S
var c: 0..2 = 0
process P[i in 1..2] at {inc, dec, done} {
  step inc { c += 1 }
  step dec { await c > 0; c -= 1 }
}
invariant Count: c == (if P[1] at dec then 1 else 0) + (if P[2] at dec then 1 else 0)
check c { expect violation Count }
`;
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.runs[0]).toMatchObject({ met: true, violation: { name: "Count", length: 0 } });
  });

  it("gives each instance its own map from a function set in a process local", async () => {
    const spec = `spec S
process P[i in 1..2] {
  var seen: [0..1 -> bool] in [0..1 -> bool]
  step s { seen[0] = true }
}
check c { max depth 0; expect ok; expect states 16 }
`;
    // Each instance: 2 * 2 = 4 maps; two instances: 16 initial states.
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.stderr).toBe("");
    expect(r.runs[0]).toMatchObject({ met: true, stats: { distinctStates: 16 } });
  });

  it("refuse a partial key set, a function set for a non-map, one used as a value, an unknown start", async () => {
    const cases: [string, RegExp][] = [
      [
        "var m: [0..2 -> bool] in [0..1 -> bool]",
        /main\.vmaspec:3:27: error\[T013\]: the keys of \[K -> S\] must be every key of \[0\.\.2 -> bool\]/,
      ],
      ["var y: 0..3 in [0..1 -> 0..1]", /main\.vmaspec:3:16: error\[T001\]: \[K -> S\] gives maps/],
      [
        "action B { choose m in [0..1 -> bool] { x = 1 } }",
        /main\.vmaspec:3:24: error\[T009\]: \[K -> S\] \(every map from K to S\) is only allowed as a map variable's initial values/,
      ],
      [
        "process P at {a, nope} { step a { x = 1 } }",
        /main\.vmaspec:3:18: error\[N006\]: process P has no step 'nope' to start at \(its steps: a, done\)/,
      ],
    ];
    for (const [line, message] of cases) {
      const r = await checkFiles({
        "main.vmaspec": `spec S\nvar x: 0..3 = 0\n${line}\naction A { x = 1 }\n`,
      });
      expect(r.code, line).toBe(2);
      expect(r.stderr, line).toMatch(message);
    }
  });
});
