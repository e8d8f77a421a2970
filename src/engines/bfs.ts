// The exhaustive breadth-first checker, on one thread. In: a Model (model.ts), the options of a
// check and an optional progress reporter. Out: a CheckResult (result.ts): ok, bounded, or the
// first violation with a shortest counterexample, and the statistics of the run.
//
// The worker loop is TLC's, on small parts each in its own file: the visited set says whether a
// successor is new (state-table.ts, or bitstate.ts's Bloom filter); the level log (level-log.ts)
// records new states in order, so the states not yet expanded are the frontier queue and a level
// is a range of the log; the expander (expander.ts) expands one state and checks what it finds;
// and trace.ts rebuilds a counterexample from the log by searching back through the levels. This
// file runs the levels, keeps to the bounds and the memory budget, and reports progress.

import { totalmem } from "node:os";
import type { Model } from "./model.js";
import { BitstateSet, bitstateBytes } from "./bitstate.js";
import { Expander } from "./expander.js";
import { LevelLog, LevelLogSpillError } from "./level-log.js";
import type { CheckOptions, CheckResult, CheckStats, ProgressReporter } from "./result.js";
import { StateTable, type VisitedSet } from "./state-table.js";
import { resultOf } from "./violation.js";

/** States generated between two reads of the clock (and checks of the memory budget). */
const CLOCK_CHECK_INTERVAL = 4096;
const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

/**
 * The default `maxMemoryBytes`: half of the machine's memory. A search that outgrows the machine is
 * killed by the kernel with nothing to show for its minutes of work; stopping at a budget reports
 * the statistics so far instead. Half leaves room for the JavaScript heap, the old table while a
 * larger one is filled, and the rest of the system.
 */
export function defaultMemoryBudget(): number {
  return Math.floor(totalmem() / 2);
}

/** Explores every state reachable from the model's initial states, breadth-first, and checks it. */
export function checkModel(model: Model, options: CheckOptions, reporter?: ProgressReporter): CheckResult {
  const run = new BreadthFirstRun(model, options, reporter);
  try {
    return run.run();
  } finally {
    run.close();
  }
}

/** The visited set a check asks for: bitstate's filter, or the exact table within the budget. */
export function visitedSetFor(
  model: Model,
  options: CheckOptions,
  log: LevelLog,
  budget: number,
): VisitedSet {
  const maxStates = options.maxStates ?? Infinity;
  if (options.bitstate) {
    const bytes = bitstateBytes(options.bitstate.bytes, budget);
    return new BitstateSet(model.packedWords, bytes, options.bitstate.hashes, maxStates);
  }
  const table: StateTable = new StateTable(model.packedWords, model.packedBits, {
    maxStates,
    mayGrow: (bytes) => table.bytes + bytes + log.bytes <= budget,
  });
  return table;
}

/** One run of the checker. */
class BreadthFirstRun {
  private readonly log: LevelLog;
  private readonly visited: VisitedSet;
  private readonly expander: Expander;
  private readonly maxMemory: number;
  private readonly progressIntervalMs: number;
  /** Log index of the next state to expand; the rest of the log is the frontier. */
  private cursor = 0;
  private startMs = 0;
  private nextClockCheck = CLOCK_CHECK_INTERVAL;
  private nextReportMs = 0;

  constructor(
    private readonly model: Model,
    private readonly options: CheckOptions,
    private readonly reporter: ProgressReporter | undefined,
  ) {
    this.maxMemory = options.maxMemoryBytes ?? defaultMemoryBudget();
    this.log = new LevelLog(model.packedWords, options.levelLogKeepBytes);
    this.visited = visitedSetFor(model, options, this.log, this.maxMemory);
    this.expander = new Expander(model, this.visited, this.log, options.allowDeadlock);
    this.progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  run(): CheckResult {
    try {
      return this.search();
    } catch (e) {
      // The statistics so far go with the error: the user sees how far the search got.
      if (e instanceof LevelLogSpillError) e.stats = this.stats(performance.now());
      throw e;
    }
  }

  private search(): CheckResult {
    const { log, expander } = this;
    const maxDepth = this.options.maxDepth ?? Infinity;
    this.startMs = performance.now();
    this.nextReportMs = this.startMs + this.progressIntervalMs;
    expander.initialStates();
    log.endLevel();

    let boundedByDepth = false;
    while (!expander.stopped && this.cursor < log.size) {
      // Level `expander.level` is the log from `cursor` up to `levelEnd`; its successors go after it.
      const levelEnd = log.size;
      if (expander.level >= maxDepth) {
        boundedByDepth = true;
        break;
      }
      while (this.cursor < levelEnd) {
        const index = this.cursor++;
        expander.expand(log.wordsOf(index), log.offsetOf(index), index);
        if (expander.stopped) break;
        if (expander.generated >= this.nextClockCheck) this.tick();
      }
      expander.endLevel();
      if (expander.stopped) break;
      log.endLevel();
      log.release(this.cursor);
      expander.level++;
    }

    const stats = this.stats(performance.now());
    const bitstate = this.visited instanceof BitstateSet;
    const boundedBy = expander.boundedBy ?? (boundedByDepth ? "depth" : bitstate ? "bitstate" : undefined);
    return resultOf(this.model, log, expander.found, stats, boundedBy);
  }

  /** Removes the level log's file, if it made one. */
  close(): void {
    this.log.close();
  }

  /** Checks the memory budget, reads the clock, and reports progress if a report is due. */
  private tick(): void {
    this.nextClockCheck = this.expander.generated + CLOCK_CHECK_INTERVAL;
    if (this.visited.bytes + this.log.bytes > this.maxMemory) this.expander.bound("memory");
    if (!this.reporter) return;
    const now = performance.now();
    if (now < this.nextReportMs) return;
    this.nextReportMs = now + this.progressIntervalMs;
    this.reporter.progress(this.stats(now));
  }

  private stats(now: number): CheckStats {
    return searchStats(this.log.size, this.cursor, this.expander, this.visited, this.log, now - this.startMs);
  }
}

/** The statistics of a search that has stored `distinct` states and begun expanding `begun`. */
export function searchStats(
  distinct: number,
  begun: number,
  counts: { generated: number; deepest: number },
  visited: { readonly bytes: number },
  log: LevelLog,
  elapsedMs: number,
): CheckStats {
  const stats: CheckStats = {
    distinctStates: distinct,
    statesGenerated: counts.generated,
    depth: counts.deepest,
    queued: distinct - begun,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (distinct * 1000) / elapsedMs : 0,
    memoryBytes: visited.bytes + log.bytes,
    visitedBytes: visited.bytes,
  };
  if (visited instanceof BitstateSet) stats.bitstate = visited.stats();
  return stats;
}
