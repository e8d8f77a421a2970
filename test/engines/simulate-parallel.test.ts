// The parallel simulator: with worker threads it reports the violation one thread reports (same
// run, same seed, same trace), walks exactly the requested runs when none is found, reports
// progress while it runs, and turns a failing worker into a rejected promise.

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compileConfiguration, frontEnd, type FrontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runSimulation } from "../../src/checks/simulate.js";
import { workerFactory } from "../../src/checks/worker-model.js";
import type { SimulationStats } from "../../src/engines/simulate/simulate.js";
import { simulateModelParallel } from "../../src/engines/simulate/parallel.js";
import { buildModel } from "../../src/runtime/build-model.js";
import { acceptanceDir } from "../helpers/cli.js";

function front(file: string): FrontEnd {
  const fe = frontEnd(join(acceptanceDir, file));
  if (!fe.front) throw new Error(`${file} does not compile`);
  return fe.front;
}

/** The acceptance spec's check block `name`, simulated from `seed` with `workers` threads. */
async function simulateCheck(file: string, name: string, seed: number, runs: number, workers: number) {
  const fe = front(file);
  const check = fe.table.checks.find((c) => c.name.name === name)!;
  const run = await runSimulation(fe, planOf(check, { consts: [], workers }), { seed, runs, steps: 100 });
  return run.result!;
}

/** The statistics that do not depend on the clock. */
function counts(s: SimulationStats) {
  const { runs, steps, stuckRuns, finishedRuns, cutRuns, constrainedRuns, longestRun } = s;
  return { runs, steps, stuckRuns, finishedRuns, cutRuns, constrainedRuns, longestRun };
}

describe("simulating with worker threads", () => {
  // Die Hard's solving runs are rare enough (seeds 2 and 4: runs 130 and 150) that several chunks
  // of runs are claimed before one is found; free_early's are frequent, so workers race.
  const cases: [string, string, number][] = [
    ["diehard.vmaspec", "solve", 2],
    ["diehard.vmaspec", "solve", 4],
    ["vma_refcount.vmaspec", "free_early", 1],
    ["vma_refcount.vmaspec", "free_early", 11],
  ];
  for (const [file, check, seed] of cases) {
    it(`reports the violation one thread reports in ${file} (${check}, seed ${seed})`, async () => {
      const serial = await simulateCheck(file, check, seed, 10_000, 1);
      const parallel = await simulateCheck(file, check, seed, 10_000, 2);
      expect(serial.outcome).toBe("violation");
      expect(parallel.violationRun).toEqual(serial.violationRun);
      expect(parallel.violation).toEqual(serial.violation);
      // Runs past the violating one may have been walked, but never fewer than up to it.
      expect(parallel.stats.runs).toBeGreaterThanOrEqual(serial.violationRun!.index + 1);
    });
  }

  it("walks exactly the requested runs when none finds a violation, with the same counts and coverage", async () => {
    const serial = await simulateCheck("vma_refcount.vmaspec", "correct", 7, 3000, 1);
    const parallel = await simulateCheck("vma_refcount.vmaspec", "correct", 7, 3000, 2);
    expect(parallel.outcome).toBe("ok");
    expect(parallel.stats.runs).toBe(3000);
    expect(counts(parallel.stats)).toEqual(counts(serial.stats));
    expect(parallel.coverage).toEqual(serial.coverage);
  });

  it("reports progress about every interval while the workers walk", async () => {
    const { compiled } = compileConfiguration(front("vma_refcount.vmaspec"), []);
    const model = buildModel(compiled!.generated);
    const reports: number[] = [];
    const options = { seed: 3, runs: 20_000, maxSteps: 100, allowDeadlock: false, workers: 2 };
    const r = await simulateModelParallel(
      model,
      workerFactory(compiled!, []),
      { ...options, progressIntervalMs: 5 },
      { progress: (s) => reports.push(s.runs) },
    );
    expect(r.stats.runs).toBe(20_000);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((n, i) => n <= r.stats.runs && (i === 0 || n >= reports[i - 1]))).toBe(true);
  });

  it("rejects with the worker's error when a worker cannot build its model", async () => {
    const { compiled } = compileConfiguration(front("diehard.vmaspec"), []);
    const model = buildModel(compiled!.generated);
    const factory = { ...workerFactory(compiled!, []), exportName: "noSuchFactory" };
    const options = { seed: 1, runs: 100, maxSteps: 100, allowDeadlock: false, workers: 2 };
    await expect(simulateModelParallel(model, factory, options)).rejects.toThrow(
      /simulate: a worker failed: .* exports no function noSuchFactory/,
    );
  });
});
