// Everything `check` prints: one block per check (name, met or not, verdict, statistics, and the
// counterexample of a violation), the JSON form of the same, and the progress line on stderr.
// Only cli/ writes to the terminal.

import { formatCounterexample, type TraceStyle } from "../trace/lanes.js";
import type { CheckRun } from "../checks/run.js";
import { describeExpectation, describeOutcome, type VerdictStatus } from "../checks/verdict.js";
import type { CheckStats, ProgressReporter } from "../engines/result.js";
import { traceLength } from "../engines/result.js";
import type { Model } from "../model/model.js";
import type { Trace, Violation } from "../engines/result.js";
import { describeViolation, explainViolation } from "../trace/format.js";
import { diffStates } from "../trace/values.js";
import { explainLasso } from "../trace/why-liveness.js";
import { refinementToJson } from "../trace/refinement.js";
import { formatValue } from "../trace/values.js";

const number = new Intl.NumberFormat("en-US");

/** `12,345 distinct states, 40,000 generated, depth 17, 0.12 s, 102,875 states/s`. */
export function formatStats(s: CheckStats): string {
  return `${number.format(s.distinctStates)} distinct states, ${number.format(s.statesGenerated)} generated, depth ${s.depth}, ${(s.elapsedMs / 1000).toFixed(2)} s, ${number.format(Math.round(s.statesPerSecond))} states/s`;
}

/** `met`, `NOT MET` or `INCONCLUSIVE`: a verdict's status as printed. */
export function statusWord(status: VerdictStatus): string {
  return status === "met" ? "met" : status === "not met" ? "NOT MET" : "INCONCLUSIVE";
}

/** What a search without a violation covered, in words. */
function foundWithoutViolation(r: NonNullable<CheckRun["result"]>): string {
  if (r.outcome !== "bounded") return `no violation in ${number.format(r.stats.distinctStates)} states`;
  switch (r.boundedBy) {
    case "depth":
      return `bounded: no violation up to depth ${r.stats.depth}`;
    case "bitstate":
      return `bounded: no violation in ${number.format(r.stats.distinctStates)} states (bitstate mode, estimated coverage ${bitstateCoverage(r)})`;
    case "interrupted":
      return `interrupted: no violation in the first ${number.format(r.stats.distinctStates)} states (${number.format(r.stats.queued)} still queued)`;
    default:
      return `bounded: no violation in the first ${number.format(r.stats.distinctStates)} states (${r.boundedBy === "memory" ? "max memory" : "max states"} reached)`;
  }
}

/** `safety search: ...` and `liveness: ...` lines, when the check has liveness properties. */
function formatPhases(run: CheckRun): string[] {
  const phases = run.phases ?? [];
  const live = phases.find((p) => p.phase === "liveness");
  const r = run.result!;
  if (!live) return [`  ${formatStats(r.stats)}`];
  const safety = phases.find((p) => p.phase === "safety")!;
  const lines = [`  safety search: ${formatStats(r.stats)}; checked ${safety.checked.join(", ")}`];
  if (live.skipped) lines.push(`  liveness: ${live.checked.join(", ")} not checked: ${live.skipped}`);
  else
    lines.push(
      `  liveness: ${live.checked.join(", ")} on a graph of ${number.format(live.states)} states, ${seconds(live.elapsedMs)}, ${number.format(Math.round(live.statesPerSecond))} states/s`,
    );
  lines.push(`  total time ${seconds(safety.elapsedMs + live.elapsedMs)}`);
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The coverage warning: what never fired, each with its file:line. */
function formatUncovered(run: CheckRun): string[] {
  const gaps = run.uncovered;
  if (!gaps?.length) return [];
  const within = run.result!.outcome === "bounded" ? " within the check's bound" : "";
  return [
    `  warning: ${gaps.length === 1 ? "1 part" : `${gaps.length} parts`} of the spec never fired${within} (dead code, or a guard that never holds):`,
    ...gaps.map((u) => `    ${u.file}:${u.line}: ${u.kind === "branch" ? "" : `${u.kind} `}${u.label}`),
  ];
}

/** The text report of one check run. */
export function formatRun(run: CheckRun, style: TraceStyle = "steps"): string {
  const r = run.result!;
  const v = r.violation;
  const verdict = run.verdict!;
  const lines: string[] = [];
  const found = v ? describeViolation(v) : foundWithoutViolation(r);
  // A pin that was not compared is not part of what the verdict met.
  const expected = run.statesCompared === false ? { ...run.plan.expect, states: undefined } : run.plan.expect;
  lines.push(
    `check ${run.plan.name}: ${statusWord(verdict.status)} (expected ${describeExpectation(expected)})`,
  );
  if (verdict.reason) lines.push(`  ${verdict.reason}`);
  lines.push(`  ${found}`);
  lines.push(...formatPhases(run));
  lines.push(...formatRefinements(run));
  lines.push(...formatReduction(run));
  lines.push(...formatUncompared(run));
  if (run.note) lines.push(`  note: ${run.note}`);
  lines.push(...formatUncovered(run));
  if (v) lines.push(...formatCounterexample(run.model!, v, style));
  return lines.join("\n");
}

/** Says that a pinned state count was not compared, and why. */
function formatUncompared(run: CheckRun): string[] {
  const pinned = run.plan.expect.states;
  if (run.statesCompared !== false || pinned === undefined) return [];
  const why = run.reduction?.on
    ? "partial-order reduction stores fewer states"
    : "the command line changed the configuration";
  return [`  (expect states ${pinned} not compared: ${why})`];
}

/** `refinement of Abs: ...` lines: the transitions each refinement check covered, or why it did not run. */
function formatRefinements(run: CheckRun): string[] {
  return (run.refinements ?? []).map((r) => {
    if (!r.result) return `  refinement of ${r.name}: not checked: ${r.skipped}`;
    const s = r.result.stats;
    const scope =
      r.result.outcome === "bounded"
        ? ` (bounded by ${r.result.boundedBy === "depth" ? "max depth" : "max states"})`
        : "";
    const mapped = `${number.format(s.abstractSteps)} map to abstract steps, ${number.format(s.stutters)} to stutters, onto ${number.format(s.abstractStates)} abstract states`;
    if (r.result.violation)
      return `  refinement of ${r.name}: stopped at transition ${number.format(s.transitions)} (from ${number.format(s.states)} states), which does not map; before it ${mapped}`;
    const counts = `${number.format(s.transitions)} transitions from ${number.format(s.states)} states${scope}: ${mapped}`;
    return `  refinement of ${r.name}: ${counts}`;
  });
}

/** The partial-order reduction line, when --por was given. */
function formatReduction(run: CheckRun): string[] {
  const por = run.reduction;
  if (!por) return [];
  if (!por.on) return [`  partial-order reduction: off (${por.off})`];
  const counts =
    por.reducedStates === undefined
      ? ""
      : `; ${number.format(por.reducedStates)} of ${number.format(por.reducedStates + por.fullStates!)} states expanded by one process instance's steps`;
  const live = run.model?.properties.length ? "; liveness checked on the full graph" : "";
  const trace = run.result!.violation
    ? "; the counterexample replays in the full model but may not be the shortest"
    : "";
  return [
    `  partial-order reduction: on: ${number.format(run.result!.stats.distinctStates)} states (partial-order reduced)${counts}${live}${trace}`,
  ];
}

function bitstateCoverage(r: NonNullable<CheckRun["result"]>): string {
  const c = r.stats.bitstate?.estimatedCoverage;
  return c === undefined ? "unknown" : `${(100 * c).toFixed(4)}%`;
}

/** Statistics as JSON: counts, bytes and milliseconds as integers. */
export function statsToJson(s: CheckStats): object {
  return {
    distinctStates: s.distinctStates,
    statesGenerated: s.statesGenerated,
    depth: s.depth,
    queued: s.queued,
    elapsedMs: Math.round(s.elapsedMs),
    statesPerSecond: Math.round(s.statesPerSecond),
    memoryBytes: s.memoryBytes,
    visitedBytes: s.visitedBytes,
    bitstate: s.bitstate,
  };
}

/** The JSON report of one check run: one line of the JSON Lines output. */
export function runToJson(run: CheckRun, file: string): object {
  const r = run.result!;
  const v = r.violation;
  return {
    file,
    check: run.plan.name,
    expected: describeExpectation(run.plan.expect),
    status: run.verdict!.status,
    met: run.verdict!.met,
    reason: run.verdict!.reason,
    outcome: r.outcome,
    found: describeOutcome(r),
    boundedBy: r.boundedBy,
    interrupted: r.boundedBy === "interrupted" ? true : undefined,
    stats: statsToJson(r.stats),
    phases: run.phases?.map((p) => ({
      ...p,
      elapsedMs: Math.round(p.elapsedMs),
      statesPerSecond: Math.round(p.statesPerSecond),
    })),
    note: run.note,
    partialOrderReduction: run.reduction,
    refinements: run.refinements?.map((r) => ({
      name: r.name,
      outcome: r.result?.outcome,
      boundedBy: r.result?.boundedBy,
      skipped: r.skipped,
      stats: r.result ? { ...r.result.stats, elapsedMs: Math.round(r.result.stats.elapsedMs) } : undefined,
    })),
    uncovered: run.uncovered,
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
    ...(v.kind === "invariant" || v.kind === "assert" ? { why: explainViolation(model, v) } : {}),
    ...(v.kind === "liveness" ? { cycle: explainLasso(model, v.trace) } : {}),
    ...(v.refinement ? { refinement: refinementToJson(model, v.refinement) } : {}),
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

/** Seconds between progress lines when --progress is not given: a terminal's line is redrawn every
 *  second; a log (CI) gets a line every 10 seconds, so a short run prints none. */
export function defaultProgressSeconds(): number {
  return process.stderr.isTTY ? 1 : 10;
}

/**
 * Progress lines on stderr every `seconds` (0: none): redrawn in place on a terminal, one line each
 * otherwise (CI logs), so that a long run shows it is alive and how fast it goes.
 */
export function progressReporter(name: string, intervalSeconds: number): ProgressReporter | undefined {
  if (intervalSeconds <= 0) return undefined;
  const tty = process.stderr.isTTY;
  return {
    progress(s: CheckStats) {
      const line = `${name}: ${number.format(s.distinctStates)} states, depth ${s.depth}, ${number.format(s.queued)} queued, ${number.format(Math.round(s.statesPerSecond))} states/s, ${Math.round(s.elapsedMs / 1000)} s`;
      process.stderr.write(tty ? `\r\x1b[K  ${line}` : `vmaspec: progress: ${line}\n`);
    },
  };
}

/** Clears the progress line. */
export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}
