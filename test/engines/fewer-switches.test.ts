// Counterexamples regrouped by process (src/engines/fewer-switches.ts): as short as breadth-first
// search found them, ending in the same state, a real behaviour of the model (each step re-found
// among its predecessor's successors), with no more process switches — and with the fewest
// possible where the answer is known.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runCheck } from "../../src/checks/run.js";
import { stepTo } from "../../src/engines/counterexample.js";
import { switchCount, withFewerSwitches } from "../../src/engines/fewer-switches.js";
import type { Model } from "../../src/model/model.js";
import type { Trace, TraceStep } from "../../src/engines/result.js";

const root = path.resolve(import.meta.dirname, "../..");

/** Two processes that each count to three; the invariant fails once both have. */
const TWO_COUNTERS = `spec TwoCounters
var a: 0..3 = 0
var b: 0..3 = 0
process P {
  step p1 { a = a + 1 }
  step p2 { a = a + 1 }
  step p3 { a = a + 1 }
}
process Q {
  step q1 { b = b + 1 }
  step q2 { b = b + 1 }
  step q3 { b = b + 1 }
}
invariant NotBoth: a < 3 || b < 3
check both { expect violation NotBoth }
`;

async function violations(
  file: string,
  rawTrace: boolean,
): Promise<{ name: string; model: Model; trace: Trace }[]> {
  const fe = frontEnd(file);
  const found = [];
  for (const decl of fe.front!.program.root.ast.decls) {
    if (decl.kind !== "check") continue;
    const plan = planOf(decl, { consts: [], rawTrace });
    if (plan.expect.verdict !== "violation") continue; // the counterexamples, not the long searches
    const run = await runCheck(fe.front!, plan);
    const v = run.result?.violation;
    if (v && v.kind !== "liveness") found.push({ name: decl.name.name, model: run.model!, trace: v.trace });
  }
  return found;
}

const switches = (model: Model, trace: Trace) =>
  switchCount(model, [
    ...trace.steps.map((s) => s.transition),
    ...(trace.failingStep ? [trace.failingStep] : []),
  ]);

/** The trace from the (single) initial state that fires the named steps in order. */
function walk(model: Model, names: string[]): Trace {
  let initial: Int32Array | undefined;
  model.initialStates({ next: (slots) => void (initial ??= slots.slice()) });
  const trace: Trace = { initial: initial!, steps: [] };
  let state = initial!;
  for (const name of names) {
    let next: TraceStep | undefined;
    model.successors(state, {
      next: (slots, t) => {
        if (!next && model.steps[t.step].name === name)
          next = { transition: { ...t, choices: t.choices.slice() }, state: slots.slice() };
      },
    });
    trace.steps.push(next!);
    state = next!.state;
  }
  return trace;
}

/** Each step of `trace` is a successor of the state before it, by the transition it names. */
function expectRuns(model: Model, trace: Trace): void {
  let state = trace.initial!;
  for (const [i, step] of trace.steps.entries()) {
    const again = stepTo(model, state, step.state);
    expect(again, `step ${i + 1}`).not.toBeNull();
    state = step.state;
  }
}

describe("counterexamples with fewer process switches", () => {
  it("runs each process to completion in turn when the steps commute", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vmaspec-switches-"));
    writeFileSync(path.join(dir, "two.vmaspec"), TWO_COUNTERS);
    const [found] = await violations(path.join(dir, "two.vmaspec"), false);
    expect(found.trace.steps).toHaveLength(6);
    expect(switches(found.model, found.trace)).toBe(1);
    // The same violation reached by alternating the processes at every step: five switches.
    const alternating = walk(found.model, ["p1", "q1", "p2", "q2", "p3", "q3"]);
    expect(switches(found.model, alternating)).toBe(5);
    const grouped = withFewerSwitches(found.model, alternating);
    expect(grouped.steps).toHaveLength(6);
    expect(switches(found.model, grouped)).toBe(1);
    expect(Array.from(grouped.steps[5].state)).toEqual(Array.from(alternating.steps[5].state));
    expectRuns(found.model, grouped);
  });

  it("keeps every counterexample of specs/ a real behaviour, as short, ending alike, switching no more", async () => {
    const specs = readdirSync(path.join(root, "specs")).filter((f) => f.endsWith(".vmaspec"));
    let fewer = 0;
    let total = 0;
    for (const spec of specs) {
      const file = path.join(root, "specs", spec);
      for (const r of await violations(file, true)) {
        const g = { ...r, trace: withFewerSwitches(r.model, r.trace) };
        const label = `${spec} ${g.name}`;
        expect(g.trace.steps.length, label).toBe(r.trace.steps.length);
        expect(g.trace.failingStep, label).toEqual(r.trace.failingStep);
        expect(Array.from(g.trace.steps.at(-1)?.state ?? []), label).toEqual(
          Array.from(r.trace.steps.at(-1)?.state ?? []),
        );
        expectRuns(g.model, g.trace);
        const [before, after] = [switches(r.model, r.trace), switches(g.model, g.trace)];
        expect(after, label).toBeLessThanOrEqual(before);
        if (after < before) fewer++;
        total++;
      }
    }
    expect(total).toBeGreaterThan(20);
    expect(fewer).toBeGreaterThan(0);
  });
});
