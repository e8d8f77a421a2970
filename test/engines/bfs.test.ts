// The breadth-first checker on hand-written models: exact distinct-state counts, exact shortest
// counterexamples that replay against the model, deadlocks, bounds, constraints and errors.

import { describe, expect, it } from "vitest";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { ModelError } from "../../src/model/model.js";
import { traceLength, type CheckStats } from "../../src/engines/result.js";
import {
  NOT_SOLVED,
  counter,
  dieHard,
  fork,
  grid,
  locks,
  replayProblems,
  traceStates,
  traceStepNames,
} from "./models.js";

const defaults = { allowDeadlock: false };

describe("a complete search", () => {
  it("finds exactly the 16 reachable Die Hard states", () => {
    const result = searchBreadthFirst(dieHard(), defaults);
    expect(result.outcome).toBe("ok");
    expect(result.boundedBy).toBeUndefined();
    expect(result.stats).toMatchObject({
      distinctStates: 16,
      statesGenerated: 1 + 16 * 6,
      depth: 7,
      queued: 0,
    });
  });

  it("counts memory as the visited set's slots and the level log's chunks in memory", () => {
    const { stats } = searchBreadthFirst(dieHard(), defaults);
    // The table's first 1024 one-word slots, and one log chunk of 8192 one-word states.
    expect(stats.memoryBytes).toBe(1024 * 4 + 8192 * 4);
  });

  it("stores an initial state emitted twice once", () => {
    const result = searchBreadthFirst(counter({ limit: 3, initial: [0, 0, 2] }), { allowDeadlock: true });
    expect(result.stats).toMatchObject({ distinctStates: 4, statesGenerated: 3 + 3, depth: 1 });
  });

  it("keeps working while the visited set grows past 100k distinct states", () => {
    const n = 316;
    const result = searchBreadthFirst(grid(n), { allowDeadlock: true });
    expect(result.outcome).toBe("ok");
    expect(result.stats).toMatchObject({
      distinctStates: (n + 1) * (n + 1),
      statesGenerated: 1 + 2 * n * (n + 1),
      depth: 2 * n,
    });
  });

  it("reports progress through the reporter while it runs", () => {
    const reports: CheckStats[] = [];
    searchBreadthFirst(
      grid(200),
      { allowDeadlock: true, progressIntervalMs: 0 },
      { progress: (s) => reports.push(s) },
    );
    expect(reports.length).toBeGreaterThan(10);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].distinctStates).toBeGreaterThanOrEqual(reports[i - 1].distinctStates);
    }
    expect(reports.at(-1)!.distinctStates).toBeLessThanOrEqual(201 * 201);
  });
});

describe("invariant violations", () => {
  it("finds the 6-step shortest Die Hard solution as a NotSolved violation", () => {
    const model = dieHard({ invariants: [NOT_SOLVED] });
    const result = searchBreadthFirst(model, defaults);
    expect(result.outcome).toBe("violation");
    expect(result.violation).toMatchObject({ kind: "invariant", name: "NotSolved" });
    const trace = result.violation!.trace;
    expect(traceLength(trace)).toBe(6);
    expect(traceStepNames(model, trace)).toEqual([
      "FillBig",
      "BigToSmall",
      "EmptySmall",
      "BigToSmall",
      "FillBig",
      "BigToSmall",
    ]);
    expect(traceStates(trace)).toEqual([
      [0, 0],
      [5, 0],
      [2, 3],
      [2, 0],
      [0, 2],
      [5, 2],
      [4, 3],
    ]);
    expect(replayProblems(model, trace)).toEqual([]);
  });

  it("stops at the first violation, before exploring further levels", () => {
    const result = searchBreadthFirst(dieHard({ invariants: [NOT_SOLVED] }), defaults);
    // Levels 0..5 hold 12 states; (4,3) is the second state found at depth 6.
    expect(result.stats.distinctStates).toBe(14);
    expect(result.stats.depth).toBe(6);
  });

  it("checks the initial states against the invariants", () => {
    const zero = { name: "NotZero", holds: (s: Int32Array) => s[0] !== 0 };
    const result = searchBreadthFirst(counter({ limit: 3, invariants: [zero] }), defaults);
    expect(result.violation).toMatchObject({ kind: "invariant", name: "NotZero" });
    expect(traceStates(result.violation!.trace)).toEqual([[0]]);
    expect(traceLength(result.violation!.trace)).toBe(0);
  });
});

describe("deadlocks", () => {
  it("reports a deadlock when two processes take two locks in opposite order", () => {
    const model = locks(false);
    const result = searchBreadthFirst(model, defaults);
    expect(result.violation).toMatchObject({ kind: "deadlock" });
    const trace = result.violation!.trace;
    expect(traceStepNames(model, trace)).toEqual(["take_a", "take_first"]);
    expect(traceStates(trace).at(-1)).toEqual([1, 1, 1, 1]);
    expect(replayProblems(model, trace)).toEqual([]);
  });

  it("treats a state where every process has finished as a normal end", () => {
    const result = searchBreadthFirst(locks(true), defaults);
    expect(result.outcome).toBe("ok");
    expect(result.stats.distinctStates).toBe(12);
  });

  it("does not report the deadlock when deadlock is allowed", () => {
    const result = searchBreadthFirst(locks(false), { allowDeadlock: true });
    expect(result.outcome).toBe("ok");
    expect(result.stats.distinctStates).toBe(13);
  });

  it("reports a deadlock in a spec with only actions when no action is enabled", () => {
    const model = counter({ limit: 3 });
    const result = searchBreadthFirst(model, defaults);
    expect(result.violation).toMatchObject({ kind: "deadlock" });
    expect(traceStates(result.violation!.trace)).toEqual([[0], [1], [2], [3]]);
    expect(replayProblems(model, result.violation!.trace)).toEqual([]);
  });
});

describe("bounds", () => {
  it("stores and checks states at max depth but does not expand them", () => {
    const result = searchBreadthFirst(dieHard(), { ...defaults, maxDepth: 3 });
    expect(result.outcome).toBe("bounded");
    expect(result.boundedBy).toBe("depth");
    // Levels 0..3 hold 1 + 2 + 3 + 2 states; the 2 at depth 3 are left on the queue.
    expect(result.stats).toMatchObject({ distinctStates: 8, depth: 3, queued: 2 });
    expect(result.stats.statesGenerated).toBe(1 + 6 * 6);
  });

  it("does not report a deadlock in a state at max depth, which it does not expand", () => {
    const result = searchBreadthFirst(counter({ limit: 3 }), { ...defaults, maxDepth: 3 });
    expect(result.outcome).toBe("bounded");
    expect(result.stats.distinctStates).toBe(4);
  });

  it("explores only the initial states at max depth 0", () => {
    const result = searchBreadthFirst(dieHard(), { ...defaults, maxDepth: 0 });
    expect(result).toMatchObject({ outcome: "bounded", boundedBy: "depth" });
    expect(result.stats).toMatchObject({ distinctStates: 1, statesGenerated: 1, depth: 0 });
  });

  it("calls a search complete when max depth lies beyond the deepest state", () => {
    expect(searchBreadthFirst(dieHard(), { ...defaults, maxDepth: 7 }).outcome).toBe("bounded");
    expect(searchBreadthFirst(dieHard(), { ...defaults, maxDepth: 8 }).outcome).toBe("ok");
  });

  it("finds a violation at exactly max depth and none below it", () => {
    const model = dieHard({ invariants: [NOT_SOLVED] });
    expect(traceLength(searchBreadthFirst(model, { ...defaults, maxDepth: 6 }).violation!.trace)).toBe(6);
    const below = searchBreadthFirst(model, { ...defaults, maxDepth: 5 });
    expect(below).toMatchObject({ outcome: "bounded", boundedBy: "depth" });
    expect(below.stats.distinctStates).toBe(12);
  });

  it("stops cleanly when one more distinct state would exceed max states", () => {
    const result = searchBreadthFirst(dieHard(), { ...defaults, maxStates: 10 });
    expect(result).toMatchObject({ outcome: "bounded", boundedBy: "states" });
    expect(result.stats.distinctStates).toBe(10);
    expect(result.violation).toBeUndefined();
  });

  it("completes when the reachable states fit max states exactly", () => {
    const result = searchBreadthFirst(dieHard(), { ...defaults, maxStates: 16 });
    expect(result.outcome).toBe("ok");
    expect(result.stats.distinctStates).toBe(16);
  });
});

describe("constraints", () => {
  const bigNotFull = (s: Int32Array) => s[0] < 5;

  it("does not store, count or explore a successor a constraint cuts off", () => {
    const result = searchBreadthFirst(dieHard({ constraint: bigNotFull }), defaults);
    // Only (0,0), (0,3), (3,0) and (3,3) keep the big jug below 5; each has 6 successors.
    expect(result.outcome).toBe("ok");
    expect(result.stats).toMatchObject({ distinctStates: 4, statesGenerated: 1 + 4 * 6, depth: 3 });
  });

  it("checks invariants in a successor a constraint cuts off and ends the trace in it", () => {
    const notFull = { name: "NotFull", holds: bigNotFull };
    const model = dieHard({ constraint: bigNotFull, invariants: [notFull] });
    const result = searchBreadthFirst(model, defaults);
    expect(result.violation).toMatchObject({ kind: "invariant", name: "NotFull" });
    expect(traceStepNames(model, result.violation!.trace)).toEqual(["FillBig"]);
    expect(traceStates(result.violation!.trace)).toEqual([
      [0, 0],
      [5, 0],
    ]);
  });

  it("finds no violation behind a constraint that cuts off the path to it", () => {
    const result = searchBreadthFirst(
      dieHard({ constraint: bigNotFull, invariants: [NOT_SOLVED] }),
      defaults,
    );
    expect(result.outcome).toBe("ok");
  });
});

describe("errors in the model", () => {
  it("reports a runtime error in a step as a violation ending in the failing step", () => {
    const model = counter({ limit: 10, failAt: 3 });
    const result = searchBreadthFirst(model, defaults);
    expect(result.violation).toMatchObject({
      kind: "runtime",
      message: "x + 1 is out of range",
      file: "counter.vmaspec",
      line: 7,
    });
    const trace = result.violation!.trace;
    expect(traceStates(trace)).toEqual([[0], [1], [2]]);
    expect(trace.failingStep).toEqual({ step: 0, instance: -1, choices: [] });
    expect(traceLength(trace)).toBe(3);
    expect(replayProblems(model, trace)).toEqual([]);
  });

  it("reports a failed assert in a step as an assert violation", () => {
    const result = searchBreadthFirst(counter({ limit: 10, failAt: 1, error: "assert" }), defaults);
    expect(result.violation).toMatchObject({ kind: "assert" });
    expect(traceLength(result.violation!.trace)).toBe(1);
  });

  it("reports an error evaluating an invariant as a runtime violation ending in that state", () => {
    const result = searchBreadthFirst(counter({ limit: 10, badInvariantAt: 2 }), defaults);
    expect(result.violation).toMatchObject({ kind: "runtime", line: 20 });
    expect(traceStates(result.violation!.trace)).toEqual([[0], [1], [2]]);
    expect(result.violation!.trace.failingStep).toBeUndefined();
  });

  it("reports an error in the initial states with a trace that has no initial state", () => {
    const error = new ModelError("runtime", "initializer out of range", 3, "counter.vmaspec");
    const result = searchBreadthFirst(counter({ limit: 3, initialError: error }), defaults);
    expect(result.violation).toMatchObject({ kind: "runtime", message: "initializer out of range" });
    expect(result.violation!.trace).toEqual({ initial: null, steps: [] });
    expect(result.stats.distinctStates).toBe(0);
  });

  it("lets an exception that is not a ModelError through", () => {
    const model = counter({ limit: 3 });
    model.spec.actions[0].apply = () => {
      throw new TypeError("bug in generated code");
    };
    expect(() => searchBreadthFirst(model, defaults)).toThrow(TypeError);
  });
});

describe("shortest counterexamples", () => {
  const notThree = { name: "NotThree", holds: (s: Int32Array) => s[0] !== 3 };

  it("reports a deadlock of a level before a violation found earlier one step deeper", () => {
    const model = fork([notThree]);
    const result = searchBreadthFirst(model, defaults);
    expect(result.violation).toMatchObject({ kind: "deadlock" });
    expect(traceStates(result.violation!.trace)).toEqual([[0], [2]]);
  });

  it("reports the deeper violation when deadlock is allowed", () => {
    const result = searchBreadthFirst(fork([notThree]), { allowDeadlock: true });
    expect(result.violation).toMatchObject({ kind: "invariant", name: "NotThree" });
    expect(traceLength(result.violation!.trace)).toBe(2);
  });
});

describe("memory", () => {
  it("stops cleanly with its statistics when the visited set would outgrow max memory", () => {
    const budget = 96 * 1024;
    const result = searchBreadthFirst(grid(316), { allowDeadlock: true, maxMemoryBytes: budget });
    expect(result).toMatchObject({ outcome: "bounded", boundedBy: "memory" });
    expect(result.violation).toBeUndefined();
    expect(result.stats.distinctStates).toBeGreaterThan(1000);
    expect(result.stats.distinctStates).toBeLessThan(317 * 317);
    expect(result.stats.memoryBytes).toBeLessThanOrEqual(budget);
  });

  it("moves expanded levels to a file and still rebuilds a deep counterexample", () => {
    const model = dieHard({ invariants: [NOT_SOLVED] });
    const result = searchBreadthFirst(model, { ...defaults, levelLogKeepBytes: 0 });
    expect(traceLength(result.violation!.trace)).toBe(6);
    expect(replayProblems(model, result.violation!.trace)).toEqual([]);
    const big = searchBreadthFirst(grid(200), { allowDeadlock: true, levelLogKeepBytes: 0 });
    expect(big.stats.distinctStates).toBe(201 * 201);
  });
});

describe("bitstate mode", () => {
  it("finds every state with a roomy filter and reports its coverage, but not as a proof", () => {
    const result = searchBreadthFirst(grid(100), { allowDeadlock: true, bitstate: { bytes: 1 << 20 } });
    expect(result).toMatchObject({ outcome: "bounded", boundedBy: "bitstate" });
    expect(result.stats.distinctStates).toBe(101 * 101);
    const b = result.stats.bitstate!;
    expect(b).toMatchObject({ bits: 8 * (1 << 20), hashes: 3 });
    expect(b.estimatedCoverage).toBeGreaterThan(0.9999);
    expect(b.bitsPerState).toBeCloseTo((8 * (1 << 20)) / (101 * 101));
  });

  it("misses states with a tiny filter and says so in its estimate", () => {
    const result = searchBreadthFirst(grid(100), { allowDeadlock: true, bitstate: { bytes: 512 } });
    expect(result.stats.distinctStates).toBeLessThan(101 * 101);
    const b = result.stats.bitstate!;
    // A saturated filter: the estimate sees the states it dropped, not those only they lead to,
    // so it is far too hopeful here (17% found); the false-positive rate gives the game away.
    expect(b.falsePositiveRate).toBeGreaterThan(0.3);
    expect(b.estimatedCoverage).toBeLessThan(0.9);
  });

  it("finds a violation with its shortest counterexample", () => {
    const model = dieHard({ invariants: [NOT_SOLVED] });
    const result = searchBreadthFirst(model, { ...defaults, bitstate: { bytes: 4096 } });
    expect(result.violation).toMatchObject({ kind: "invariant", name: "NotSolved" });
    expect(traceLength(result.violation!.trace)).toBe(6);
    expect(replayProblems(model, result.violation!.trace)).toEqual([]);
  });
});
