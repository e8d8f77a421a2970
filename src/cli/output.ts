// Everything `check` prints: one block per check (name, met or not, verdict, statistics, and the
// counterexample of a violation), the JSON form of the same, and the progress line on stderr.
// Only cli/ writes to the terminal.

import type { CheckRun } from "../checks/run.js";
import { describeExpectation, describeOutcome } from "../checks/verdict.js";
import type { CheckStats, ProgressReporter } from "../engines/result.js";
import { traceLength } from "../engines/result.js";
import type { Model } from "../engines/model.js";
import type { Trace, Violation } from "../engines/result.js";
import { describeViolation, formatStuck, formatTrace } from "../trace/format.js";
import { diffStates } from "../trace/values.js";
import { formatValue } from "../trace/values.js";

const number = new Intl.NumberFormat("en-US");

/** `12,345 distinct states, 40,000 generated, depth 17, 0.12 s, 102,875 states/s`. */
export function formatStats(s: CheckStats): string {
  return `${number.format(s.distinctStates)} distinct states, ${number.format(s.statesGenerated)} generated, depth ${s.depth}, ${(s.elapsedMs / 1000).toFixed(2)} s, ${number.format(Math.round(s.statesPerSecond))} states/s`;
}

/** The text report of one check run. */
export function formatRun(run: CheckRun): string {
  const r = run.result!;
  const v = r.violation;
  const lines: string[] = [];
  const status = run.verdict!.met ? "met" : "NOT MET";
  let found: string;
  if (v) found = describeViolation(v);
  else if (r.outcome === "bounded")
    found =
      r.boundedBy === "depth"
        ? `bounded: no violation up to depth ${r.stats.depth}`
        : r.boundedBy === "bitstate"
          ? `bounded: no violation in ${number.format(r.stats.distinctStates)} states (bitstate mode, estimated coverage ${bitstateCoverage(r)})`
          : `bounded: no violation in the first ${number.format(r.stats.distinctStates)} states (${r.boundedBy === "memory" ? "max memory" : "max states"} reached)`;
  else found = `no violation in ${number.format(r.stats.distinctStates)} states`;
  lines.push(`check ${run.plan.name}: ${status} (expected ${describeExpectation(run.plan.expect)})`);
  if (!run.verdict!.met && run.verdict!.reason) lines.push(`  ${run.verdict!.reason}`);
  lines.push(`  ${found}`);
  lines.push(`  ${formatStats(r.stats)}`);
  if (run.note) lines.push(`  note: ${run.note}`);
  if (v) {
    lines.push(...formatTrace(run.model!, v.trace));
    if (v.kind === "deadlock") lines.push(...formatStuck(run.model!, v.trace));
  }
  return lines.join("\n");
}

function bitstateCoverage(r: NonNullable<CheckRun["result"]>): string {
  const c = r.stats.bitstate?.estimatedCoverage;
  return c === undefined ? "unknown" : `${(100 * c).toFixed(4)}%`;
}

/** The JSON report of one check run. */
export function runToJson(run: CheckRun, file: string): object {
  const r = run.result!;
  const v = r.violation;
  return {
    file,
    check: run.plan.name,
    expected: describeExpectation(run.plan.expect),
    met: run.verdict!.met,
    reason: run.verdict!.reason,
    outcome: r.outcome,
    found: describeOutcome(r),
    boundedBy: r.boundedBy,
    stats: r.stats,
    violation: v ? violationToJson(run.model!, v) : undefined,
  };
}

/** A violation as JSON: what failed, where, and its counterexample. */
export function violationToJson(model: Model, v: Violation, extra: object = {}): object {
  return {
    kind: v.kind,
    name: v.name,
    message: v.message,
    file: v.file,
    line: v.line,
    ...extra,
    length: traceLength(v.trace),
    trace: traceToJson(model, v.trace),
  };
}

/** A trace as JSON: the initial state in full, then each step with its changes. */
export function traceToJson(model: Model, trace: Trace): object[] {
  const out: object[] = [];
  if (!trace.initial) return out;
  let before = model.show(trace.initial);
  out.push({
    step: 0,
    action: "initial state",
    state: Object.fromEntries(before.map(([k, v]) => [k, formatValue(v)])),
  });
  trace.steps.forEach((s, i) => {
    const after = model.show(s.state);
    const info = model.steps[s.transition.step];
    out.push({
      step: i + 1,
      action: model.describeTransition(s.transition),
      file: info?.file,
      line: info?.line,
      changes: Object.fromEntries(diffStates(before, after).map((c) => [c.path, formatValue(c.after)])),
    });
    before = after;
  });
  if (trace.failingStep) {
    const info = model.steps[trace.failingStep.step];
    out.push({
      step: trace.steps.length + 1,
      action: model.describeTransition(trace.failingStep),
      file: info?.file,
      line: info?.line,
      fails: true,
    });
  }
  return out;
}

/** A progress line on stderr, about once a second, only when stderr is a terminal. */
export function terminalProgress(name: string): ProgressReporter | undefined {
  if (!process.stderr.isTTY) return undefined;
  return {
    progress(s: CheckStats) {
      process.stderr.write(
        `\r\x1b[K  ${name}: ${number.format(s.distinctStates)} states, depth ${s.depth}, ${number.format(s.queued)} queued, ${number.format(Math.round(s.statesPerSecond))} states/s`,
      );
    },
  };
}

/** Clears the progress line. */
export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}
