// The parallel breadth-first checker. In: the model, a factory from which each worker thread builds
// its own copy of it, the check's options with a number of workers, and an optional progress
// reporter. Out: the same CheckResult as the serial checker (bfs.ts): the same distinct-state count
// and a counterexample of the same (shortest) length, since both stop at the first level holding
// a violation and prefer a deadlock of that level (expander.ts).
//
// Level-synchronous: this thread finds and checks the initial states and has the workers store
// them in the visited set they share (shared-table.ts). Then, level by level, the workers claim
// chunks of the level from a shared cursor, expand them, and write the states they added into
// shared buffers of their own, which together are the next level. While they expand
// it, this thread copies it into the level log, so traces, statistics and results are built here
// exactly as in the serial checker. Bitstate mode is not parallel: it runs the serial checker.

import { Worker } from "node:worker_threads";
import { workerScriptUrl } from "../threads/worker-script.js";
import type { Model } from "../../model/model.js";
import { searchBreadthFirstAsync, defaultMemoryBudget, searchStats } from "../bfs/search.js";
import { Expander } from "../bfs/expander.js";
import { LevelLog, LevelLogSpillError } from "../bfs/level-log.js";
import * as P from "./protocol.js";
import { createSharedTable, sharedTableBytes, type SharedTableHandle } from "../store/shared-table.js";
import type { CheckOptions, CheckResult, ProgressReporter } from "../result.js";
import { StateTable } from "../store/state-table.js";
import { resultOf, type Found } from "../bfs/violation.js";

import type { ModelFactory } from "../threads/model-factory.js";
export type { ModelFactory };

/** Options of a parallel check. */
export interface ParallelOptions extends CheckOptions {
  /** Worker threads expanding states (this thread only coordinates). */
  workers: number;
}

type Done = Extract<P.FromWorker, { type: "done" }>;

/** Like searchBreadthFirst, with `options.workers` threads sharing the work; each builds its model with `factory`. */
export async function searchParallel(
  model: Model,
  factory: ModelFactory,
  options: ParallelOptions,
  reporter?: ProgressReporter,
  signal?: AbortSignal,
): Promise<CheckResult> {
  if (options.bitstate) return searchBreadthFirstAsync(model, options, reporter, signal);
  const run = new ParallelRun(model, options);
  try {
    await run.start(factory);
    return await run.search(reporter, signal);
  } finally {
    await run.close();
  }
}

class ParallelRun {
  private readonly control: Int32Array;
  private readonly log: LevelLog;
  private readonly budget: number;
  private table: SharedTableHandle | null = null;
  private readonly workers: Worker[] = [];
  /** Receives the reports of the level being expanded. */
  private onDone: ((done: Done) => void) | null = null;
  private failure: Error | null = null;
  private closing = false;

  constructor(
    private readonly model: Model,
    private readonly options: ParallelOptions,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(P.controlWords(this.workerCount()) * 4));
    this.budget = options.maxMemoryBytes ?? defaultMemoryBudget();
    this.log = new LevelLog(model.packedWords, options.levelLogKeepBytes);
  }

  private workerCount(): number {
    return Math.max(1, Math.floor(this.options.workers));
  }

  /** Starts the workers and waits until each has built its model. */
  async start(factory: ModelFactory): Promise<void> {
    const count = this.workerCount();
    const table = createSharedTable(this.model.packedWords, this.model.packedBits, count, this.budget);
    this.table = table;
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const setup: P.WorkerSetup = {
        factory,
        options: { allowDeadlock: this.options.allowDeadlock, maxStates: this.options.maxStates },
        control: this.control.buffer as SharedArrayBuffer,
        table,
        worker: i,
        workers: count,
      };
      const worker = new Worker(workerScriptUrl(import.meta.url, "search-worker.js"), {
        workerData: setup,
      });
      this.workers.push(worker);
      ready.push(
        new Promise((resolve, reject) => {
          const fail = (e: Error) => {
            this.failure ??= e;
            reject(e);
            this.onDone?.(undefined as never);
          };
          worker.on("error", fail);
          worker.on("exit", (code) => {
            if (!this.closing) fail(new Error(`parallel checker: a worker exited (code ${code})`));
          });
          worker.on("message", (m: P.FromWorker) => {
            if (m.type === "ready") resolve();
            else this.onDone?.(m);
          });
        }),
      );
    }
    await Promise.all(ready);
  }

  /** Searches level by level; an abort of `signal` has the workers stop at their next chunk. */
  async search(reporter: ProgressReporter | undefined, signal?: AbortSignal): Promise<CheckResult> {
    const { log, control, model } = this;
    const n = model.packedWords;
    const maxDepth = this.options.maxDepth ?? Infinity;
    const startMs = performance.now();
    const counts = { generated: 0, deepest: 0 };
    let level = 0;
    let segments: P.Segment[] = [];
    const table = this.table!;
    const visited = {
      get bytes() {
        return sharedTableBytes(table);
      },
    };
    const begun = () =>
      segments.reduce(
        (sum, s, i) => sum + Math.min(Atomics.load(control, P.cursorOf(i)), s.count),
        log.levelStart(level),
      );
    const stats = () =>
      searchStats(log.size, Math.min(log.size, begun()), counts, visited, log, performance.now() - startMs);
    const progress = () =>
      reporter!.progress({ ...stats(), distinctStates: Atomics.load(control, P.C_COUNT) });
    const timer = reporter ? setInterval(progress, this.options.progressIntervalMs ?? 1000) : undefined;
    const interrupt = () => Atomics.store(control, P.C_STOP, 1);
    signal?.addEventListener("abort", interrupt);
    const stepHits: number[][] = [];
    const branchHits: number[][] = [];

    // The initial states, found and checked here with a table of their own.
    const initial = new Expander(
      model,
      new StateTable(n, model.packedBits, { maxStates: this.options.maxStates }),
      log,
      this.options.allowDeadlock,
    );
    initial.initialStates();
    log.endLevel();
    counts.generated = initial.generated;
    let found: Found | null = initial.found;
    let boundedBy: CheckResult["boundedBy"] = initial.boundedBy;
    const first = new Uint32Array(new SharedArrayBuffer(Math.max(4, log.size * n * 4)));
    for (let i = 0; i < log.size; i++)
      first.set(log.wordsOf(i).subarray(log.offsetOf(i), log.offsetOf(i) + n), i * n);
    segments = [{ buffer: first.buffer as SharedArrayBuffer, count: log.size }];
    // Under maxStates the workers count the initial states as they store them; else C_COUNT is progress.
    Atomics.store(control, P.C_COUNT, this.options.maxStates === undefined ? log.size : 0);
    for (const w of this.workers)
      w.postMessage({ type: "initial", states: segments[0] } satisfies P.ToWorker);
    try {
      // At the top, `segments` hold level `level`; the log holds the levels before it (and level 0).
      while (!found && !boundedBy) {
        if (segments.every((s) => s.count === 0)) break;
        if (level >= maxDepth) {
          if (level > 0) this.logLevel(segments);
          boundedBy = "depth";
          break;
        }
        const done = await this.expandLevel(level, segments);
        const start = log.levelStart(level);
        let pending: Found | null = null;
        segments = [];
        for (const d of done) {
          segments.push(d.added);
          counts.generated += d.generated;
          counts.deepest = Math.max(counts.deepest, d.deepest);
          found = pick(found, d.found);
          pending = pick(pending, d.pending);
          boundedBy ??= d.boundedBy;
          stepHits[d.worker] = d.stepHits;
          branchHits[d.worker] = d.branchHits;
        }
        if (signal?.aborted && !found) boundedBy ??= "interrupted";
        found ??= pending;
        if (found && found.lastStored >= 0) found = { ...found, lastStored: start + found.lastStored };
        log.release(log.levelEnd(level));
        level++;
        if (found || boundedBy) this.logLevel(segments); // the part of the next level found, for the counts
      }
    } catch (e) {
      if (e instanceof LevelLogSpillError) e.stats = stats();
      throw e;
    } finally {
      if (timer) clearInterval(timer);
      signal?.removeEventListener("abort", interrupt);
    }
    const result = resultOf(model, log, found, stats(), boundedBy);
    result.coverage = {
      stepHits: sum(stepHits, model.steps.length),
      branchHits: sum(branchHits, model.branches.length),
    };
    return result;
  }

  /** Appends the states of `segments` (a level, or the part of one found) to the log as a level. */
  private logLevel(segments: P.Segment[]): void {
    for (const s of segments) this.log.appendMany(new Uint32Array(s.buffer), 0, s.count);
    this.log.endLevel();
  }

  /**
   * Has every worker expand the level; resolves with their reports once all are in. Meanwhile
   * the level (the states the workers added in the level before) goes into the log.
   */
  private async expandLevel(level: number, segments: P.Segment[]): Promise<Done[]> {
    const control = this.control;
    for (let i = 0; i < segments.length; i++) Atomics.store(control, P.cursorOf(i), 0);
    Atomics.store(control, P.C_FINISHED, 0);
    const reports: Done[] = [];
    const all = new Promise<void>((resolve, reject) => {
      this.onDone = (d) => {
        if (this.failure) return reject(this.failure);
        reports.push(d);
        if (reports.length === this.workers.length) resolve();
      };
    });
    for (const w of this.workers) w.postMessage({ type: "level", level, segments } satisfies P.ToWorker);
    if (level > 0) this.logLevel(segments);
    await all;
    this.onDone = null;
    return reports;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.log.close();
    for (const w of this.workers) w.postMessage({ type: "exit" } satisfies P.ToWorker);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The violation to report of two: the one whose state comes first in the level. */
function pick(a: Found | null, b: Found | null): Found | null {
  if (!a) return b;
  if (!b) return a;
  return b.lastStored < a.lastStored ? b : a;
}

/** Element-wise sum of the workers' counts (a worker that never reported adds nothing). */
function sum(perWorker: number[][], length: number): number[] {
  const total = new Array<number>(length).fill(0);
  for (const counts of perWorker) if (counts) counts.forEach((n, i) => (total[i] += n));
  return total;
}
