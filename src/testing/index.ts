// The test helper API that compiled tests import (`vmaspec/testing`). In: a generated state machine
// (the `spec` a `<name>.model.ts` written by `vmaspec compile` exports) and the plan of one check
// block. Out: the verdict, the statistics and the violation as plain data a test can assert on, plus
// the report `vmaspec check` would print, for the failure message. It runs checks/run.ts's
// checkGenerated, the very checker behind `vmaspec check`: a compiled test cannot drift from the CLI.

import { checkGenerated } from "../checks/run.js";
import { describeExpectation, describeOutcome, type VerdictStatus } from "../checks/verdict.js";
import type { Expectation } from "../checks/plan.js";
import type { GeneratedSpec } from "../model/generated.js";
import { traceLength, type CheckResult, type ViolationKind } from "../engines/result.js";
import type { Model } from "../model/model.js";
import { describeViolation, formatStuck, formatTrace } from "../trace/format.js";

export type { Expectation } from "../checks/plan.js";
export type { GeneratedSpec } from "../model/generated.js";
export type { CheckResult, ViolationKind } from "../engines/result.js";

/** One check block as a compiled test states it: what to check and what verdict to expect. */
export interface TestPlan {
  /** The check block's name, for the report. */
  name: string;
  /** Invariants the check leaves out (`ignore A, B`). */
  ignore?: readonly string[];
  /** `allow deadlock`. */
  allowDeadlock?: boolean;
  maxDepth?: number;
  maxStates?: number;
  expect: Expectation;
}

/** What a check found, as plain data for a test's assertions. */
export interface TestOutcome {
  /** Whether the result meets the plan's expectation, exactly as `vmaspec check` judges it: only a
   *  proved verdict is met (a search the memory budget cut short is inconclusive, not met). */
  met: boolean;
  /** `met`, `not met` or `inconclusive` (the search was cut short and proved nothing). */
  status: VerdictStatus;
  /** Why the check is not met (or a note on a met one, e.g. that it was bounded). */
  reason?: string;
  /** How the check ran, when a reader should know (e.g. liveness properties not checked). */
  note?: string;
  outcome: CheckResult["outcome"];
  distinctStates: number;
  statesGenerated: number;
  depth: number;
  /** The violation found, with the length of its shortest counterexample in steps. */
  violation?: { kind: ViolationKind; name?: string; message: string; length: number };
  /** The check as `vmaspec check` reports it, counterexample included: a readable failure message. */
  report: string;
  /** The engine's full result, for tests that look further. */
  result: CheckResult;
}

/** Checks a generated spec against one check plan with the checker `vmaspec check` runs. */
export function runCheckPlan(spec: GeneratedSpec, plan: TestPlan): TestOutcome {
  const { model, result, verdict, note } = checkGenerated(spec, {
    ignore: [...(plan.ignore ?? [])],
    allowDeadlock: plan.allowDeadlock ?? false,
    maxDepth: plan.maxDepth,
    maxStates: plan.maxStates,
    // A test's bounds are its check block's own: a deliberate bounded check.
    declared: { maxDepth: plan.maxDepth !== undefined, maxStates: plan.maxStates !== undefined },
    expect: plan.expect,
  });
  const v = result.violation;
  return {
    met: verdict.met,
    status: verdict.status,
    reason: verdict.reason,
    note,
    outcome: result.outcome,
    distinctStates: result.stats.distinctStates,
    statesGenerated: result.stats.statesGenerated,
    depth: result.stats.depth,
    violation: v && {
      kind: v.kind,
      ...(v.name !== undefined ? { name: v.name } : {}),
      message: v.message,
      length: traceLength(v.trace),
    },
    report: report(model, plan, result, verdict.status, [verdict.reason, note]),
    result,
  };
}

function report(
  model: Model,
  plan: TestPlan,
  r: CheckResult,
  status: VerdictStatus,
  notes: (string | undefined)[],
): string {
  const word = status === "met" ? "met" : status === "not met" ? "NOT MET" : "INCONCLUSIVE";
  const lines = [`check ${plan.name}: ${word} (expected ${describeExpectation(plan.expect)})`];
  for (const n of notes) if (n) lines.push(`  ${n}`);
  const v = r.violation;
  lines.push(
    `  found ${describeOutcome(r)}; ${r.stats.distinctStates} distinct states, depth ${r.stats.depth}`,
  );
  if (v) {
    lines.push(`  ${describeViolation(v)}`, ...formatTrace(model, v.trace));
    if (v.kind === "deadlock") lines.push(...formatStuck(model, v.trace));
  }
  return `${lines.join("\n")}\n`;
}
