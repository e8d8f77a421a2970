// Action properties, `property P: always [A]_v`: every step satisfies A, a relation between the
// state before it and the state after it (`x'`), or leaves v unchanged. A safety property checked
// on every transition, so the counterexample is the shortest path ending in the violating step,
// even when that step returns to a state already seen. Fixture:
// test/fixtures/lang/action_properties.vmaspec; counts below are hand counts.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, checkFiles, vmaspecInProcess } from "../helpers/inprocess.js";

const fixture = path.join(repoRoot, "test/fixtures/lang/action_properties.vmaspec");

describe("action properties", () => {
  it("meet the fixture's hand-counted verdicts, states and counterexamples", async () => {
    const r = await checkFile(fixture);
    const byName = Object.fromEntries(r.runs.map((run) => [run.check, run]));
    expect(r.runs.every((run) => run.met)).toBe(true);
    // x in 0..3 times y in 0..1: 8 states. Up changes x by +1, Toggle changes only y (a stutter
    // for x), so Monotonic, ByOne, Flips and Either hold.
    expect(byName.ok).toMatchObject({ outcome: "ok", stats: { distinctStates: 8 } });
    // With BUG: Up three times, then Reset from x = 3 to x = 0 (the initial state, already seen).
    for (const check of ["reset", "reset_by_one", "reset_either"]) {
      const v = byName[check].violation!;
      expect(v.length).toBe(4);
      expect(v.trace.map((s) => s.action)).toEqual(["initial state", "Up", "Up", "Up", "Reset"]);
    }
    expect(byName.reset.violation).toMatchObject({ kind: "invariant", name: "Monotonic" });
    expect(byName.reset_by_one.violation).toMatchObject({ name: "ByOne" });
    expect(byName.reset_either.violation).toMatchObject({ name: "Either" });
    expect(r.text).toContain("property Monotonic is violated by the last step");
  });

  it("find the same counterexample with two workers and with --por", async () => {
    for (const extra of [["--workers", "2"], ["--por"]]) {
      const r = await vmaspecInProcess(["check", fixture, "--check", "reset", "--json", ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout.trim().split("\n")[0]) as {
        met: boolean;
        violation: { name: string; length: number };
      };
      expect(run).toMatchObject({ met: true, violation: { name: "Monotonic", length: 4 } });
      const ok = await vmaspecInProcess(["check", fixture, "--check", "ok", ...extra]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    }
  });

  it("read process locals, program counters and fns in the next state", async () => {
    const spec = `spec S
var total: 0..6 = 0
fn doubled(): 0..12 = total * 2
process P[i in 1..2] {
  var mine: 0..3 = 0
  step a { mine += i; total += i }
  step b { mine = 0 }
}
property Sum: always [total' == total + P[1].mine' - P[1].mine + P[2].mine' - P[2].mine || P[1] at b || P[2] at b]_total
property Twice: always [doubled()' >= doubled()]_total
property Leaves: always [P[1] at b => (P[1] at b)' || (P[1] at done)']_(P[1].mine)
property ByOne: always [total' == total + 1]_total
check c { ignore ByOne; expect ok; expect states 9 }
check w { expect violation ByOne }
`;
    // Each instance: at a (mine 0), at b (mine i), done (mine 0): 3 x 3 = 9 states.
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.stderr).toBe("");
    expect(r.runs[0]).toMatchObject({ met: true, outcome: "ok", stats: { distinctStates: 9 } });
    // P[2]'s first step adds 2: a 1-step counterexample.
    expect(r.runs[1]).toMatchObject({ met: true, violation: { name: "ByOne", length: 1 } });
    expect(r.runs[1].violation!.trace.map((s) => s.action)).toEqual(["initial state", "P[2] a"]);
  });

  it("refuse a prime outside an action property, and a prime of a prime (T024)", async () => {
    const cases: [string, RegExp][] = [
      [
        "invariant I: x' >= x",
        /main\.vmaspec:4:14: error\[T024\]: x' \(a value in the next state\) is only allowed in an action property/,
      ],
      ["action B { x = x' }", /main\.vmaspec:4:16: error\[T024\]/],
      [
        "property P: always [x'' >= x]_x",
        /main\.vmaspec:4:21: error\[T024\]: a prime inside a primed expression/,
      ],
      [
        "property P: always [x' >= x]_",
        /main\.vmaspec:4:29: error\[S005\]: an action property needs what may stay unchanged/,
      ],
      [
        "property P: always [x' >= x]_x(x)",
        /error\[S005\]: write '_\(x, \.\.\.\)' to list several unchanged values/,
      ],
      ["property P: always [x' >= x]_z", /main\.vmaspec:4:30: error\[N001\]: unknown name .z./],
    ];
    for (const [line, message] of cases) {
      const r = await checkFiles({
        "main.vmaspec": `spec S\nvar x: 0..3 = 0\naction A { x = 1 }\n${line}\n`,
      });
      expect(r.code, line).toBe(2);
      expect(r.stderr, line).toMatch(message);
    }
  });

  it("keeps always of a sequence literal a state predicate", async () => {
    const spec = `spec S
var s: seq<0..1, 2> = [0]
action A { s = [0] }
property P: always [0] == s
check c { expect ok; expect states 1 }
`;
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.stderr).toBe("");
    expect(r.runs[0]).toMatchObject({ met: true, stats: { distinctStates: 1 } });
  });
});

describe("action properties in the simulator", () => {
  it("stop a random walk at the step that breaks one", async () => {
    // Up, Toggle and Reset are all the simulator can do; Reset (x from 3 to 0) breaks Monotonic
    // whenever a walk reaches x = 3 and takes it, which 20 runs of 50 steps do.
    const r = await vmaspecInProcess([
      "simulate",
      fixture,
      "--check",
      "reset",
      "--seed",
      "1",
      "--runs",
      "20",
    ]);
    expect(r.stdout + r.stderr).toContain("property Monotonic is violated by the last step");
    expect(r.stdout).toMatch(/Reset/);
  });
});
