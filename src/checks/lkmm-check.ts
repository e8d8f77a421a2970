// The model a check runs under `memory lkmm`: the spec type-checked in the plan's configuration,
// translated into a weak-memory program (lkmm-program.ts) and explored as the kernel memory
// model's execution graphs (src/weakmem/model.ts). run.ts searches it with the ordinary
// breadth-first engine, so verdicts, shortest traces, trace files and reports work unchanged.

import { typeCheckConfiguration, type FrontEnd } from "../compile.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { Model } from "../model/model.js";
import { weakMemoryModel } from "../weakmem/model.js";
import type { CheckPlan } from "./plan.js";
import { lkmmProgram } from "./lkmm-program.js";

/** The memory model a plan runs under: the command line's or the check block's, else the spec's, else sc. */
export function memoryOf(front: FrontEnd, plan: Pick<CheckPlan, "memory">): "sc" | "lkmm" {
  const declared = plan.memory ?? front.table.memory?.name.name;
  return declared === "lkmm" ? "lkmm" : "sc";
}

/** The weak-memory model of the plan's configuration, or the diagnostics that stop it. */
export function lkmmModel(
  front: FrontEnd,
  plan: CheckPlan,
): { model?: Model; diagnostics: Diagnostic[]; completed?: () => number } {
  const { spec, diagnostics } = typeCheckConfiguration(front, plan.overrides);
  if (!spec) return { diagnostics };
  const texts = new Map(front.program.files.map((f) => [f.name, f.text]));
  const sourceOf = (span: Span) => texts.get(span.file)?.slice(span.start, span.end) ?? "";
  const ignored = new Set(plan.ignore);
  const checked = { ...spec, invariants: spec.invariants.filter((i) => !ignored.has(i.name)) };
  const { result, diagnostics: problems } = lkmmProgram(checked, sourceOf);
  if (!result) return { diagnostics: [...diagnostics, ...problems] };
  const weak = weakMemoryModel(result.program, {
    file: spec.file,
    exists: () => false,
    invariants: result.invariants.filter((i) => !ignored.has(i.name)),
  });
  // Count the complete executions the search reaches: with none, every execution blocks (an
  // await or a spin_lock never satisfied) and no invariant was ever judged.
  let completed = 0;
  const model: Model = {
    ...weak,
    firstViolatedInvariant: (state) => {
      if (weak.allFinished(state)) completed++;
      return weak.firstViolatedInvariant(state);
    },
  };
  return { model, diagnostics, completed: () => completed };
}
