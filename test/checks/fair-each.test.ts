// Per-value fairness of an action, `fair action A(each p in S)`: TLA+'s \A p \in S: WF_vars(A(p)),
// one fairness condition per value, against `fair action A(p in S)`, WF_vars(\E p \in S: A(p)).
// Fixture test/fixtures/fairness/fair_each.vmaspec: value 1 flips `flip`, value 2 sets `got`.
// Verdicts, state counts and lasso lengths are hand counts. Fairness is of <A>_vars: a step that
// changes nothing neither enables nor takes a sub-action, as in TLA+ (and TLC).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, checkFiles } from "../helpers/inprocess.js";

const fixture = path.join(repoRoot, "test/fixtures/fairness/fair_each.vmaspec");

describe("fair action with each", () => {
  it("meets the fixture's hand-counted verdicts, states and lasso lengths", async () => {
    const r = await checkFile(fixture);
    const byName = Object.fromEntries(r.runs.map((run) => [run.check, run]));
    expect(r.runs.every((run) => run.met)).toBe(true);
    // together (MODE 0): flip x got = 4 states. Flipping twice with m = 1 returns to the initial
    // state: a 2-step cycle that takes the action, so WF of the whole action holds on it.
    expect(byName.together.violation).toMatchObject({ kind: "liveness", name: "Got", length: 2 });
    expect(byName.together.stats).toMatchObject({ distinctStates: 4 });
    // each (MODE 1): m = 2 is enabled in every state where got is false and fair on its own.
    expect(byName.each).toMatchObject({ outcome: "ok", stats: { distinctStates: 4 } });
    // weak_each (MODE 2): free x flip x got = 8 states; Take(m=2) is enabled only while free.
    expect(byName.weak_each.violation).toMatchObject({ kind: "liveness", name: "Got" });
    expect(byName.weak_each.stats).toMatchObject({ distinctStates: 8 });
    // strong_each (MODE 3): the same 8 states; SF of Grab(m=2) (over both k) forces it.
    expect(byName.strong_each).toMatchObject({ outcome: "ok", stats: { distinctStates: 8 } });
  });

  it("never takes the starved value in the cycle, and the why-panel names that value", async () => {
    const r = await checkFile(fixture, { check: "weak_each" });
    const cycle = r.text.split("-- the cycle starts here")[1].split("-- back to")[0];
    // A cycle back to its start flips free and flip an even number of times each: at least 4
    // steps, with Take(m=1) and the Toggler both taken and Take(m=2) never.
    expect(cycle.match(/Step \d+:/g)!.length).toBeGreaterThanOrEqual(4);
    expect(cycle).toMatch(/Step \d+: Take\(m=1\)/);
    expect(cycle).toMatch(/Step \d+: Toggler flip/);
    expect(r.text).not.toMatch(/Step \d+: Take\(m=2\)/);
    expect(r.text).toMatch(
      /Take\(m=2\) +fair +never runs: enabled in \d of \d states of the cycle, not without a break/,
    );
    expect(r.text).toMatch(/Take\(m=1\) +fair +runs in the cycle/);
  });

  it("does not count a step that changes nothing as taking the action (TLA+'s <A>_vars)", async () => {
    // Send(m=1) with flip unchanged is a stutter: WF of the whole action forces Send(m=2).
    const spec = `spec S
var got: bool = false
var once: bool = false
fair action Send(m in 1..2) { if m == 1 { once = true } else { got = true } }
property Got: eventually got
check c { expect ok; expect states 4 }
`;
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.runs[0]).toMatchObject({ met: true, outcome: "ok", stats: { distinctStates: 4 } });
  });

  it("refuses each on an action that is not fair (T023), at the word", async () => {
    const spec = "spec S\nvar x: 0..3 = 0\naction A(each m in 1..2) { x = m }\n";
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /main\.vmaspec:3:10: error\[T023\]: 'each' on a parameter of action A, which is not fair/,
    );
  });

  it("keeps each as a name: a parameter, variable or step may be called each", async () => {
    const spec = `spec S
var x: 0..2 = 0
fair action A(each in 1..2) { x = each }
process each { step each { x = x } }
property P: eventually x != 0
check c { expect ok; expect states 6 }
`;
    // x in 0..2 times the process at each or done: 6 states.
    const r = await checkFiles({ "main.vmaspec": spec });
    expect(r.stderr ?? "").toBe("");
    expect(r.runs[0]).toMatchObject({ met: true, stats: { distinctStates: 6 } });
  });
});
