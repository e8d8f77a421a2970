// A violation as a search finds it, and the CheckResult made of it. In: what the search recorded
// when it found the violation (its kind, the last stored state on the path, and the state and
// transition after it), the level log and the statistics. Out: the CheckResult with a Violation
// whose trace trace.ts rebuilt from the log.
//
// Shared by the serial checker (bfs.ts) and the parallel one (parallel.ts): both record the same
// facts, and the trace is built once the search has stopped, on the main thread.

import type { Model, Transition } from "../../model/model.js";
import type { LevelLog } from "./level-log.js";
import type { CheckResult, CheckStats, Trace, Violation, ViolationKind } from "../result.js";
import { stepTo, traceTo } from "../counterexample.js";

/** A violation as the search finds it; its trace is built once the search has stopped. */
export interface Found {
  kind: ViolationKind;
  name?: string;
  message: string;
  file?: string;
  line?: number;
  /** Log index of the last stored state on the trace, or -1 when the trace has no stored state. */
  lastStored: number;
  /** The level (depth) of `lastStored`. */
  lastLevel: number;
  /** A state after `lastStored` that failed but was not (or not yet) on the path: the violating
   *  successor, or the violating initial state when `lastStored` is -1. */
  endState: Int32Array | null;
  /** The transition to `endState`, when known; for a successor without one, replay finds it. */
  endTransition: Transition | null;
  /** The step that threw, for an assert or runtime error in a step. */
  failingStep?: Transition;
}

/** The result of a search that stopped with `found` (or none), with its statistics. */
export function resultOf(
  model: Model,
  log: LevelLog,
  found: Found | null,
  stats: CheckStats,
  boundedBy: CheckResult["boundedBy"],
): CheckResult {
  if (found) {
    const violation: Violation = {
      kind: found.kind,
      message: found.message,
      trace: traceOf(model, log, found),
    };
    if (found.name !== undefined) violation.name = found.name;
    if (found.file !== undefined) violation.file = found.file;
    if (found.line !== undefined) violation.line = found.line;
    return { outcome: "violation", violation, stats };
  }
  if (boundedBy) return { outcome: "bounded", stats, boundedBy };
  return { outcome: "ok", stats };
}

function traceOf(model: Model, log: LevelLog, f: Found): Trace {
  const trace: Trace =
    f.lastStored < 0 ? { initial: f.endState, steps: [] } : traceTo(model, log, f.lastLevel, f.lastStored);
  if (f.lastStored >= 0 && f.endState !== null) {
    const last = trace.steps.length > 0 ? trace.steps[trace.steps.length - 1].state : trace.initial!;
    const step = f.endTransition
      ? { transition: f.endTransition, state: f.endState }
      : stepTo(model, last, f.endState);
    if (step === null)
      throw new Error("trace replay failed: the violating state is no successor of the last state");
    trace.steps.push(step);
  }
  if (f.failingStep) trace.failingStep = f.failingStep;
  return trace;
}
