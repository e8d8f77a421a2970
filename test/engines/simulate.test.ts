// The simulator: seeded random walks over hand-written models and over the acceptance specs. It
// finds the known bugs, a seed reproduces its walk exactly, traces are real behaviours, stuck runs
// are deadlocks, failing steps are reported, and coverage names what never ran.

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compileConfiguration, frontEnd, type FrontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runSimulation } from "../../src/checks/simulate.js";
import { Sfc32, runSeed } from "../../src/engines/simulate/prng.js";
import type { Trace } from "../../src/engines/result.js";
import { simulateModel } from "../../src/engines/simulate/simulate.js";
import { withoutCycles } from "../../src/engines/simulate/walk.js";
import { buildModel } from "../../src/runtime/build-model.js";
import { acceptanceDir, specDir } from "../helpers/cli.js";
import { NOT_SOLVED, counter, dieHard, locks, replayProblems, traceStates } from "./models.js";

const options = { seed: 1, runs: 1000, maxSteps: 100, allowDeadlock: false };

function front(path: string): FrontEnd {
  const fe = frontEnd(path);
  if (!fe.front) throw new Error(`${path} does not compile`);
  return fe.front;
}

/** The acceptance spec's check block `name`, simulated from `seed`. */
function simulateCheck(file: string, name: string, seed: number, runs = 10_000) {
  const fe = front(join(acceptanceDir, file));
  const check = fe.table.checks.find((c) => c.name.name === name)!;
  return runSimulation(fe, planOf(check, { consts: [] }), { seed, runs, steps: 100 });
}

/** A trace as comparable data: the states and the transitions between them. */
function traceData(trace: Trace) {
  return {
    states: traceStates(trace),
    steps: trace.steps.map((s) => s.transition),
    failing: trace.failingStep,
  };
}

describe("the seeded generator", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const draw = (seed: number) => {
      const rng = new Sfc32(seed);
      return Array.from({ length: 8 }, () => rng.nextU32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it("picks below n uniformly enough, and run 0 uses the base seed itself", () => {
    const rng = new Sfc32(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.below(3)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(runSeed(123, 0)).toBe(123);
    expect(new Set([0, 1, 2, 3].map((i) => runSeed(123, i))).size).toBe(4);
  });
});

describe("simulating hand-written models", () => {
  it("solves Die Hard, with a trace that is a real behaviour ending where big holds 4", () => {
    const model = dieHard({ invariants: [NOT_SOLVED] });
    const r = simulateModel(model, options);
    expect(r.outcome).toBe("violation");
    expect(r.violation).toMatchObject({ kind: "invariant", name: "NotSolved" });
    const trace = r.violation!.trace;
    expect(replayProblems(model, trace)).toEqual([]);
    expect(traceStates(trace).at(-1)![0]).toBe(4);
  });

  it("replays a violating run exactly from the seed it reports, with one run", () => {
    const model = dieHard({ invariants: [NOT_SOLVED] });
    const first = simulateModel(model, { ...options, seed: 99 });
    const again = simulateModel(model, { ...options, seed: first.violationRun!.seed, runs: 1 });
    expect(again.violationRun).toMatchObject({ index: 0, seed: first.violationRun!.seed });
    expect(again.violationRun!.steps).toBe(first.violationRun!.steps);
    expect(traceData(again.violation!.trace)).toEqual(traceData(first.violation!.trace));
  });

  it("counts stuck runs and reports a deadlock unless the check allows it", () => {
    const stuck = simulateModel(locks(false), options);
    expect(stuck.violation?.kind).toBe("deadlock");
    expect(traceStates(stuck.violation!.trace).at(-1)!.slice(2)).toEqual([1, 1]);
    const allowed = simulateModel(locks(false), { ...options, allowDeadlock: true });
    expect(allowed.outcome).toBe("ok");
    expect(allowed.stats.stuckRuns).toBeGreaterThan(0);
    expect(allowed.stats.finishedRuns).toBeGreaterThan(0);
    expect(allowed.stats.stuckRuns + allowed.stats.finishedRuns).toBe(1000);
  });

  it("reports a runtime error in a step with the step that fails", () => {
    const r = simulateModel(counter({ limit: 5, failAt: 3 }), options);
    expect(r.violation).toMatchObject({ kind: "runtime", message: "x + 1 is out of range", line: 7 });
    expect(traceStates(r.violation!.trace)).toEqual([[0], [1], [2]]);
    expect(r.violation!.trace.failingStep?.step).toBe(0);
  });

  it("stops every walk at the step limit and counts runs and steps", () => {
    const r = simulateModel(dieHard(), { ...options, runs: 50, maxSteps: 20 });
    expect(r.outcome).toBe("ok");
    expect(r.stats).toMatchObject({ runs: 50, steps: 1000, cutRuns: 50, longestRun: 20 });
    expect(r.coverage.stepHits.reduce((a, b) => a + b, 0)).toBe(1000);
  });
});

describe("cutting the cycles out of a walk", () => {
  it("drops the steps between two visits of the same state", () => {
    const s = (x: number) => Int32Array.of(x);
    const step = (x: number, id: number) => ({
      state: s(x),
      transition: { step: id, instance: -1, choices: [] },
    });
    const walk: Trace = {
      initial: s(0),
      steps: [step(1, 1), step(0, 2), step(1, 3), step(2, 4), step(2, 5), step(3, 6)],
    };
    const cut = withoutCycles(walk);
    expect(traceStates(cut)).toEqual([[0], [1], [2], [3]]);
    expect(cut.steps.map((x) => x.transition.step)).toEqual([3, 4, 6]);
  });
});

describe("simulating the acceptance specs' buggy checks", () => {
  const buggy: [string, string, string][] = [
    ["diehard.vmaspec", "solve", "NotSolved"],
    ["peterson.vmaspec", "broken", "Mutex"],
    ["vma_refcount.vmaspec", "no_seq_check", "NoReadDuringWrite"],
    ["vma_refcount.vmaspec", "free_early", "NoRefOnFreed"],
  ];
  for (const [file, check, invariant] of buggy) {
    it(`finds ${invariant} in ${file} check ${check}, and its seed replays the walk`, async () => {
      const run = await simulateCheck(file, check, 2024);
      expect(run.verdict?.met).toBe(true);
      expect(run.result?.violation).toMatchObject({ kind: "invariant", name: invariant });
      const seed = run.result!.violationRun!.seed;
      const again = await simulateCheck(file, check, seed, 1);
      expect(again.result?.violationRun?.index).toBe(0);
      expect(traceData(again.result!.violation!.trace)).toEqual(traceData(run.result!.violation!.trace));
    });
  }

  it("calls a check that expects ok inconclusive when no walk breaks it, or met when unproven is accepted", async () => {
    const run = await simulateCheck("vma_refcount.vmaspec", "correct", 5, 200);
    expect(run.result?.outcome).toBe("ok");
    expect(run.verdict).toEqual({
      met: false,
      status: "inconclusive",
      reason:
        "inconclusive: no violation in 200 runs of up to 100 steps, which proves nothing (run check for a proof, or pass --accept-unproven to accept it)",
    });
    const fe = front(join(acceptanceDir, "vma_refcount.vmaspec"));
    const check = fe.table.checks.find((c) => c.name.name === "correct")!;
    const accepted = await runSimulation(fe, planOf(check, { consts: [] }), {
      seed: 5,
      runs: 200,
      steps: 100,
      acceptUnproven: true,
    });
    expect(accepted.verdict).toEqual({
      met: true,
      status: "met",
      reason: "no violation in 200 runs of up to 100 steps: not a proof (--accept-unproven)",
    });
  });
});

describe("coverage", () => {
  const dir = specDir({
    "cov.vmaspec": `spec Cov
var x: 0..3 = 0
action Inc { await x < 3; x += 1 }
action Reset { await x == 3; either { x = 0 } or { x = 1 } }
action Never { await x > 3; either { x = 0 } or { x = 2 } }
check all { allow deadlock; expect ok }
`,
  });

  it("lists the steps that never fired and the either branches that never ran", () => {
    const { compiled } = compileConfiguration(front(join(dir, "cov.vmaspec")), []);
    const model = buildModel(compiled!.generated);
    const r = simulateModel(model, { ...options, runs: 20, maxSteps: 30 });
    const fired = model.steps.map((s, i) => [s.name, r.coverage.stepHits[i] > 0]);
    expect(fired).toEqual([
      ["Inc", true],
      ["Reset", true],
      ["Never", false],
    ]);
    const ran = model.branches.map((b, i) => [
      model.steps[b.step].name,
      b.index,
      r.coverage.branchHits[i] > 0,
    ]);
    expect(ran).toEqual([
      ["Reset", 0, true],
      ["Reset", 1, true],
      ["Never", 0, false],
      ["Never", 1, false],
    ]);
  });
});
