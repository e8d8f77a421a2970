// Runs one check plan: compiles the spec in the plan's configuration, explores it breadth-first,
// and judges the result against the expectation. checkGenerated is the same minus compilation:
// compiled tests (vmaspec/testing) call it on the state machine `vmaspec compile` wrote.

import { compileConfiguration, type Compiled, type FrontEnd } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { error } from "../diagnostics/diagnostic.js";
import { checkModel } from "../engines/bfs.js";
import { checkLiveness } from "../engines/liveness.js";
import type { Model } from "../engines/model.js";
import { buildModel, type GeneratedSpec } from "../runtime/build-model.js";
import type { CheckResult, ProgressReporter } from "../engines/result.js";
import type { CheckPlan } from "./plan.js";
import { judge, type Verdict } from "./verdict.js";

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

/** Compiles the plan's configuration and checks it. */
export function runCheck(
  front: FrontEnd,
  plan: CheckPlan,
  reporter?: ProgressReporter,
  statesComparable = true,
): CheckRun {
  const { compiled, diagnostics } = compileConfiguration(front, plan.overrides);
  if (!compiled) return { plan, diagnostics };
  const problems = planProblems(compiled, plan);
  if (problems.length) return { plan, diagnostics: problems };
  const { model, result, verdict, note } = checkGenerated(
    compiled.generated,
    plan,
    reporter,
    statesComparable,
  );
  return { plan, diagnostics, compiled, model, result, verdict, note };
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
      error("N001", `check ${plan.name} ignores '${unknown[0]}', which is not an invariant of this spec`),
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
  let result = checkModel(
    model,
    {
      allowDeadlock: plan.allowDeadlock,
      maxDepth: plan.maxDepth,
      maxStates: plan.maxStates,
      maxMemoryBytes: plan.maxMemoryBytes,
      bitstate: plan.bitstateBytes === undefined ? undefined : { bytes: plan.bitstateBytes },
    },
    reporter,
  );
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
  return { model, result, note, verdict: judge(plan.expect, result, statesComparable) };
}
