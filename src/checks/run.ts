// Runs one check plan: compiles the spec in the plan's configuration, explores it breadth-first (on
// one thread or several), and judges the result against the expectation. checkGenerated is the same minus compilation:
// compiled tests (vmaspec/testing) call it on the state machine `vmaspec compile` wrote.

import { compileConfiguration, type Compiled, type FrontEnd } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { error } from "../diagnostics/diagnostic.js";
import { checkModel } from "../engines/bfs.js";
import { checkModelParallel } from "../engines/parallel.js";
import { checkLiveness } from "../engines/liveness.js";
import type { Model } from "../engines/model.js";
import { buildModel, type GeneratedSpec } from "../runtime/build-model.js";
import type { CheckOptions, CheckResult, ProgressReporter } from "../engines/result.js";
import type { CheckPlan } from "./plan.js";
import { judge, type Verdict } from "./verdict.js";
import { workerFactory } from "./worker-model.js";

export interface CheckRun {
  plan: CheckPlan;
  diagnostics: Diagnostic[];
  compiled?: Compiled;
  model?: Model;
  result?: CheckResult;
  verdict?: Verdict;
  /** Something the reader should know about how the check ran (e.g. properties not checked). */
  note?: string;
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
): Promise<CheckRun> {
  const { compiled, diagnostics } = compileConfiguration(front, plan.overrides);
  if (!compiled) return { plan, diagnostics };
  const problems = planProblems(compiled, plan);
  if (problems.length) return { plan, diagnostics: problems };
  const model = buildModel(compiled.generated, plan.ignore);
  const workers = plan.workers ?? 1;
  const result =
    workers > 1
      ? await checkModelParallel(
          model,
          workerFactory(compiled, plan.ignore),
          { ...searchOptions(plan), workers },
          reporter,
        )
      : checkModel(model, searchOptions(plan), reporter);
  return { plan, diagnostics, compiled, model, ...concludeCheck(model, result, plan, statesComparable) };
}

/** What is wrong with a plan in a compiled configuration: an ignored or expected name that is not a property. */
export function planProblems(compiled: Compiled, plan: CheckPlan): Diagnostic[] {
  const unknown = plan.ignore.filter(
    (n) =>
      !compiled.spec.invariants.some((i) => i.name === n) &&
      !compiled.spec.properties.some((p) => p.name === n),
  );
  if (unknown.length) {
    return [
      error(
        "N001",
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
    !compiled.spec.properties.some((p) => p.name === expected)
  ) {
    return [
      error(
        "N001",
        `check ${plan.name} expects a violation of '${expected}', which is not an invariant of this spec`,
        plan.spans?.get(expected),
      ),
    ];
  }
  return [];
}

/** The part of a check plan that runs on an already generated state machine. */
export type ModelPlan = Pick<CheckPlan, "ignore" | "allowDeadlock" | "maxDepth" | "maxStates" | "expect"> &
  Partial<Pick<CheckPlan, "maxMemoryBytes" | "bitstateBytes">>;

/** Checks a generated state machine against a plan: the path of `vmaspec check` and of compiled tests. */
export function checkGenerated(
  generated: GeneratedSpec,
  plan: ModelPlan,
  reporter?: ProgressReporter,
  statesComparable = true,
): { model: Model; result: CheckResult; verdict: Verdict; note?: string } {
  const model = buildModel(generated, plan.ignore);
  const result = checkModel(model, searchOptions(plan), reporter);
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
): { result: CheckResult; verdict: Verdict; note?: string } {
  let result = searched;
  // Liveness needs the whole graph: it runs after a complete, clean safety search.
  let note: string | undefined;
  if (result.outcome === "ok" && model.properties.length) {
    const started = Date.now();
    const live = checkLiveness(model);
    if (live.violation) result = { ...result, outcome: "violation", violation: live.violation };
    if (live.skipped) note = `liveness properties not checked: ${live.skipped}`;
    result.stats.elapsedMs += Date.now() - started;
  } else if (result.outcome === "bounded" && model.properties.length) {
    note = "liveness properties are not checked in a bounded search";
  }
  return { result, note, verdict: judge(plan.expect, result, statesComparable) };
}
