// Prints where a replayed trace stops fitting its spec: which state, what the trace claims the step
// was, and, for the spec's closest candidate state, every variable in which it differs from the
// trace (`refcnt : the trace has 3, the spec gives 1`). In: the model, the mismatch found by
// engines/replay.ts and the trace's own label of that step. Out: lines of text for the CLI.

import type { Model } from "../model/model.js";
import type { ReplayMismatch } from "../engines/replay.js";
import { formatValue } from "./values.js";

/** A one-line summary: `step 3 (EmptySmall, says the trace): no successor of state 2 has the values of state 3`. */
export function describeMismatch(m: ReplayMismatch, label?: string): string {
  if (m.step === 0) return "state 0 is not an initial state of the spec";
  const claimed = label ? ` (${label}, says the trace)` : "";
  return `step ${m.step}${claimed}: no successor of state ${m.step - 1} has the values of state ${m.step}`;
}

/** The mismatch in full: the summary, then the closest candidate and how it differs. */
export function formatMismatch(model: Model, m: ReplayMismatch, label?: string, indent = "  "): string[] {
  const lines = [`${indent}${describeMismatch(m, label)}`];
  const what = m.step === 0 ? "initial state" : "successor";
  if (!m.closest) {
    lines.push(`${indent}  (the spec has no ${what} there at all${m.step ? ": no step is enabled" : ""})`);
    return lines;
  }
  const t = m.closest.transition;
  const info = t && t.step >= 0 ? model.steps[t.step] : undefined;
  const by = t ? `, by ${model.describeTransition(t)}${info ? ` (${info.file}:${info.line})` : ""},` : "";
  const which = m.candidates === 1 ? `the only ${what}` : `the closest of the ${m.candidates} ${what}s`;
  const n = m.closest.differences.length;
  lines.push(`${indent}  ${which}${by} differs in ${n} variable${n === 1 ? "" : "s"}:`);
  const width = Math.max(...m.closest.differences.map((d) => d.name.length));
  for (const d of m.closest.differences) {
    const has = d.expected ? `the trace has ${formatValue(d.expected)}` : "the trace has no such variable";
    const gives = d.actual ? `the spec gives ${formatValue(d.actual)}` : "the spec has no such variable";
    lines.push(`${indent}    ${d.name.padEnd(width)} : ${has}, ${gives}`);
  }
  if (m.candidates > 1) lines.push(`${indent}  (the others differ in at least as many variables)`);
  return lines;
}
