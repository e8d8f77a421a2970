// Runs one check plan: compiles the spec in the plan's configuration, explores it breadth-first (on
// one thread or several), and judges the result against the expectation. checkGenerated is the same minus compilation:
// compiled tests (vmaspec/testing) call it on the state machine `vmaspec compile` wrote.

import { withFewerSwitches } from "../engines/fewer-switches.js";
import { compileConfiguration, type Compiled, type FrontEnd } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { error } from "../diagnostics/diagnostic.js";
import { searchBreadthFirst, searchBreadthFirstAsync } from "../engines/bfs/search.js";
import { namesStep, uncovered, type Uncovered } from "../engines/coverage.js";
import { searchParallel } from "../engines/parallel/search.js";
import { searchLiveness } from "../engines/liveness/search.js";
import type { Model } from "../model/model.js";
import { buildModel } from "../runtime/build-model.js";
import type { GeneratedSpec } from "../model/generated.js";
import type { CheckOptions, CheckResult, ProgressReporter } from "../engines/result.js";
import type { CheckPlan } from "./plan.js";
import { judge, type Verdict } from "./verdict.js";
import { workerFactory } from "./worker-model.js";
import { concludeReduction, reductionFor, type ReductionReport } from "./reduction.js";
import { prepareRefinements, type PreparedRefinement } from "./refinement.js";
import { checkRefinement, type RefinementResult } from "../engines/refinement/search.js";
import { lkmmModel, memoryOf } from "./lkmm-check.js";

export interface CheckRun {
  plan: CheckPlan;
  diagnostics: Diagnostic[];
  compiled?: Compiled;
  model?: Model;
  result?: CheckResult;
  verdict?: Verdict;
  /** Something the reader should know about how the check ran (e.g. properties not checked). */
  note?: string;
  /** The phases that ran (the safety search, then liveness), each with its own time and rate. */
  phases?: PhaseReport[];
  /** After a search that explored every state (or all within the check's own bound): the steps,
   *  actions and either branches that never fired. */
  uncovered?: Uncovered[];
  /** False when the check's `expect states` pin was not compared (the run's configuration or its
   *  reduction changes the count). */
  statesCompared?: boolean;
  /** With --por: whether partial-order reduction was on, and what it did. */
  reduction?: ReductionReport;
  /** The refinement checks of the spec's `refines` declarations: what each checked, or why not. */
  refinements?: RefinementReport[];
}

/** One refinement check of a check run. */
export interface RefinementReport {
  /** The refined spec. */
  name: string;
  /** Absent when the check did not run (`skipped` says why). */
  result?: RefinementResult;
  skipped?: string;
}

/** One phase of a check, as reported: what it checked, how long it took and how fast it went. */
export interface PhaseReport {
  phase: "safety" | "liveness";
  /** Safety: the invariants, then `deadlock` (unless allowed) and `asserts`; liveness: the properties. */
  checked: string[];
  /** Distinct states (safety) or states of the state graph (liveness). */
  states: number;
  elapsedMs: number;
  statesPerSecond: number;
  /** Why the phase did not run to its end, if it did not. */
  skipped?: string;
}

/**
 * Compiles the plan's configuration and checks it: on this thread, or with `plan.workers` worker
 * threads (a bitstate search is always serial).
 */
export async function runCheck(
  front: FrontEnd,
  plan: CheckPlan,
  reporter?: ProgressReporter,
  statesComparable = true,
  signal?: AbortSignal,
): Promise<CheckRun> {
  if (memoryOf(front, plan) === "lkmm") return runLkmmCheck(front, plan, reporter, statesComparable, signal);
  const { compiled, diagnostics } = compileConfiguration(front, plan.overrides);
  if (!compiled) return { plan, diagnostics };
  const problems = planProblems(compiled, plan);
  if (problems.length) return { plan, diagnostics: problems };
  const refined = prepareRefinements(compiled, plan.ignore);
  if (refined.diagnostics.length) return { plan, diagnostics: refined.diagnostics };
  const model = buildModel(compiled.generated, plan.ignore);
  const unknownSteps = reachedProblems(model, plan);
  if (unknownSteps.length) return { plan, diagnostics: unknownSteps };
  const workers = plan.workers ?? 1;
  const options = { ...searchOptions(plan), progressIntervalMs: plan.progressIntervalMs };
  const por = reductionFor(model, plan);
  const result =
    workers > 1
      ? await searchParallel(
          por.model,
          workerFactory(compiled, plan.ignore, por.report?.on),
          { ...options, workers },
          reporter,
          signal,
        )
      : await searchBreadthFirstAsync(por.model, options, reporter, signal);
  if (por.report) concludeReduction(model, por.reduced, por.report, result, workers);
  // A reduced search's trace may not be the shortest, which regrouping by process relies on.
  const concludePlan = por.report?.on ? { ...plan, rawTrace: true } : plan;
  const concluded = concludeCheck(
    model,
    result,
    concludePlan,
    statesComparable && !por.report?.on,
    refined.refinements,
  );
  // Workers count only the steps the reduced search emits: coverage gaps would be false alarms.
  if (por.report?.on && workers > 1) concluded.uncovered = undefined;
  return { plan, diagnostics, compiled, model, ...concluded, reduction: por.report };
}

/**
 * A check under `memory lkmm`: the weak-memory model of the spec, searched breadth-first on this
 * thread. Invariants are judged in complete executions and deadlock is not checked (a read that
 * took a value no later step can use is a dead end of the graph, not a stuck kernel).
 */
async function runLkmmCheck(
  front: FrontEnd,
  plan: CheckPlan,
  reporter: ProgressReporter | undefined,
  statesComparable: boolean,
  signal?: AbortSignal,
): Promise<CheckRun> {
  const { model, diagnostics, completed } = lkmmModel(front, plan);
  if (!model) return { plan, diagnostics };
  const lkmmPlan = { ...plan, allowDeadlock: true };
  const options = { ...searchOptions(lkmmPlan), progressIntervalMs: plan.progressIntervalMs };
  const result = await searchBreadthFirstAsync(model, options, reporter, signal);
  const note =
    (plan.workers ?? 1) > 1 ? "memory lkmm: searched on one thread (--workers ignored)" : undefined;
  const concluded = concludeCheck(model, result, lkmmPlan, statesComparable);
  if (concluded.verdict.met && !result.violation && completed?.() === 0)
    // Nothing was judged: an "ok" here would be vacuous (sc would report the blocked processes).
    concluded.verdict = {
      met: false,
      status: "inconclusive",
      reason:
        "no execution completes under memory lkmm (every one blocks at an await or a lock), so no invariant was judged",
    };
  return { plan, diagnostics, model, ...concluded, note: concluded.note ?? note };
}

/** What is wrong with a plan in a compiled configuration: an ignored or expected name that is not a property. */
export function planProblems(compiled: Compiled, plan: CheckPlan): Diagnostic[] {
  const refines = (n: string) => (compiled.spec.refinements ?? []).some((r) => r.name === n);
  const unknown = plan.ignore.filter(
    (n) =>
      !compiled.spec.invariants.some((i) => i.name === n) &&
      !compiled.spec.properties.some((p) => p.name === n) &&
      !refines(n),
  );
  if (unknown.length) {
    return [
      error(
        "N014",
        `check ${plan.name} ignores '${unknown[0]}', which is not an invariant of this spec`,
        plan.spans?.get(unknown[0]),
      ),
    ];
  }
  const expected = plan.expect.target;
  if (
    plan.expect.verdict === "violation" &&
    expected !== undefined &&
    expected !== "assert" &&
    expected !== "runtime" &&
    !compiled.spec.invariants.some((i) => i.name === expected) &&
    !compiled.spec.properties.some((p) => p.name === expected) &&
    !refines(expected)
  ) {
    return [
      error(
        "N014",
        `check ${plan.name} expects a violation of '${expected}', which is not an invariant of this spec`,
        plan.spans?.get(expected),
      ),
    ];
  }
  return [];
}

/** `expect reached` names that denote no step or action of the model. */
export function reachedProblems(model: Model, plan: Pick<CheckPlan, "name" | "expect">): Diagnostic[] {
  for (const name of plan.expect.reached ?? []) {
    if (!model.steps.some((_, i) => namesStep(model, i, name))) {
      const known = model.steps.map((s) =>
        s.kind === "action" ? s.name : `${s.owner}.${s.proc ? `${s.proc}.` : ""}${s.name}`,
      );
      return [
        error(
          "N014",
          `check ${plan.name} expects '${name}' to be reached, but no step or action has that name (its steps: ${known.join(", ")})`,
        ),
      ];
    }
  }
  return [];
}

/** The part of a check plan that runs on an already generated state machine. */
export type ModelPlan = Pick<
  CheckPlan,
  "ignore" | "allowDeadlock" | "maxDepth" | "maxStates" | "expect" | "declared"
> &
  Partial<Pick<CheckPlan, "maxMemoryBytes" | "bitstateBytes" | "rawTrace">>;

/** Checks a generated state machine against a plan: the path of `vmaspec check` and of compiled tests. */
export function checkGenerated(
  generated: GeneratedSpec,
  plan: ModelPlan,
  reporter?: ProgressReporter,
  statesComparable = true,
): ReturnType<typeof concludeCheck> & { model: Model } {
  const model = buildModel(generated, plan.ignore);
  const result = searchBreadthFirst(model, searchOptions(plan), reporter);
  return { model, ...concludeCheck(model, result, plan, statesComparable) };
}

/** The search options of a plan. */
function searchOptions(plan: ModelPlan): CheckOptions {
  return {
    allowDeadlock: plan.allowDeadlock,
    maxDepth: plan.maxDepth,
    maxStates: plan.maxStates,
    maxMemoryBytes: plan.maxMemoryBytes,
    bitstate: plan.bitstateBytes === undefined ? undefined : { bytes: plan.bitstateBytes },
  };
}

/** After the safety search: the liveness check (if the search was complete and clean) and the verdict. */
function concludeCheck(
  model: Model,
  searched: CheckResult,
  plan: ModelPlan,
  statesComparable: boolean,
  refinements: readonly PreparedRefinement[] = [],
): {
  result: CheckResult;
  verdict: Verdict;
  note?: string;
  phases: PhaseReport[];
  uncovered?: Uncovered[];
  statesCompared: boolean;
  refinements?: RefinementReport[];
} {
  let result = searched;
  // A safety counterexample is printed with its steps grouped by process where they commute.
  const found = result.violation;
  if (found && found.kind !== "liveness" && !plan.rawTrace)
    result = { ...result, violation: { ...found, trace: withFewerSwitches(model, found.trace) } };
  const safety: PhaseReport = {
    phase: "safety",
    checked: [...model.invariantNames, ...(plan.allowDeadlock ? [] : ["deadlock"]), "asserts"],
    states: result.stats.distinctStates,
    elapsedMs: result.stats.elapsedMs,
    statesPerSecond: result.stats.statesPerSecond,
  };
  const phases = [safety];
  // Liveness needs the whole graph: it runs after a complete, clean safety search.
  let note: string | undefined;
  let incomplete: string | undefined;
  if (model.properties.length) {
    const live: PhaseReport = {
      phase: "liveness",
      checked: model.properties.map((p) => p.name),
      states: 0,
      elapsedMs: 0,
      statesPerSecond: 0,
    };
    phases.push(live);
    if (result.outcome === "ok") {
      const started = performance.now();
      const checked = searchLiveness(model);
      live.elapsedMs = performance.now() - started;
      live.states = checked.graph?.size ?? 0;
      live.statesPerSecond = live.elapsedMs > 0 ? (live.states * 1000) / live.elapsedMs : 0;
      if (checked.violation) result = { ...result, outcome: "violation", violation: checked.violation };
      if (checked.skipped) {
        live.skipped = checked.skipped;
        note = `liveness properties not checked: ${checked.skipped}`;
        incomplete = `the liveness properties were not checked (${checked.skipped})`;
      }
    } else if (result.outcome === "bounded") {
      live.skipped = "the safety search was bounded";
      note = "liveness properties are not checked in a bounded search";
    } else live.skipped = "the safety search found a violation";
  }
  const refined = checkRefinements(model, result, plan, refinements);
  if (refined.violation) result = { ...result, outcome: "violation", violation: refined.violation };
  incomplete ??= refined.incomplete;
  const deliberateBound =
    (result.boundedBy === "depth" && plan.declared.maxDepth) ||
    (result.boundedBy === "states" && plan.declared.maxStates);
  let verdict = judge(plan.expect, result, { statesComparable, deliberateBound, incomplete });
  // Coverage means something after a search that went everywhere it was meant to go.
  const explored =
    (result.outcome === "ok" && !incomplete) || (result.outcome === "bounded" && deliberateBound);
  const gaps = result.coverage && explored ? uncovered(model, result.coverage) : undefined;
  if (verdict.met && result.coverage) verdict = judgeCoverage(model, plan, result, gaps, verdict);
  const reports = refinements.length ? { refinements: refined.reports } : {};
  return { result, note, phases, verdict, uncovered: gaps, statesCompared: statesComparable, ...reports };
}

/**
 * The refinement checks, after a safety search without a violation (and liveness, if any): each a
 * search of its own over the full state graph, within the check's bounds. A bounded refinement
 * check proved nothing about the transitions it did not reach, whoever set the bound: the check is
 * then incomplete (inconclusive), never met.
 */
function checkRefinements(
  model: Model,
  result: CheckResult,
  plan: ModelPlan,
  refinements: readonly PreparedRefinement[],
): { reports: RefinementReport[]; violation?: CheckResult["violation"]; incomplete?: string } {
  const reports: RefinementReport[] = [];
  let violation: CheckResult["violation"];
  let incomplete: string | undefined;
  for (const r of refinements) {
    if (violation || result.violation) {
      reports.push({ name: r.name, skipped: "the search found a violation first" });
      continue;
    }
    if (
      result.outcome === "bounded" &&
      (result.boundedBy === "memory" || result.boundedBy === "bitstate" || result.boundedBy === "interrupted")
    ) {
      reports.push({ name: r.name, skipped: `the safety search was cut short (${result.boundedBy})` });
      incomplete ??= `the refinement of ${r.name} was not checked (the safety search was cut short)`;
      continue;
    }
    const checked = checkRefinement(model, r.mapping, { maxDepth: plan.maxDepth, maxStates: plan.maxStates });
    reports.push({ name: r.name, result: checked });
    const v = checked.violation;
    if (v)
      violation = {
        kind: "refinement",
        name: r.name,
        message: v.message,
        trace: v.trace,
        refinement: { abstract: r.abstract, detail: v },
      };
    else if (checked.outcome === "bounded")
      incomplete ??= `the refinement of ${r.name} was checked only within the ${checked.boundedBy === "depth" ? "max depth" : "max states"}, not on every reachable transition`;
  }
  return { reports, violation, incomplete };
}

/**
 * `expect covered` and `expect reached`: a met check stays met only if the search made every part
 * (or the named steps) fire. What fired in a search cut short by the violation it expected did fire;
 * what did not may lie beyond the violation, so that is inconclusive, not a failure.
 */
function judgeCoverage(
  model: Model,
  plan: ModelPlan,
  result: CheckResult,
  gaps: Uncovered[] | undefined,
  verdict: Verdict,
): Verdict {
  const hits = result.coverage!;
  const missing: string[] = [];
  if (plan.expect.covered) {
    for (const u of gaps ?? uncovered(model, hits)) missing.push(`${u.label} (${u.file}:${u.line})`);
  }
  for (const name of plan.expect.reached ?? []) {
    const fired = model.steps.some((_, i) => hits.stepHits[i] > 0 && namesStep(model, i, name));
    if (!fired) missing.push(name);
  }
  if (!missing.length) return verdict;
  const list = missing.join(", ");
  if (!gaps)
    return {
      met: false,
      status: "inconclusive",
      reason: `inconclusive: the search stopped at the violation before ${list} fired, so coverage could not be judged`,
    };
  return {
    met: false,
    status: "not met",
    reason: `expected ${plan.expect.covered ? "every step, action and either branch" : "these steps"} to fire, but never fired: ${list}`,
  };
}
