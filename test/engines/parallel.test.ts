// The parallel checker against the serial one, on compiled specs: the same distinct-state counts,
// counterexamples of the same (shortest) length that replay, and the same bounds. The workers run
// the compiled code in dist/ (test/global-setup.ts builds it) and build their models with the
// benchmark's factory, from the generated source.

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compileConfiguration, frontEnd, modelOf, type Compiled } from "../../src/compile.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import type { Model } from "../../src/model/model.js";
import { searchParallel, type ModelFactory } from "../../src/engines/parallel/search.js";
import { traceLength, type CheckOptions } from "../../src/engines/result.js";
import { repoRoot, specDir } from "../helpers/cli.js";
import { replayProblems } from "./models.js";
import { workerFactory } from "../../src/checks/worker-model.js";

const VMA = join(repoRoot, "bench/models/vma_refcount.vmaspec");

/** The model of a spec in a configuration, and the factory its workers build it with. */
function compile(
  file: string,
  consts: Record<string, number | boolean> = {},
): { model: Model; factory: ModelFactory } {
  const front = frontEnd(file).front!;
  const overrides = Object.entries(consts).map(([name, value]) => ({ name, value, origin: "--const" }));
  const compiled: Compiled = compileConfiguration(front, overrides).compiled!;
  return { model: modelOf(compiled), factory: workerFactory(compiled, []) };
}

/** Serial and parallel (two workers) results of the same check. */
async function both(
  file: string,
  consts: Record<string, number | boolean>,
  options: Partial<CheckOptions> = {},
) {
  const { model, factory } = compile(file, consts);
  const opts: CheckOptions = { allowDeadlock: false, ...options };
  const serial = searchBreadthFirst(model, opts);
  const parallel = await searchParallel(model, factory, { ...opts, workers: 2 });
  return { model, serial, parallel };
}

describe("the parallel checker", () => {
  it("finds the same distinct states as the serial checker", async () => {
    // 137,566 states: each worker's table grows many times on the way.
    const { serial, parallel } = await both(VMA, { READERS: 6 });
    expect(serial.outcome).toBe("ok");
    expect(parallel.outcome).toBe("ok");
    expect(parallel.stats.distinctStates).toBe(serial.stats.distinctStates);
    expect(parallel.stats.statesGenerated).toBe(serial.stats.statesGenerated);
    expect(parallel.stats.depth).toBe(serial.stats.depth);
    expect(parallel.stats.queued).toBe(0);
  });

  it("reproduces the acceptance spec's 286 states with a single worker", async () => {
    const { model, factory } = compile(VMA);
    const result = await searchParallel(model, factory, { allowDeadlock: false, workers: 1 });
    expect(result.stats.distinctStates).toBe(286);
  });

  it("finds counterexamples of the serial checker's length, which replay", async () => {
    for (const [consts, name, length] of [
      [{ SKIP_SEQ_CHECK: true }, "NoReadDuringWrite", 5],
      [{ FREE_EARLY: true }, "NoRefOnFreed", 16],
    ] as const) {
      const { model, serial, parallel } = await both(VMA, { READERS: 3, ...consts });
      expect(serial.violation).toMatchObject({ kind: "invariant", name });
      expect(parallel.violation).toMatchObject({ kind: "invariant", name });
      expect(traceLength(serial.violation!.trace)).toBe(length);
      expect(traceLength(parallel.violation!.trace)).toBe(length);
      expect(replayProblems(model, parallel.violation!.trace)).toEqual([]);
    }
  });

  it("finds a deadlock at the serial checker's depth", async () => {
    const dir = specDir({
      "locks.vmaspec": `spec Locks
var a: bool = false
var b: bool = false
process P { step take_a { await !a; a = true }  step take_b { await !b; b = true }  step done { a = false; b = false } }
process Q { step take_b { await !b; b = true }  step take_a { await !a; a = true }  step done { a = false; b = false } }
`,
    });
    const { model, serial, parallel } = await both(join(dir, "locks.vmaspec"), {});
    expect(serial.violation).toMatchObject({ kind: "deadlock" });
    expect(parallel.violation).toMatchObject({ kind: "deadlock" });
    expect(traceLength(parallel.violation!.trace)).toBe(traceLength(serial.violation!.trace));
    expect(replayProblems(model, parallel.violation!.trace)).toEqual([]);
  });

  it("stops at max states and max depth as the serial checker does", async () => {
    const byStates = await both(VMA, { READERS: 4 }, { maxStates: 1000 });
    expect(byStates.parallel).toMatchObject({ outcome: "bounded", boundedBy: "states" });
    expect(byStates.parallel.stats.distinctStates).toBe(1000);
    const byDepth = await both(VMA, { READERS: 4 }, { maxDepth: 10 });
    expect(byDepth.parallel).toMatchObject({ outcome: "bounded", boundedBy: "depth" });
    expect(byDepth.parallel.stats.distinctStates).toBe(byDepth.serial.stats.distinctStates);
  });

  it("stops cleanly when the workers' tables would outgrow max memory", async () => {
    const { model, factory } = compile(VMA, { READERS: 6 });
    const result = await searchParallel(model, factory, {
      allowDeadlock: false,
      workers: 2,
      maxMemoryBytes: 1 << 20,
    });
    expect(result).toMatchObject({ outcome: "bounded", boundedBy: "memory" });
    expect(result.stats.distinctStates).toBeGreaterThan(30000);
    expect(result.stats.distinctStates).toBeLessThan(137566);
  });
});
