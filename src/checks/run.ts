// Runs one check plan: compiles the spec in the plan's configuration, explores it breadth-first,
// and judges the result against the expectation. Shared by the CLI and compiled tests.

import { compileConfiguration, modelOf, type Compiled, type FrontEnd } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { error } from "../diagnostics/diagnostic.js";
import { checkModel } from "../engines/bfs.js";
import type { Model } from "../engines/model.js";
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
  const unknown = plan.ignore.filter((n) => !compiled.spec.invariants.some((i) => i.name === n));
  if (unknown.length) {
    return {
      plan,
      diagnostics: [
        error("N001", `check ${plan.name} ignores '${unknown[0]}', which is not an invariant of this spec`),
      ],
    };
  }
  const expected = plan.expect.target;
  if (
    plan.expect.verdict === "violation" &&
    expected !== undefined &&
    expected !== "assert" &&
    expected !== "runtime" &&
    !compiled.spec.invariants.some((i) => i.name === expected)
  ) {
    return {
      plan,
      diagnostics: [
        error(
          "N001",
          `check ${plan.name} expects a violation of '${expected}', which is not an invariant of this spec`,
        ),
      ],
    };
  }
  const model = modelOf(compiled, plan.ignore);
  const result = checkModel(
    model,
    { allowDeadlock: plan.allowDeadlock, maxDepth: plan.maxDepth, maxStates: plan.maxStates },
    reporter,
  );
  return {
    plan,
    diagnostics,
    compiled,
    model,
    result,
    verdict: judge(plan.expect, result, statesComparable),
  };
}
