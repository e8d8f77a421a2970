// Partial-order reduction in a check (`check --por`): whether it can apply to a plan, the model the
// safety search explores, and what the report says afterwards. In: the plan and the model. Out:
// the model to search and a ReductionReport; after the search, the counterexample replayed
// through the full model and the report completed.
//
// When it does not apply: a search bounded by depth or by a state count (reordering steps changes
// how deep a state lies and which states come first, so the bound would cut a different graph), a
// model without dependency facts, a spec with interrupts, or `expect covered` / `expect reached` with several workers
// (each worker counts what it emits, and the reduced search emits fewer steps). The check then
// runs without reduction and the report says why. Liveness properties are always checked on the
// full graph.

import type { Model } from "../model/model.js";
import type { CheckResult } from "../engines/result.js";
import { reducedModel, type ReducedModel } from "../engines/por/ample.js";
import { traceProblem } from "../engines/por/confirm.js";
import type { CheckPlan } from "./plan.js";

/** Whether partial-order reduction was on, and what it did, as `check` reports it. */
export interface ReductionReport {
  on: boolean;
  /** Why it was asked for but not used. */
  off?: string;
  /** States expanded to one process instance's steps, and states fully expanded. */
  reducedStates?: number;
  fullStates?: number;
  /** Always false when on: the reduced graph may reach a violation by a longer path. */
  shortest?: boolean;
}

/** The model the safety search explores, and the report so far; undefined when --por was not given. */
export function reductionFor(
  model: Model,
  plan: Pick<CheckPlan, "por" | "maxDepth" | "maxStates" | "workers" | "expect">,
): { model: Model; reduced?: ReducedModel; report?: ReductionReport } {
  if (!plan.por) return { model };
  const off = (why: string) => ({ model, report: { on: false, off: why } });
  if (plan.maxDepth !== undefined) return off("a depth-bounded search is run without reduction");
  if (plan.maxStates !== undefined) return off("a search bounded by a state count is run without reduction");
  if ((plan.workers ?? 1) > 1 && (plan.expect.covered || plan.expect.reached?.length))
    return off("coverage with several workers is counted without reduction");
  // A handler may run between any two steps of its instance, which the dependency facts (one
  // program counter per instance, ir/dependency.ts) do not describe.
  if (model.steps.some((s) => s.handler))
    return off("a spec with interrupts is searched without reduction: a handler may run at any step");
  const reduced = reducedModel(model);
  if (!reduced) return off("the state machine has no dependency facts (compile it again)");
  return { model: reduced, reduced, report: { on: true, shortest: false } };
}

/**
 * After a reduced search: the counts, the coverage of every step enabled in a state searched (what
 * the reduced search emits is fewer), and the counterexample replayed through the full model.
 */
export function concludeReduction(
  full: Model,
  reduced: ReducedModel | undefined,
  report: ReductionReport,
  result: CheckResult,
  workers: number,
): void {
  if (!report.on || !reduced) return;
  // With workers the counts are the workers' own; this model only rebuilt the trace.
  if (workers > 1) return confirm(full, result);
  report.reducedStates = reduced.counts.reduced;
  report.fullStates = reduced.counts.full;
  if (result.coverage && reduced.counts.reduced + reduced.counts.full > 0)
    result.coverage = { ...result.coverage, stepHits: Array.from(reduced.counts.enabledHits) };
  confirm(full, result);
}

function confirm(full: Model, result: CheckResult): void {
  const problem = result.violation && traceProblem(full, result.violation);
  if (problem)
    throw new Error(`the counterexample found with partial-order reduction does not replay: ${problem}`);
}
