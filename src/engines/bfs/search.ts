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
import type { Model } from "../../model/model.js";
import { BitstateSet, bitstateBytes } from "../store/bitstate.js";
import { Expander } from "./expander.js";
import { LevelLog, LevelLogSpillError } from "./level-log.js";
import type { CheckOptions, CheckResult, CheckStats, ProgressReporter } from "../result.js";
import { StateTable, type VisitedSet } from "../store/state-table.js";
import { TreeTable, treeCompresses } from "../store/tree-table.js";
import { resultOf } from "./violation.js";
import { branchBaseline } from "../coverage.js";

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
export function searchBreadthFirst(
  model: Model,
  options: CheckOptions,
  reporter?: ProgressReporter,
): CheckResult {
  const run = new BreadthFirstRun(model, options, reporter);
  try {
    while (!run.advance(Infinity));
    return run.result();
  } finally {
    run.close();
  }
}

/** How often the asynchronous checker returns to the event loop (to hear signals and timers). */
const YIELD_INTERVAL_MS = 50;

/**
 * Like searchBreadthFirst, but returns to the event loop every few dozen milliseconds, so that a signal
 * handler can run; when `signal` is aborted the search stops cleanly, as at a bound, and its result
 * is bounded by "interrupted" with the statistics so far.
 */
export async function searchBreadthFirstAsync(
  model: Model,
  options: CheckOptions,
  reporter?: ProgressReporter,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const run = new BreadthFirstRun(model, options, reporter);
  try {
    while (!run.advance(performance.now() + YIELD_INTERVAL_MS)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) run.interrupt();
    }
    return run.result();
  } finally {
    run.close();
  }
}

/**
 * The visited set a check asks for: bitstate's filter, or the exact set within the budget, tree-
 * compressed for states of three words or more (tree-table.ts), where it takes less memory.
 */
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
  const tableOptions = { maxStates, mayGrow: (bytes: number) => table.bytes + bytes + log.bytes <= budget };
  const tree = options.treeCompression ?? true;
  const table: VisitedSet =
    tree !== false && treeCompresses(model.packedWords)
      ? new TreeTable(
          model.packedWords,
          model.packedBits,
          tableOptions,
          tree === true ? undefined : tree.sampleStates,
        )
      : new StateTable(model.packedWords, model.packedBits, tableOptions);
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
  /** Log index where the level being expanded ends, or -1 between levels. */
  private levelEnd = -1;
  private started = false;
  private boundedByDepth = false;
  /** Runs of each either branch in this search (the model counts them, see coverage.ts). */
  private readonly branchRuns: () => number[];
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
    this.branchRuns = branchBaseline(model);
  }

  /**
   * Searches until the search ends (true) or, at a clock check past `pauseAtMs`, pauses (false);
   * called again, it goes on where it paused. A level may be expanded over several calls.
   */
  advance(pauseAtMs: number): boolean {
    try {
      return this.searchUntil(pauseAtMs);
    } catch (e) {
      // The statistics so far go with the error: the user sees how far the search got.
      if (e instanceof LevelLogSpillError) e.stats = this.stats(performance.now());
      throw e;
    }
  }

  private searchUntil(pauseAtMs: number): boolean {
    const { log, expander } = this;
    if (!this.started) {
      this.started = true;
      this.startMs = performance.now();
      this.nextReportMs = this.startMs + this.progressIntervalMs;
      expander.initialStates();
      log.endLevel();
    }
    const maxDepth = this.options.maxDepth ?? Infinity;
    while (!expander.stopped) {
      if (this.levelEnd < 0) {
        // Level `expander.level` is the log from `cursor` up to `levelEnd`; its successors go after it.
        if (this.cursor >= log.size) return true;
        if (expander.level >= maxDepth) {
          this.boundedByDepth = true;
          return true;
        }
        this.levelEnd = log.size;
      }
      const levelEnd = this.levelEnd;
      while (this.cursor < levelEnd) {
        const index = this.cursor++;
        expander.expand(log.wordsOf(index), log.offsetOf(index), index);
        if (expander.stopped) break;
        if (expander.generated >= this.nextClockCheck && this.tick() >= pauseAtMs) return false;
      }
      expander.endLevel();
      if (expander.stopped) break;
      log.endLevel();
      log.release(this.cursor);
      expander.level++;
      this.levelEnd = -1;
    }
    return true;
  }

  /** Stops the search where it is, as at a bound (an interrupt). */
  interrupt(): void {
    if (!this.expander.stopped) this.expander.bound("interrupted");
  }

  /** The result of the search so far (complete once advance returned true). */
  result(): CheckResult {
    const { expander } = this;
    const stats = this.stats(performance.now());
    const bitstate = this.visited instanceof BitstateSet;
    const boundedBy =
      expander.boundedBy ?? (this.boundedByDepth ? "depth" : bitstate ? "bitstate" : undefined);
    const result = resultOf(this.model, this.log, expander.found, stats, boundedBy);
    result.coverage = { stepHits: Array.from(expander.stepHits), branchHits: this.branchRuns() };
    result.profile = {
      stepNewStates: Array.from(expander.stepNewStates),
      levelStates: expander.levelStates.slice(),
    };
    return result;
  }

  /** Removes the level log's file, if it made one. */
  close(): void {
    this.log.close();
  }

  /** Checks the memory budget, reads the clock, and reports progress if a report is due; returns the time. */
  private tick(): number {
    this.nextClockCheck = this.expander.generated + CLOCK_CHECK_INTERVAL;
    if (this.visited.bytes + this.log.bytes > this.maxMemory) this.expander.bound("memory");
    const now = performance.now();
    if (!this.reporter || now < this.nextReportMs) return now;
    this.nextReportMs = now + this.progressIntervalMs;
    this.reporter.progress(this.stats(now));
    return now;
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
