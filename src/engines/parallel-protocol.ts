// What the parallel checker's threads share and say to each other. In/out: the indices of the
// control words (an Int32Array over a SharedArrayBuffer) and the messages between the coordinator
// (parallel.ts) and its workers (parallel-worker.ts).
//
// Why a file of its own: both sides must agree on every index and field, and the shared table
// (shared-table.ts) reads some of the same words.

import type { CheckOptions } from "./result.js";
import type { SharedTableHandle } from "./shared-table.js";
import type { Found } from "./violation.js";

/** Control words. */
export const C_COUNT = 0; // distinct states in the table
export const C_GROW = 1; // 1 while a larger table is wanted: threads park at their next add
export const C_PARKED = 2; // threads parked for the table to grow
export const C_EPOCH = 3; // bumped when parked threads may go on
export const C_STOP = 4; // 1: stop expanding (a final violation, a bound, or memory)
export const C_SCAN = 5; // 1: a violation one step deeper was found: look only for deadlocks
export const C_CURSOR = 6; // next unclaimed index of the level being expanded
export const C_ACTIVE = 7; // workers still expanding the current level
export const CONTROL_WORDS = 8;

/** How a worker gets its own copy of the model: `(await import(module))[exportName](argument)`. */
export interface ModelFactory {
  /** URL (file://...) of a JavaScript module. */
  module: string;
  exportName: string;
  /** Structured-cloneable argument, e.g. the generated source and the ignored invariants. */
  argument: unknown;
}

/** The worker's start-up data. */
export interface WorkerSetup {
  factory: ModelFactory;
  options: Pick<CheckOptions, "allowDeadlock" | "maxStates">;
  control: SharedArrayBuffer;
  table: SharedTableHandle;
  /** The level being expanded, as packed states one after another (a growable buffer). */
  level: SharedArrayBuffer;
}

/** Coordinator to worker. */
export type ToWorker = { type: "level"; level: number; size: number } | { type: "exit" };

/** Coordinator to worker, on the worker's own port (read synchronously while parked). */
export interface TableMessage {
  type: "table";
  table: SharedTableHandle;
}

/** Worker to coordinator. */
export type FromWorker =
  | { type: "ready" }
  | { type: "grow" }
  | {
      type: "done";
      /** The states this worker added, packed one after another. */
      added: Uint32Array;
      addedCount: number;
      /** Successors generated in this level. */
      generated: number;
      deepest: number;
      found: Found | null;
      pending: Found | null;
      boundedBy: "states" | "memory" | undefined;
    };
