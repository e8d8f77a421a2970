// Everything `simulate` prints: one block per check (name, met or not, what was found, the seed
// that reproduces it, run and step statistics, coverage of steps and `either` branches, and the
// trace of a violation), the JSON form of the same, and the progress line on stderr.

import { formatCounterexample, type TraceStyle } from "../trace/lanes.js";
import { describeSimulationOutcome, type SimulationRun } from "../checks/simulate.js";
import { describeExpectation } from "../checks/verdict.js";
import type { Model } from "../model/model.js";
import { traceLength } from "../engines/result.js";
import type { SimulationReporter, SimulationStats } from "../engines/simulate/simulate.js";
import { uncovered, type Coverage, type Uncovered } from "../engines/coverage.js";
import { describeViolation } from "../trace/format.js";
import { statusWord, violationToJson } from "./output.js";
import { shellWord } from "../diagnostics/printable.js";

const number = new Intl.NumberFormat("en-US");

/** Steps per walk when `--steps` is not given. */
export const DEFAULT_STEPS = 100;

/** `1,000 runs, 98,866 steps, 0.11 s, 9,090 runs/s, 898,781 steps/s`. */
export function formatSimulationStats(s: SimulationStats): string {
  return `${plural(s.runs, "run")}, ${plural(s.steps, "step")}, ${(s.elapsedMs / 1000).toFixed(2)} s, ${number.format(Math.round(s.runsPerSecond))} runs/s, ${number.format(Math.round(s.stepsPerSecond))} steps/s`;
}

/** `1 run`, `1,000 runs`. */
export function plural(n: number, word: string): string {
  return `${number.format(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** How the runs ended: `900 reached 100 steps, 100 finished, 0 stuck (deadlock)`. */
function formatEndings(s: SimulationStats, maxSteps: number, violated: boolean): string {
  const parts = [
    ...(violated ? ["1 found the violation"] : []),
    `${number.format(s.cutRuns)} reached ${maxSteps} steps`,
    `${number.format(s.finishedRuns)} finished`,
    `${number.format(s.stuckRuns)} stuck (deadlock)`,
  ];
  if (s.constrainedRuns) parts.push(`${number.format(s.constrainedRuns)} cut off by a constraint`);
  return `runs: ${parts.join(", ")}; the longest took ${number.format(s.longestRun)} steps`;
}

/** The steps that never fired and the `either` branches that never ran, as labels with source lines. */
export function coverageGaps(model: Model, c: Coverage): { steps: string[]; branches: string[] } {
  const gaps = uncovered(model, c);
  const label = (u: Uncovered) => `${u.label} (${u.file}:${u.line})`;
  return {
    steps: gaps.filter((u) => u.kind !== "branch").map(label),
    branches: gaps.filter((u) => u.kind === "branch").map(label),
  };
}

function formatCoverage(model: Model, c: Coverage): string[] {
  const gaps = coverageGaps(model, c);
  if (!gaps.steps.length && !gaps.branches.length)
    return [`  coverage: every step fired${model.branches.length ? " and every either branch ran" : ""}`];
  const lines: string[] = [];
  if (gaps.steps.length) lines.push(`  steps that never fired: ${gaps.steps.join(", ")}`);
  if (gaps.branches.length) lines.push(`  either branches that never ran: ${gaps.branches.join(", ")}`);
  return lines;
}

/** The command line that replays the walk that found the violation. */
export function reproduceCommand(file: string, run: SimulationRun, consts: string[]): string {
  const seed = run.result!.violationRun!.seed;
  const constArgs = consts.map((c) => ` --const ${c}`).join("");
  const check = run.plan.line ? ` --check ${run.plan.name}` : "";
  // A walk is the same under any step limit it fits in; a limit other than the default is repeated.
  const steps = run.maxSteps !== DEFAULT_STEPS ? ` --steps ${run.maxSteps}` : "";
  return `vmaspec simulate ${shellWord(file)}${check}${constArgs}${steps} --seed ${seed} --runs 1`;
}

/** The text report of one simulated check. */
export function formatSimulation(
  run: SimulationRun,
  file: string,
  consts: string[],
  style: TraceStyle = "steps",
): string {
  const head = `check ${run.plan.name}`;
  if (run.skipped)
    return `${head}: INCONCLUSIVE, skipped (expected ${describeExpectation(run.plan.expect)})\n  ${run.skipped}`;
  const r = run.result!;
  const model = run.model!;
  const v = r.violation;
  const lines = [
    `${head}: ${statusWord(run.verdict!.status)} (expected ${describeExpectation(run.plan.expect)})`,
  ];
  const reason = run.verdict!.reason;
  if (v) {
    const at = r.violationRun!;
    if (reason) lines.push(`  ${reason}`);
    lines.push(`  ${describeViolation(v)}`);
    const cut = traceLength(v.trace) < at.steps ? ` (the trace below leaves out its cycles)` : "";
    lines.push(
      `  found by run ${number.format(at.index + 1)} after ${plural(at.steps, "step")}${cut}; to replay that walk:`,
    );
    lines.push(`    ${reproduceCommand(file, run, consts)}`);
  } else lines.push(`  ${reason} (seed ${r.seed})`);
  lines.push(`  ${formatSimulationStats(r.stats)}`);
  lines.push(`  ${formatEndings(r.stats, run.maxSteps!, v !== undefined)}`);
  lines.push(...formatCoverage(model, r.coverage));
  if (run.note) lines.push(`  note: ${run.note}`);
  if (run.plan.expect.states !== undefined)
    lines.push(`  (expect states ${run.plan.expect.states} not compared: a simulation counts no states)`);
  if (v) lines.push(...formatCounterexample(model, v, style));
  return lines.join("\n");
}

/** The JSON report of one simulated check. */
export function simulationToJson(run: SimulationRun, file: string, consts: string[]): object {
  const base = { file, check: run.plan.name, expected: describeExpectation(run.plan.expect) };
  if (run.skipped) return { ...base, status: run.verdict!.status, met: false, skipped: run.skipped };
  const r = run.result!;
  const v = r.violation;
  const gaps = coverageGaps(run.model!, r.coverage);
  return {
    ...base,
    status: run.verdict!.status,
    met: run.verdict!.met,
    reason: run.verdict!.reason,
    outcome: r.outcome,
    found: describeSimulationOutcome(r),
    seed: r.seed,
    interrupted: r.interrupted,
    maxSteps: run.maxSteps,
    stats: r.stats,
    coverage: { stepsNeverFired: gaps.steps, branchesNeverRun: gaps.branches },
    note: run.note,
    violation: v
      ? violationToJson(run.model!, v, {
          run: r.violationRun!.index + 1,
          seed: r.violationRun!.seed,
          reproduce: reproduceCommand(file, run, consts),
        })
      : undefined,
  };
}

/** Progress on stderr every `seconds` (0: none): redrawn in place on a terminal, one line each otherwise. */
export function simulationProgress(name: string, seconds: number): SimulationReporter | undefined {
  if (seconds <= 0) return undefined;
  const tty = process.stderr.isTTY;
  return {
    progress(s: SimulationStats) {
      const line = `check ${name}: ${formatSimulationStats(s)}`;
      process.stderr.write(tty ? `\r\x1b[K  ${line}` : `vmaspec: progress: ${line}\n`);
    },
  };
}
