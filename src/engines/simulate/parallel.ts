// The parallel simulator: the seeded random walks of simulate.ts, spread over worker threads. In: the
// model (for the shape of the coverage), a factory by which each worker builds its own copy of it,
// the simulation's options and the number of workers, and an optional progress reporter. Out: the
// SimulationResult a single thread would give for the same options, but sooner.
//
// Why it gives the same answer: the workers claim runs from a shared counter and never start a run
// at or past the lowest violating run found so far, but finish those below it
// (simulate-protocol.ts), so every run below the first violating one is walked; this thread then
// reports the violation of the lowest run index, whose walk is the one one thread would report.
// The statistics and coverage add up every run the workers walked, which may include a few past
// the violating one (those already under way when it was found, from the same chunks).

import { Worker } from "node:worker_threads";
import { workerScriptUrl } from "../threads/worker-script.js";
import type { Model } from "../../model/model.js";
import type { ModelFactory } from "../threads/model-factory.js";
import {
  emptySimulationStats,
  type Coverage,
  type SimulateOptions,
  type SimulationReporter,
  type SimulationResult,
  type SimulationStats,
} from "./simulate.js";
import * as P from "./protocol.js";

/** Options of a parallel simulation. */
export interface ParallelSimulateOptions extends SimulateOptions {
  /** Worker threads walking runs (this thread only coordinates). */
  workers: number;
}

/** Runs the simulation's walks on `options.workers` worker threads; same violation as one thread. */
export async function simulateModelParallel(
  model: Model,
  factory: ModelFactory,
  options: ParallelSimulateOptions,
  reporter?: SimulationReporter,
  signal?: AbortSignal,
): Promise<SimulationResult> {
  if (options.runs > P.MAX_PARALLEL_RUNS)
    throw new RangeError(`a parallel simulation walks at most ${P.MAX_PARALLEL_RUNS} runs`);
  const runs = new Uint32Array(new SharedArrayBuffer(P.RUN_WORDS * 4));
  Atomics.store(runs, P.R_BOUND, options.runs);
  const progress = new Float64Array(new SharedArrayBuffer(options.workers * P.PROGRESS_FIELDS * 8));
  const startMs = performance.now();
  const workers: Worker[] = [];
  const timer = reporter
    ? setInterval(
        () => reporter.progress(progressStats(progress, options.workers, performance.now() - startMs)),
        options.progressIntervalMs ?? 1000,
      )
    : undefined;
  // An interrupt: no worker starts another run; those under way finish and report.
  const interrupt = () => Atomics.store(runs, P.R_BOUND, 0);
  signal?.addEventListener("abort", interrupt);
  try {
    const done: Promise<SimulationResult>[] = [];
    for (let worker = 0; worker < options.workers; worker++) {
      const setup: P.WorkerSetup = { factory, options, runs: runs.buffer, progress: progress.buffer, worker };
      const thread = new Worker(workerScriptUrl(import.meta.url, "walk-worker.js"), {
        workerData: setup,
      });
      workers.push(thread);
      done.push(resultOf(thread));
    }
    const results = await Promise.all(done);
    const result = merge(model, options, results, performance.now() - startMs);
    if (signal?.aborted && !result.violation) result.interrupted = true;
    return result;
  } finally {
    signal?.removeEventListener("abort", interrupt);
    clearInterval(timer);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The result a worker reports; a worker that fails or exits before reporting rejects it. */
function resultOf(worker: Worker): Promise<SimulationResult> {
  return new Promise((resolve, reject) => {
    worker.once("message", (m: P.Done) => resolve(m.result));
    worker.once("messageerror", (e) =>
      reject(new Error(`simulate: a worker's result was unreadable: ${e.message}`)),
    );
    worker.once("error", (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      reject(new Error(`simulate: a worker failed: ${message}`, { cause: e }));
    });
    worker.once("exit", (code) =>
      reject(new Error(`simulate: a worker exited (code ${code}) before it reported`)),
    );
  });
}

/** The simulation's statistics so far, from the workers' progress counters. */
function progressStats(progress: Float64Array, workers: number, elapsedMs: number): SimulationStats {
  const stats = emptySimulationStats();
  for (let w = 0; w < workers; w++) {
    const base = w * P.PROGRESS_FIELDS;
    P.SUMMED_STATS.forEach((field, i) => (stats[field] += progress[base + i]));
    stats.longestRun = Math.max(stats.longestRun, progress[base + P.SUMMED_STATS.length]);
  }
  return withRates(stats, elapsedMs);
}

/** One result from the workers' results: their runs added up, and the first violating run's violation. */
function merge(
  model: Model,
  options: SimulateOptions,
  results: SimulationResult[],
  elapsedMs: number,
): SimulationResult {
  const stats = emptySimulationStats();
  const coverage: Coverage = {
    stepHits: new Array<number>(model.steps.length).fill(0),
    branchHits: new Array<number>(model.branchHits.length).fill(0),
  };
  let first: SimulationResult | undefined;
  for (const r of results) {
    for (const field of P.SUMMED_STATS) stats[field] += r.stats[field];
    stats.longestRun = Math.max(stats.longestRun, r.stats.longestRun);
    r.coverage.stepHits.forEach((n, i) => (coverage.stepHits[i] += n));
    r.coverage.branchHits.forEach((n, i) => (coverage.branchHits[i] += n));
    if (r.violationRun && (!first || r.violationRun.index < first.violationRun!.index)) first = r;
  }
  const result: SimulationResult = {
    outcome: first ? "violation" : "ok",
    seed: options.seed >>> 0,
    stats: withRates(stats, elapsedMs),
    coverage,
  };
  if (first) {
    result.violation = first.violation;
    result.violationRun = first.violationRun;
  }
  return result;
}

function withRates(stats: SimulationStats, elapsedMs: number): SimulationStats {
  stats.elapsedMs = elapsedMs;
  stats.runsPerSecond = elapsedMs > 0 ? (stats.runs * 1000) / elapsedMs : 0;
  stats.stepsPerSecond = elapsedMs > 0 ? (stats.steps * 1000) / elapsedMs : 0;
  return stats;
}
