// What the parallel checker's threads share and say to each other. In/out: the indices of the
// control words (an Int32Array over a SharedArrayBuffer) and the messages between the coordinator
// (parallel.ts) and its workers (parallel-worker.ts).
//
// Why a file of its own: both sides must agree on every index and field.

import type { ModelFactory } from "../threads/model-factory.js";
import type { CheckOptions } from "../result.js";
import type { SharedTableHandle } from "../store/shared-table.js";
import type { Found } from "../bfs/violation.js";

/**
 * Control words, each on a cache line of its own (16 words apart): a word one thread writes
 * often would otherwise evict the line the others read on every state.
 */
const LINE = 16;
export const C_COUNT = 0 * LINE; // distinct states stored (kept only under maxStates; else progress)
export const C_INITIAL = 1 * LINE; // workers that have stored their share of the initial states
export const C_STOP = 2 * LINE; // 1: stop expanding (a final violation, a bound, or memory)
export const C_SCAN = 3 * LINE; // 1: a violation one step deeper was found: look only for deadlocks
export const C_FINISHED = 4 * LINE; // workers that have expanded and sent all of this level
/** Next unclaimed index of segment `segment` of the level being expanded. */
export const cursorOf = (segment: number): number => (5 + segment) * LINE;
/** Control words for `workers` workers (a level has a segment per worker). */
export const controlWords = (workers: number): number => cursorOf(Math.max(1, workers));

/** The worker's start-up data. */
export interface WorkerSetup {
  factory: ModelFactory;
  options: Pick<CheckOptions, "allowDeadlock" | "maxStates">;
  control: SharedArrayBuffer;
  /** The visited set all workers share. */
  table: SharedTableHandle;
  worker: number;
  workers: number;
}

/**
 * Packed states one after another in a shared buffer: what one worker added in a level. A level
 * is the concatenation of its segments (plain shared buffers: in Node 20 a view of a growable one
 * reads five times slower).
 */
export interface Segment {
  buffer: SharedArrayBuffer;
  count: number;
}

/** Coordinator to worker. */
export type ToWorker =
  | { type: "initial"; states: Segment }
  | { type: "level"; level: number; segments: Segment[] }
  | { type: "exit" };

/** Worker to coordinator. */
export type FromWorker =
  | { type: "ready" }
  | {
      type: "done";
      /** The states this worker added (its part of the next level), valid until it expands the level after next. */
      added: Segment;
      /** Successors generated in this level. */
      generated: number;
      deepest: number;
      found: Found | null;
      pending: Found | null;
      boundedBy: "states" | "memory" | "interrupted" | undefined;
      /** Which worker reports. */
      worker: number;
      /** Coverage so far of this worker's whole search: successors per step, runs per either branch. */
      stepHits: number[];
      branchHits: number[];
    };
