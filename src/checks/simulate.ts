// Runs one check plan by simulation instead of exhaustive search: compiles the spec in the plan's
// configuration (constants, ignored invariants, deadlock allowed or not, as `check` does), runs
// seeded random walks (on this thread, or on `plan.workers` worker threads), and judges the result
// against the plan's expectation.
//
// A simulation can find a violation but never prove its absence, so: a check that expects a
// violation is met when a walk finds that violation; a check that expects ok is met when none is
// found, with a reason that says it is not a proof; `expect states` cannot be compared (walks count
// no distinct states); `max depth N` caps the steps per walk and `max states` does not apply.
// Liveness properties need the whole state graph: simulate does not check them, and a check that
// expects one to be violated is reported as skipped rather than judged.

import { compileConfiguration, type Compiled, type FrontEnd } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Model } from "../model/model.js";
import type { CheckResult } from "../engines/result.js";
import {
  simulateModelAsync,
  type SimulationReporter,
  type SimulationResult,
} from "../engines/simulate/simulate.js";
import { simulateModelParallel } from "../engines/simulate/parallel.js";
import { buildModel } from "../runtime/build-model.js";
import { lkmmModel, memoryOf } from "./lkmm-check.js";
import type { CheckPlan } from "./plan.js";
import { planProblems } from "./run.js";
import { describeExpectation, describeOutcome, judge, type Verdict } from "./verdict.js";
import { workerFactory } from "./worker-model.js";

/** The simulation settings from the command line. */
export interface SimulationSettings {
  seed: number;
  runs: number;
  /** Steps per walk (a check's `max depth` lowers it). */
  steps: number;
  /** `--accept-unproven`: a check expecting ok is met when no walk finds a violation. */
  acceptUnproven?: boolean;
  /** Milliseconds between progress reports. */
  progressIntervalMs?: number;
}

/** One check plan run by simulation. */
export interface SimulationRun {
  plan: CheckPlan;
  diagnostics: Diagnostic[];
  compiled?: Compiled;
  model?: Model;
  /** The steps per walk actually used. */
  maxSteps?: number;
  result?: SimulationResult;
  verdict?: Verdict;
  /** Set when the check was not judged because simulate cannot check what it expects. */
  skipped?: string;
  /** Something the reader should know about how the check ran. */
  note?: string;
}

/** Compiles the plan's configuration and simulates it, with `plan.workers` threads (1 or absent:
 *  this thread alone; more find the same violation). */
export async function runSimulation(
  front: FrontEnd,
  plan: CheckPlan,
  settings: SimulationSettings,
  reporter?: SimulationReporter,
  signal?: AbortSignal,
): Promise<SimulationRun> {
  const lkmm = memoryOf(front, plan) === "lkmm";
  const built = lkmm ? lkmmModel(front, plan) : compileConfiguration(front, plan.overrides);
  const compiled = "compiled" in built ? built.compiled : undefined;
  const diagnostics = built.diagnostics;
  if (!lkmm && !compiled) return { plan, diagnostics };
  const problems = compiled ? planProblems(compiled, plan) : [];
  if (problems.length) return { plan, diagnostics: problems };
  const model = compiled
    ? buildModel(compiled.generated, plan.ignore)
    : "model" in built
      ? built.model
      : undefined;
  if (!model) return { plan, diagnostics };
  const run: SimulationRun = { plan, diagnostics, compiled, model };
  const liveness = model.properties.map((p) => p.name);
  if (plan.expect.verdict === "violation" && liveness.includes(plan.expect.target ?? "")) {
    run.skipped = `simulate does not check liveness properties such as ${plan.expect.target}: use check`;
    run.verdict = { met: false, status: "inconclusive", reason: `inconclusive: ${run.skipped}` };
    return run;
  }
  if (liveness.length) run.note = `liveness properties (${liveness.join(", ")}) are not checked by simulate`;
  run.maxSteps = Math.min(settings.steps, plan.maxDepth ?? Infinity);
  const options = {
    progressIntervalMs: settings.progressIntervalMs,
    seed: settings.seed,
    runs: settings.runs,
    maxSteps: run.maxSteps,
    // Under memory lkmm a graph that cannot grow is an execution that cannot finish, not a deadlock.
    allowDeadlock: plan.allowDeadlock || lkmm,
  };
  // Worker threads rebuild the generated module; the weak-memory model runs on this thread.
  const workers = compiled ? (plan.workers ?? 1) : 1;
  run.result =
    workers > 1
      ? await simulateModelParallel(
          model,
          workerFactory(compiled!, plan.ignore),
          { ...options, workers },
          reporter,
          signal,
        )
      : await simulateModelAsync(model, options, reporter, signal);
  run.verdict = judgeSimulation(plan, run.result, run.maxSteps, settings.acceptUnproven);
  return run;
}

/**
 * Judges a simulation. A violation found is a fact, judged as `judge` judges a search. No violation
 * found proves nothing: a check expecting a violation is then inconclusive, and so is one expecting
 * ok, unless the user accepted unproven results (`--accept-unproven`), when it is met "not a proof".
 */
export function judgeSimulation(
  plan: CheckPlan,
  r: SimulationResult,
  maxSteps: number,
  acceptUnproven = false,
): Verdict {
  if (r.violation) return judge(plan.expect, asSearch(r));
  const runs = r.stats.runs.toLocaleString("en-US");
  const walks = `${runs} run${r.stats.runs === 1 ? "" : "s"} of up to ${maxSteps.toLocaleString("en-US")} steps${r.interrupted ? " (interrupted)" : ""}`;
  if (r.interrupted)
    return { met: false, status: "inconclusive", reason: `inconclusive: interrupted after ${walks}` };
  if (plan.expect.verdict !== "ok") {
    const expected = describeExpectation({ ...plan.expect, states: undefined });
    return {
      met: false,
      status: "inconclusive",
      reason: `inconclusive: expected ${expected}, but no walk found it in ${walks} (which does not show it cannot happen: run check)`,
    };
  }
  if (acceptUnproven)
    return { met: true, status: "met", reason: `no violation in ${walks}: not a proof (--accept-unproven)` };
  return {
    met: false,
    status: "inconclusive",
    reason: `inconclusive: no violation in ${walks}, which proves nothing (run check for a proof, or pass --accept-unproven to accept it)`,
  };
}

/** What a simulation found, in the words of a check block. */
export function describeSimulationOutcome(r: SimulationResult): string {
  return r.violation ? describeOutcome(asSearch(r)) : "no violation found";
}

/** The simulation's result in the shape `judge` reads; it reads the statistics only to compare
 *  `expect states`, which is never done for a simulation. */
function asSearch(r: SimulationResult): CheckResult {
  const result: CheckResult = { outcome: r.outcome, stats: NO_STATES };
  if (r.violation) result.violation = r.violation;
  return result;
}

const NO_STATES: CheckResult["stats"] = {
  distinctStates: 0,
  statesGenerated: 0,
  depth: 0,
  queued: 0,
  elapsedMs: 0,
  statesPerSecond: 0,
  memoryBytes: 0,
};
