// Writes a counterexample to the file named by `--out`, in the Informal Trace Format (see
// src/trace/itf.ts). Shared by `check` and `simulate`: a run of several checks writes the first
// violation found, and says so, since one file holds one trace.

import type { Model } from "../model/model.js";
import type { Violation } from "../engines/result.js";
import type { ConstOverride } from "../typecheck/consts.js";
import { itfToText, traceToItf, type ItfOrigin } from "../trace/itf.js";
import { ownedFileProblem, writeReplacing } from "../report/write-report.js";
import { UsageError } from "./options.js";

/** What a command knows about the run that found a violation. */
export interface TraceSource {
  file: string;
  check: string;
  consts: readonly ConstOverride[];
  constants?: ReadonlyMap<string, number | boolean>;
  engine: ItfOrigin["engine"];
  seed?: number;
}

/** Remembers whether a command has written its trace file yet, and writes the first violation. */
export class TraceFileWriter {
  private written: string | null = null;

  /** Refuses, before any search runs, a target that is not a file vmaspec may replace. */
  constructor(private readonly path: string | undefined) {
    const problem = path === undefined ? undefined : traceTargetProblem(path);
    if (problem) throw new UsageError(problem);
  }

  /** Writes the violation if `--out` was given and nothing was written yet; returns a line for the user, or null. */
  offer(model: Model, violation: Violation, source: TraceSource): string | null {
    if (this.path === undefined) return null;
    if (this.written !== null)
      return `(trace not written: ${this.path} already holds the trace of check ${this.written}; use --check to choose)`;
    if (!violation.trace.initial) return `(trace not written: the initial state could not be computed)`;
    const origin: ItfOrigin = {
      source: source.file,
      check: source.check,
      consts: Object.fromEntries(
        source.consts.flatMap((c) => (c.value === undefined ? [] : [[c.name, c.value]])),
      ),
      engine: source.engine,
    };
    if (source.constants) origin.constants = Object.fromEntries(source.constants);
    if (source.seed !== undefined) origin.seed = source.seed;
    try {
      writeReplacing(this.path, itfToText(traceToItf(model, violation, origin)));
    } catch (e) {
      throw new UsageError(`cannot write ${this.path}: ${(e as Error).message}`);
    }
    this.written = source.check;
    return `trace written to ${this.path} (ITF; replay with: vmaspec replay ${source.file} ${this.path})`;
  }

  /** A line for the user when `--out` was given but no check produced a trace, or null. */
  finish(): string | null {
    return this.path !== undefined && this.written === null
      ? `(no violation found: nothing written to ${this.path})`
      : null;
  }
}

/** What every trace file vmaspec writes begins with (src/trace/itf.ts, itfToText). */
const ITF_START = '{\n  "#meta": {"format":"ITF",';
const ITF_AUTHOR = '"description":"Created by vmaspec';

/** Why `path` may not take a trace, or undefined: absent, or a trace vmaspec wrote. */
export function traceTargetProblem(path: string): string | undefined {
  return ownedFileProblem(
    path,
    "trace",
    "a trace vmaspec wrote",
    (head) => head.startsWith(ITF_START) && head.includes(ITF_AUTHOR),
  );
}
