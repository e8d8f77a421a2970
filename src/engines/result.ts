// What a check asks for and what it gives back: the options of a run, the verdict with its
// statistics, the violation with its counterexample, and the progress reporter through which an
// engine talks to the CLI while it runs. These are plain data shared by every engine (breadth-first
// checker, simulator, replay) and by the CLI and trace printers, so they live apart from any
// one engine. Engines never write to the terminal; they return a CheckResult and call a reporter.

import type { Model, Transition } from "../model/model.js";
import type { RefinementViolation } from "./refinement/search.js";
import type { Coverage } from "./coverage.js";

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
  /** Stop cleanly, with the statistics so far, before the visited set and the frontier would take
   *  more bytes than this (default: defaultMemoryBudget() in memory.ts, half the machine's memory). */
  maxMemoryBytes?: number;
  /** Bitstate (supertrace) mode: a Bloom filter replaces the exact visited set, so a state may be
   *  wrongly taken for one already seen; the result then carries an estimated coverage. */
  bitstate?: BitstateOptions;
  /** Bytes of already expanded states the level log keeps in memory before moving them to a
   *  temporary file (default 4 MiB; see level-log.ts). */
  levelLogKeepBytes?: number;
  /** Tree compression of the exact visited set for states of three words or more (tree-table.ts;
   *  default on): false stores states inline; `sampleStates` is how many states are stored inline
   *  first, to plan the tree on (default 8192; tests set it low so that small specs use the tree). */
  treeCompression?: boolean | { sampleStates: number };
}

/** Size of the Bloom filter of bitstate mode. */
export interface BitstateOptions {
  /** Bytes of bits (default: 512 MiB, or a quarter of maxMemoryBytes if that is less). */
  bytes?: number;
  /** Bits set per state (default 3, as SPIN's -k3). */
  hashes?: number;
}

/** What bitstate mode reports besides the usual statistics. */
export interface BitstateStats {
  bits: number;
  hashes: number;
  /** Bits of the filter per distinct state found (SPIN's "hash factor"). */
  bitsPerState: number;
  /** The chance that a new state would now be taken for a seen one. */
  falsePositiveRate: number;
  /** Estimated share of the reachable states found: found / (found + expected omissions). */
  estimatedCoverage: number;
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

export type ViolationKind = "invariant" | "assert" | "runtime" | "deadlock" | "liveness" | "refinement";

/** Why a check failed, with the shortest counterexample found. */
export interface Violation {
  kind: ViolationKind;
  /** The invariant's name, for kind `invariant`; the refined spec's, for kind `refinement`. */
  name?: string;
  message: string;
  /** Source location of the failing statement, for kinds `assert` and `runtime`. */
  file?: string;
  line?: number;
  trace: Trace;
  /** For kind `refinement`: the refined spec's model and the trace in its vocabulary too. */
  refinement?: { abstract: Model; detail: RefinementViolation };
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
  /** Bytes allocated for the visited set and the frontier (the part of the level log in memory). */
  memoryBytes: number;
  /** Bytes of the visited set alone (the hash table, or bitstate's filter): what storing the states costs. */
  visitedBytes?: number;
  /** Present in bitstate mode. */
  bitstate?: BitstateStats;
}

/** The verdict of a check: `ok` means the whole reachable graph was explored without a violation;
 *  `bounded` means no violation up to the bound in `boundedBy`, which is not a pass. */
export interface CheckResult {
  outcome: "ok" | "bounded" | "violation";
  violation?: Violation;
  stats: CheckStats;
  /** Which bound stopped an otherwise clean search: states at `maxDepth` were left unexpanded, one
   *  more distinct state would have exceeded `maxStates`, or the visited set would have grown
   *  beyond `maxMemoryBytes`. A bitstate search that finds no violation is never `ok` (the filter may
   *  have skipped states): it is bounded by "bitstate", with its estimated coverage in the stats.
   *  An interrupted search (SIGINT, SIGTERM) is bounded by "interrupted". */
  boundedBy?: "depth" | "states" | "memory" | "bitstate" | "interrupted";
  /** Which steps and either branches fired during the search (coverage.ts). */
  coverage?: Coverage;
  /** Where the state space comes from (a search on one thread only). */
  profile?: SearchProfile;
}

/** Receives progress about once a second while a check runs, so the CLI can print a line. */
export interface ProgressReporter {
  progress(stats: CheckStats): void;
}

/** Where a breadth-first search's states came from: `check --profile`. */
export interface SearchProfile {
  /** For each of Model.steps: the distinct states it reached first (in breadth-first order). */
  stepNewStates: number[];
  /** Distinct states stored at each depth (index 0: the initial states). */
  levelStates: number[];
}
