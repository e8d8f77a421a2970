// What a check asks for and what it gives back: the options of a run, the verdict with its
// statistics, the violation with its counterexample, and the progress reporter through which an
// engine talks to the CLI while it runs. These are plain data shared by every engine (breadth-first
// checker, simulator, replay) and by the CLI and trace printers, so they live apart from any
// one engine. Engines never write to the terminal; they return a CheckResult and call a reporter.

import type { Transition } from "./model.js";

/** Bounds and switches of one check, from a `check` block and the command line. */
export interface CheckOptions {
  /** Explore at most this many steps from an initial state: states at this depth are stored and
   *  checked, but not expanded (so no deadlock is reported for them). */
  maxDepth?: number;
  /** Stop cleanly, with the statistics so far, when the distinct-state count would exceed this. */
  maxStates?: number;
  /** `allow deadlock`: a state without any successor is not a violation. */
  allowDeadlock: boolean;
  /** Milliseconds between progress reports (default 1000); the clock is read every few thousand states. */
  progressIntervalMs?: number;
}

/** One step of a counterexample: the transition that fired and the state it led to (slots, unpacked). */
export interface TraceStep {
  transition: Transition;
  state: Int32Array;
}

/** A counterexample: an initial state and the steps from it, shortest first (breadth-first). */
export interface Trace {
  /** The initial state, or null when the initial states could not be computed (an error in an
   *  initializer; `failingStep` then says which, if the model knew). */
  initial: Int32Array | null;
  steps: TraceStep[];
  /** For a failed assert or a runtime error in a step: the transition that threw. It has no post-state. */
  failingStep?: Transition;
  /**
   * For a liveness counterexample (a lasso): the number of steps before the cycle. The steps from
   * there on form the cycle, which ends in the state the cycle started from; when no step follows,
   * the behaviour stays in the last state forever (stuttering).
   */
  cycleStart?: number;
}

/** The number of steps in a counterexample, counting a failing step. */
export function traceLength(trace: Trace): number {
  return trace.steps.length + (trace.failingStep ? 1 : 0);
}

export type ViolationKind = "invariant" | "assert" | "runtime" | "deadlock" | "liveness";

/** Why a check failed, with the shortest counterexample found. */
export interface Violation {
  kind: ViolationKind;
  /** The invariant's name, for kind `invariant`. */
  name?: string;
  message: string;
  /** Source location of the failing statement, for kinds `assert` and `runtime`. */
  file?: string;
  line?: number;
  trace: Trace;
}

/** Statistics of a run, as the CLI prints them. */
export interface CheckStats {
  /** Distinct states stored (initial states included; successors cut off by a constraint excluded). */
  distinctStates: number;
  /** States the model emitted: initial states plus every successor, duplicates and constrained ones included (as TLC counts). */
  statesGenerated: number;
  /** Depth of the deepest stored state: the most steps from an initial state (an initial state has depth 0). */
  depth: number;
  /** States still to expand (the frontier); 0 when the search is complete. */
  queued: number;
  elapsedMs: number;
  /** Distinct states per second. */
  statesPerSecond: number;
  /** Bytes allocated for packed states, parent links and the visited set's table. */
  memoryBytes: number;
}

/** The verdict of a check: `ok` means the whole reachable graph was explored without a violation;
 *  `bounded` means no violation up to the bound in `boundedBy`, which is not a pass. */
export interface CheckResult {
  outcome: "ok" | "bounded" | "violation";
  violation?: Violation;
  stats: CheckStats;
  /** Which bound stopped an otherwise clean search: states at `maxDepth` were left unexpanded, or
   *  one more distinct state would have exceeded `maxStates`. */
  boundedBy?: "depth" | "states";
}

/** Receives progress about once a second while a check runs, so the CLI can print a line. */
export interface ProgressReporter {
  progress(stats: CheckStats): void;
}
