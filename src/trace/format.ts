// Prints a violation and its counterexample step by step: the step number, the process instance
// and step name, its source line, and only the variables that changed (old -> new). The initial
// state is printed in full. Step headings and variable names line up in columns over the whole
// trace, so a long trace reads as a table. For a deadlock, the state in which nothing can
// move is printed in full too, with the instances that wait and the await each waits on. Used by
// `check`, `simulate` and `replay`; returns text, the CLI prints it.

import type { ExplainedPart, Model, ShownValue, Transition } from "../model/model.js";
import type { Trace, Violation } from "../engines/result.js";
import { traceLength } from "../engines/result.js";
import { failingStepIn } from "../engines/replay.js";
import { diffStates, formatValue, sameValue } from "./values.js";

/** The heading of a violation: what was violated. */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case "invariant":
      // An action property (`always [A]_v`) is found as an invariant is, but of a step.
      return v.message.startsWith("property ") ? v.message : `invariant ${v.name} is violated`;
    case "assert":
      return `assert failed: ${v.message}${v.line ? ` (${v.file}:${v.line})` : ""}`;
    case "runtime":
      return `runtime error: ${v.message}${v.line ? ` (${v.file}:${v.line})` : ""}`;
    case "deadlock":
      return "deadlock: no step is enabled and not every process has finished";
    case "liveness":
      return v.message;
    case "refinement":
      return `refinement of ${v.name} is violated: ${v.message}`;
  }
}

/** The process instance (`Reader[1]`, `Writer`) or action a transition belongs to: its lane. */
export function laneName(model: Model, t: Transition): string {
  const info = model.steps[t.step];
  if (info.kind === "action") return info.name;
  return info.indexed ? `${info.owner}[${t.instance}]` : info.owner;
}

function stepLabel(model: Model, t: Transition): { label: string; where: string } {
  const info = t.step >= 0 ? model.steps[t.step] : undefined;
  return { label: model.describeTransition(t), where: info ? `${info.file}:${info.line}` : "" };
}

/** The counterexample (or, with another `title`, any trace) as readable lines. */
export function formatTrace(model: Model, trace: Trace, indent = "  ", title = "Counterexample"): string[] {
  const lines: string[] = [];
  const n = traceLength(trace);
  lines.push(`${indent}${title}: ${n} step${n === 1 ? "" : "s"}`);
  if (!trace.initial) {
    lines.push(`${indent}  (the error happens while computing the initial states, before any step)`);
    return lines;
  }
  const shown = [trace.initial, ...trace.steps.map((s) => s.state)].map((s) => model.show(s));
  const changes = trace.steps.map((_, i) => diffStates(shown[i], shown[i + 1]));
  const transitions = trace.steps.map((s) => s.transition);
  if (trace.failingStep) transitions.push(trace.failingStep);
  const headings = transitions.map((t, i) => ({ ...stepLabel(model, t), title: `Step ${i + 1}: ` }));
  const headingWidth = column(
    headings.map((h) => h.title.length + h.label.length),
    56,
  );
  const heading = (h: (typeof headings)[number]) =>
    `${indent}${h.where ? `${h.title}${h.label}`.padEnd(headingWidth) + `   (${h.where})` : h.title + h.label}`;
  const nameWidth = column(
    [...shown[0].map(([n]) => n.length), ...changes.flat().map((c) => c.path.length)],
    32,
  );
  lines.push(`${indent}State 0: initial state`);
  lines.push(...formatState(shown[0], nameWidth, `${indent}    `));
  trace.steps.forEach((_, i) => {
    if (trace.cycleStart === i) lines.push(`${indent}-- the cycle starts here and returns to state ${i} --`);
    lines.push(heading(headings[i]));
    // A proc's parameters and locals appear when it is called and vanish when it returns.
    const after = new Set(shown[i + 1].map(([name]) => name));
    const rows = changes[i].map((c) => [
      c.path,
      c.before ? formatValue(c.before) : ABSENT,
      formatValue(c.after),
    ]);
    for (const [name, value] of shown[i]) if (!after.has(name)) rows.push([name, formatValue(value), ABSENT]);
    if (rows.length === 0) lines.push(`${indent}    (no variable changed)`);
    for (const [path, old, now] of rows)
      lines.push(`${indent}    ${path.padEnd(nameWidth)} : ${old} -> ${now}`);
  });
  if (trace.cycleStart !== undefined && trace.cycleStart >= trace.steps.length)
    lines.push(
      `${indent}-- from here the behaviour stays in state ${trace.steps.length} forever: no fair process can move --`,
    );
  else if (trace.cycleStart !== undefined)
    lines.push(`${indent}-- back to state ${trace.cycleStart}: the cycle repeats forever --`);
  if (trace.failingStep) {
    lines.push(heading(headings[trace.steps.length]));
    lines.push(`${indent}    fails here (the step does not complete)`);
  }
  return lines;
}

/** Shown for a variable that does not exist in a state (a proc's local while the proc does not run). */
const ABSENT = "(absent)";

/** A column width: the widest entry, but no wider than `cap` (a longer entry pushes only its own line). */
function column(widths: number[], cap: number): number {
  return Math.min(cap, Math.max(0, ...widths));
}

/** Every variable of a state, `name = value`, names padded to `width`; `marked` names get a `*`. */
export function formatState(
  state: [string, ShownValue][],
  width: number,
  indent: string,
  marked?: ReadonlySet<string>,
): string[] {
  return state.map(([name, value]) => {
    const mark = marked === undefined ? "" : marked.has(name) ? "* " : "  ";
    return `${indent}${mark}${name.padEnd(width)} = ${formatValue(value)}`;
  });
}

/** For a deadlock: each process instance that has not finished, the step it is stuck at and the await that blocks it. */
export function formatStuck(model: Model, trace: Trace, indent = "  "): string[] {
  const last = trace.steps.length ? trace.steps[trace.steps.length - 1].state : trace.initial;
  if (!last) return [];
  const waiting = model.waiting(last);
  if (!waiting.length) return [];
  const width = Math.max(...waiting.map((w) => w.instance.length));
  // The stuck state in full, `*` on what its last step changed: why the awaits are false.
  const state = model.show(last);
  const n = trace.steps.length;
  const before = new Map(n ? model.show(n > 1 ? trace.steps[n - 2].state : trace.initial!) : []);
  const marked = new Set<string>();
  for (const [name, value] of state) {
    const old = before.get(name);
    if (n && (old === undefined || !sameValue(old, value))) marked.add(name);
  }
  return [
    `${indent}Nothing can move in state ${n}${n ? ` (* marks what step ${n} changed)` : ""}:`,
    ...formatState(
      state,
      column(
        state.map(([n]) => n.length),
        32,
      ),
      `${indent}  `,
      marked,
    ),
    `${indent}Waiting:`,
    ...waiting.map(
      (w) =>
        `${indent}    ${w.instance.padEnd(width)}  waits at step ${w.step} (${w.line ? `the await at ${w.file ? `${w.file}:` : "line "}${w.line}` : "its when guard is false"})`,
    ),
  ];
}

/** For a violated invariant: it and its sub-formulas with their values in the violating state.
 *  For a failed assert with connectives: the same where it failed (the failing step is run again). */
export function explainViolation(model: Model, v: Violation): ExplainedPart[] {
  const last = v.trace.steps.length ? v.trace.steps[v.trace.steps.length - 1].state : v.trace.initial;
  if (!last) return [];
  if (v.kind === "assert" && v.trace.failingStep) return failingStepIn(model, last)?.error.explained ?? [];
  if (v.kind !== "invariant" || !v.name || !model.explainInvariant) return [];
  return model.explainInvariant(v.name, last);
}

/**
 * For each part (outermost first, as explainInvariant gives them), the value it needed for the
 * invariant to hold: true at the top; `!` flips it; `&&` and `||` pass it on; `a => b` needs
 * `a` to be its opposite and `b` to be it.
 */
export function neededValues(parts: readonly ExplainedPart[]): boolean[] {
  const needed: boolean[] = [];
  const stack: { depth: number; op?: string; children: number; value: boolean }[] = [];
  for (const p of parts) {
    while (stack.length && stack[stack.length - 1].depth >= p.depth) stack.pop();
    const parent = stack[stack.length - 1];
    let value = true;
    if (parent) {
      const first = parent.children++ === 0;
      value = parent.op === "!" || (parent.op === "=>" && first) ? !parent.value : parent.value;
    }
    needed.push(value);
    stack.push({ depth: p.depth, op: p.op, children: 0, value });
  }
  return needed;
}

/** For each part, whether it breaks the formula: a part with nothing explained below it (an atom,
 *  a quantifier without a binding, a list cut short) with the opposite of the value it needed. */
export function breakingParts(parts: readonly ExplainedPart[]): boolean[] {
  const needed = neededValues(parts);
  return parts.map((p, i) => {
    const leaf = !(i + 1 < parts.length && parts[i + 1].depth > p.depth);
    return leaf && p.op !== "for" && p.value !== needed[i];
  });
}

/** Why a violated invariant is false, as lines: each sub-formula indented by its depth, with its
 *  value; `<-` marks the atoms whose value breaks it. */
export function formatWhy(model: Model, v: Violation, indent = "  "): string[] {
  const parts = explainViolation(model, v);
  if (!parts.length) return [];
  const breaks = breakingParts(parts);
  const text = (p: ExplainedPart) => `${"  ".repeat(p.depth)}${p.text}`;
  const width = Math.min(64, Math.max(...parts.map((p) => (p.op === "for" ? 0 : text(p).length))));
  return [
    v.kind === "assert"
      ? `${indent}Why: the assert at ${v.file?.split("/").pop()}:${v.line}, where it failed (<- marks what breaks it)`
      : `${indent}Why: ${v.name} in the last state (<- marks what breaks it)`,
    ...parts.map((p, i) => {
      // A binding line (`for f = 1:`) heads the parts below it: its value is theirs.
      if (p.op === "for") return `${indent}    ${text(p)}`;
      const value = typeof p.value === "string" ? `error: ${p.value}` : String(p.value);
      return `${indent}    ${text(p).padEnd(width)}  ${value}${breaks[i] ? "   <-" : ""}`;
    }),
  ];
}
