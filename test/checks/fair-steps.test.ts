// Fairness of one step (`fair step`) and of an action (`fair action`), weak and strong: TLA+'s
// WF/SF on sub-actions. The fixture (test/fixtures/fairness/fair_steps.vmaspec) has a fair
// Toggler flipping `free` forever; MODE picks which other part may move. Verdicts, state counts
// and lasso lengths below are hand counts; each "ok" is met only thanks to the fairness named.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, checkFiles } from "../helpers/inprocess.js";

const fixture = path.join(repoRoot, "test/fixtures/fairness/fair_steps.vmaspec");

describe("fair step and fair action", () => {
  it("meet the fixture's hand-counted verdicts, states and lasso lengths", async () => {
    const r = await checkFile(fixture);
    const byName = Object.fromEntries(r.runs.map((run) => [run.check, run]));
    expect(r.runs.every((run) => run.met)).toBe(true);
    // fair_step (MODE 0): free x done = 4 states; Doer's fair step must finish.
    expect(byName.fair_step).toMatchObject({ outcome: "ok", stats: { distinctStates: 4 } });
    // unfair_step (MODE 7): the same step without `fair` is skipped forever while Toggler flips:
    // initial state (free = true), then the cycle false, true: 2 steps.
    expect(byName.unfair_step.violation).toMatchObject({ kind: "liveness", name: "LazyDone", length: 2 });
    // weak_step (MODE 1): take is enabled only while free (every other state): WF does not force it.
    expect(byName.weak_step.violation).toMatchObject({ kind: "liveness", name: "Gets", length: 2 });
    // strong_step (MODE 2): SF forces it (enabled infinitely often).
    expect(byName.strong_step).toMatchObject({ outcome: "ok", stats: { distinctStates: 4 } });
    // Actions: fair (MODE 3) ok, unfair (MODE 4) a 2-step lasso, weak on an intermittent
    // action (MODE 5) a 2-step lasso, strong (MODE 6) ok.
    // free x box in 0..2 = 6 states; with Grab only box 0 or 2: 4.
    expect(byName.fair_action).toMatchObject({ outcome: "ok", stats: { distinctStates: 6 } });
    expect(byName.unfair_action.violation).toMatchObject({ kind: "liveness", name: "Boxed", length: 2 });
    expect(byName.weak_action.violation).toMatchObject({ kind: "liveness", name: "Boxed", length: 2 });
    expect(byName.strong_action).toMatchObject({ outcome: "ok", stats: { distinctStates: 4 } });
  });

  it("names the fair step or action that was enabled and never taken in the why-panel", async () => {
    const step = await checkFile(fixture, { check: "weak_step" });
    expect(step.text).toMatch(/WeakTaker\.take +fair +never runs: enabled in 1 of 2 states of the cycle/);
    const action = await checkFile(fixture, { check: "weak_action" });
    expect(action.text).toMatch(/Snatch +fair +never runs: enabled in 1 of 2 states of the cycle/);
  });

  it("is a fairness of the step alone: a fair step does not make the instance's other steps fair", async () => {
    // Worker's first step is plain, so it may never run even though its second step is fair.
    const spec = `spec S
var done: bool = false
var started: bool = false
var free: bool = true
fair process Toggler { step flip { free = !free; goto flip } }
process Worker { step start { started = true } fair step finish { done = true } }
property Done: eventually done
check c { expect violation Done }
`;
    const r = await checkFiles({ "main.vmaspec": spec });
    // Initial state, then the Toggler's 2-state cycle with Worker never starting: 2 steps.
    expect(r.runs[0].violation).toMatchObject({ kind: "liveness", name: "Done", length: 2 });
  });

  it("refuses a fair step in a proc (T022), strong without fair, and fair elsewhere", async () => {
    const proc = `spec S
var x: 0..3 = 0
proc p() {
  strong fair step a { x = 1 }
}
process P { step s { call p() } }
`;
    const bad = await checkFiles({ "main.vmaspec": proc });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/main\.vmaspec:4:3: error\[T022\]: step a of proc p cannot be 'strong fair'/);
    const noFair = await checkFiles({
      "main.vmaspec": "spec S\nvar x: 0..3 = 0\nstrong action A { x = 1 }\n",
    });
    expect(noFair.code).toBe(2);
    expect(noFair.stderr).toMatch(/error\[S\d+\]/);
    // `fair step` outside a process, and `fair` before a declaration that has no fairness.
    for (const line of ["fair step a { x = 1 }", "fair invariant I: x < 3"]) {
      const r = await checkFiles({
        "main.vmaspec": `spec S\nvar x: 0..3 = 0\nprocess P { step a { x = 1 } }\n${line}\n`,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/main\.vmaspec:4:1: error\[S002\]: expected a declaration but found 'fair'/);
    }
  });
});
