// Prints a refinement counterexample in both vocabularies: each step of the implementation (its
// label, source line and the variables it changed) and, under it, what the step is in the refined
// spec: a stutter, the abstract step it maps to with the abstract variables that changed, or, for
// the last step, that no abstract step matches, with the abstract steps that were enabled in the
// mapped state. Text for `check`, and the same as JSON for `check --json`.

import type { Model, ShownValue } from "../model/model.js";
import type { Violation } from "../engines/result.js";
import type { RefinementViolation } from "../engines/refinement/search.js";
import { diffStates, formatValue } from "./values.js";

/** The abstract spec's model and the detail of a refinement violation. */
type Detail = NonNullable<Violation["refinement"]>;

/** The counterexample of a refinement violation as readable lines. */
export function formatRefinementTrace(model: Model, v: Violation, indent = "  "): string[] {
  const { abstract, detail } = v.refinement!;
  const lines: string[] = [];
  const trace = detail.trace;
  const n = trace.steps.length;
  lines.push(
    `${indent}Counterexample: ${n} step${n === 1 ? "" : "s"} of ${model.name}, each with what it is in ${abstract.name} (=>)`,
  );
  const shown = [trace.initial!, ...trace.steps.map((s) => s.state)].map((s) => model.show(s));
  const absShown = detail.abstractStates.map((s) => abstract.show(s));
  const width = Math.min(32, Math.max(0, ...shown[0].map(([k]) => k.length)));
  lines.push(`${indent}State 0: initial state`);
  for (const [k, value] of shown[0]) lines.push(`${indent}    ${k.padEnd(width)} = ${formatValue(value)}`);
  if (absShown[0]) lines.push(`${indent}    => ${abstract.name}: ${inline(absShown[0])}`);
  if (n === 0) {
    lines.push(`${indent}    => ${detail.message}`);
    lines.push(...candidateLines(abstract, detail, `${indent}       `, "its initial states"));
    return lines;
  }
  trace.steps.forEach((step, i) => {
    const info = model.steps[step.transition.step];
    lines.push(
      `${indent}Step ${i + 1}: ${model.describeTransition(step.transition)}   (${info.file}:${info.line})`,
    );
    const changes = diffStates(shown[i], shown[i + 1]);
    if (!changes.length) lines.push(`${indent}    (no variable changed)`);
    for (const c of changes)
      lines.push(
        `${indent}    ${c.path.padEnd(width)} : ${c.before ? formatValue(c.before) : "(absent)"} -> ${formatValue(c.after)}`,
      );
    const matched = detail.matched[i];
    const before = absShown[i];
    const after = absShown[i + 1];
    if (matched === null)
      lines.push(`${indent}    => ${abstract.name}: stutter (no abstract variable changes)`);
    else if (matched) {
      const what = diffStates(before, after).map(
        (c) => `${c.path} ${formatValue(c.before!)} -> ${formatValue(c.after)}`,
      );
      lines.push(
        `${indent}    => ${abstract.name}: ${abstract.describeTransition(matched)}: ${what.join(", ")}`,
      );
    } else if (detail.error) lines.push(`${indent}    => ${abstract.name}: ${detail.message}`);
    else {
      const what = diffStates(before, after).map(
        (c) => `${c.path} ${formatValue(c.before!)} -> ${formatValue(c.after)}`,
      );
      lines.push(`${indent}    => ${abstract.name}: no abstract step matches: ${what.join(", ")}`);
      lines.push(`${indent}       from ${inline(before)}`);
      lines.push(...candidateLines(abstract, detail, `${indent}       `, "the abstract steps enabled there"));
    }
  });
  return lines;
}

/** The abstract steps (or initial states) the failing step could have mapped to. */
function candidateLines(
  abstract: Model,
  detail: RefinementViolation,
  indent: string,
  what: string,
): string[] {
  if (!detail.candidates.length) return [`${indent}${what}: none`];
  const from = detail.abstractStates[detail.abstractStates.length - 2];
  return [
    `${indent}${what}:`,
    ...detail.candidates.map((c) => {
      const label = c.transition ? `${abstract.describeTransition(c.transition)}: ` : "";
      const shown = abstract.show(c.state);
      const changes = c.transition && from ? diffStates(abstract.show(from), shown) : undefined;
      const text = changes
        ? changes.map((d) => `${d.path} ${formatValue(d.before!)} -> ${formatValue(d.after)}`).join(", ")
        : inline(shown);
      return `${indent}  ${label}${text}`;
    }),
  ];
}

/** A state on one line: `a = 1, b = {}`. */
function inline(state: [string, ShownValue][]): string {
  return state.map(([k, v]) => `${k} = ${formatValue(v)}`).join(", ");
}

/** The two-vocabulary trace as JSON: each step with its abstract counterpart. */
export function refinementToJson(model: Model, refinement: Detail): object {
  const { abstract, detail } = refinement;
  const trace = detail.trace;
  const abs = detail.abstractStates.map((s) =>
    Object.fromEntries(abstract.show(s).map(([k, v]) => [k, formatValue(v)])),
  );
  return {
    abstractSpec: abstract.name,
    message: detail.message,
    initialAbstractState: abs[0],
    steps: trace.steps.map((step, i) => {
      const matched = detail.matched[i];
      return {
        step: i + 1,
        action: model.describeTransition(step.transition),
        abstractState: abs[i + 1],
        abstractStep: matched === null ? "stutter" : matched ? abstract.describeTransition(matched) : null,
      };
    }),
    candidates: detail.candidates.map((c) => ({
      ...(c.transition ? { abstractStep: abstract.describeTransition(c.transition) } : {}),
      state: Object.fromEntries(abstract.show(c.state).map(([k, v]) => [k, formatValue(v)])),
    })),
  };
}
