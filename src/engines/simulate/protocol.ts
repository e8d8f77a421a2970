// What the threads of a parallel simulation share and say to each other. In/out: the layout of the
// shared run words and of the progress counters, a worker's start-up data and its one message, and
// SharedRuns, the RunSource by which a worker claims runs.
//
// Why a file of its own: the coordinator (simulate-parallel.ts) and its workers (simulate-worker.ts)
// must agree on every index and field.
//
// Two words order the runs. NEXT is the first run nobody has claimed; a worker claims runs in
// chunks, so it touches the shared line once per chunk and not once per run. BOUND is the lowest
// run index known to find a violation (initially `runs`): no worker starts a run at or past it, but
// each finishes the runs below it. Every run below the final bound is therefore walked, and the
// violation of the lowest run index is the one a single thread, walking them in order, would find.

import type { ModelFactory } from "../threads/model-factory.js";
import type { RunSource, SimulateOptions, SimulationResult, SimulationStats } from "./simulate.js";

/** The shared run words, each on a cache line of its own (16 words apart): NEXT is written at
 *  every claim, BOUND read before every run. */
const LINE = 16;
export const R_NEXT = 0 * LINE;
export const R_BOUND = 1 * LINE;
export const RUN_WORDS = 2 * LINE;

/** Runs claimed at a time: few enough that the runs walked past a violation stay few. */
export const CHUNK = 32;

/** The statistics that add up over the workers (longestRun is their maximum). */
export const SUMMED_STATS = [
  "runs",
  "steps",
  "stuckRuns",
  "finishedRuns",
  "cutRuns",
  "constrainedRuns",
] as const;

/** A worker's progress counters, in a Float64Array of PROGRESS_FIELDS numbers per worker:
 *  SUMMED_STATS, then longestRun. */
export const PROGRESS_FIELDS = SUMMED_STATS.length + 1;

/** The largest `runs` a parallel simulation takes: run indices live in 32-bit words. */
export const MAX_PARALLEL_RUNS = 0xffffffff;

/** A worker's start-up data. */
export interface WorkerSetup {
  factory: ModelFactory;
  options: SimulateOptions;
  /** RUN_WORDS Uint32 words: NEXT and BOUND. */
  runs: SharedArrayBuffer;
  /** PROGRESS_FIELDS Float64 numbers per worker. */
  progress: SharedArrayBuffer;
  worker: number;
}

/** A worker's one message: the runs it walked, and the violation of the first of them to find one. */
export interface Done {
  type: "done";
  result: SimulationResult;
}

/** Writes a worker's statistics where the coordinator sums them for progress reports. */
export function writeProgress(progress: Float64Array, worker: number, stats: SimulationStats): void {
  const base = worker * PROGRESS_FIELDS;
  for (let i = 0; i < SUMMED_STATS.length; i++) progress[base + i] = stats[SUMMED_STATS[i]];
  progress[base + SUMMED_STATS.length] = stats.longestRun;
}

/** A worker's runs: claimed from NEXT in chunks, none at or past BOUND. */
export class SharedRuns implements RunSource {
  private index = 0;
  private end = 0;

  constructor(private readonly words: Uint32Array) {}

  next(): number {
    const words = this.words;
    if (this.index < this.end && this.index < Atomics.load(words, R_BOUND)) return this.index++;
    for (;;) {
      const bound = Atomics.load(words, R_BOUND);
      const start = Atomics.load(words, R_NEXT);
      if (start >= bound) return -1;
      // Never past the bound, so NEXT stays within 32 bits.
      const end = Math.min(start + CHUNK, bound);
      if (Atomics.compareExchange(words, R_NEXT, start, end) === start) {
        this.index = start + 1;
        this.end = end;
        return start;
      }
    }
  }

  violated(index: number): void {
    const words = this.words;
    for (;;) {
      const bound = Atomics.load(words, R_BOUND);
      if (index >= bound || Atomics.compareExchange(words, R_BOUND, bound, index) === bound) return;
    }
  }
}
