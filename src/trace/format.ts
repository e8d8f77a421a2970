// Prints a violation and its counterexample step by step: the step number, the process instance
// and step name, its source line, and only the variables that changed (old -> new). The initial
// state is printed in full. Used by `check` and `simulate`; returns text, the CLI prints it.

import type { Model, Transition } from "../engines/model.js";
import type { Trace, Violation } from "../engines/result.js";
import { traceLength } from "../engines/result.js";
import { diffStates, formatValue } from "./values.js";

/** The heading of a violation: what was violated. */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case "invariant":
      return `invariant ${v.name} is violated`;
    case "assert":
      return `assert failed: ${v.message}${v.line ? ` (${v.file}:${v.line})` : ""}`;
    case "runtime":
      return `runtime error: ${v.message}${v.line ? ` (${v.file}:${v.line})` : ""}`;
    case "deadlock":
      return "deadlock: no step is enabled and not every process has finished";
    case "liveness":
      return v.message;
  }
}

function stepLabel(model: Model, t: Transition): { label: string; where: string } {
  const info = t.step >= 0 ? model.steps[t.step] : undefined;
  return { label: model.describeTransition(t), where: info ? `${info.file}:${info.line}` : "" };
}

/** The counterexample as readable lines. */
export function formatTrace(model: Model, trace: Trace, indent = "  "): string[] {
  const lines: string[] = [];
  const n = traceLength(trace);
  lines.push(`${indent}Counterexample: ${n} step${n === 1 ? "" : "s"}`);
  if (!trace.initial) {
    if (trace.failingStep)
      lines.push(
        `${indent}  while computing the initial state: ${stepLabel(model, trace.failingStep).label}`,
      );
    return lines;
  }
  let before = model.show(trace.initial);
  lines.push(`${indent}State 0: initial state`);
  for (const [name, value] of before) lines.push(`${indent}    ${name} = ${formatValue(value)}`);
  trace.steps.forEach((step, i) => {
    if (trace.cycleStart === i) lines.push(`${indent}-- the cycle starts here and returns to state ${i} --`);
    const { label, where } = stepLabel(model, step.transition);
    lines.push(`${indent}Step ${i + 1}: ${label}${where ? `   (${where})` : ""}`);
    const after = model.show(step.state);
    const changes = diffStates(before, after);
    if (changes.length === 0) lines.push(`${indent}    (no variable changed)`);
    const width = Math.max(0, ...changes.map((c) => c.path.length));
    for (const c of changes)
      lines.push(
        `${indent}    ${c.path.padEnd(width)} : ${c.before ? `${formatValue(c.before)} -> ` : ""}${formatValue(c.after)}`,
      );
    before = after;
  });
  if (trace.cycleStart !== undefined && trace.cycleStart >= trace.steps.length)
    lines.push(
      `${indent}-- from here the behaviour stays in state ${trace.steps.length} forever: no fair process can move --`,
    );
  else if (trace.cycleStart !== undefined)
    lines.push(`${indent}-- back to state ${trace.cycleStart}: the cycle repeats forever --`);
  if (trace.failingStep) {
    const { label, where } = stepLabel(model, trace.failingStep);
    lines.push(`${indent}Step ${trace.steps.length + 1}: ${label}${where ? `   (${where})` : ""}`);
    lines.push(`${indent}    fails here (the step does not complete)`);
  }
  return lines;
}

/** For a deadlock: each process instance that has not finished, the step it is stuck at and the await that blocks it. */
export function formatStuck(model: Model, trace: Trace, indent = "  "): string[] {
  const last = trace.steps.length ? trace.steps[trace.steps.length - 1].state : trace.initial;
  if (!last) return [];
  const waiting = model.waiting(last);
  if (!waiting.length) return [];
  const width = Math.max(...waiting.map((w) => w.instance.length));
  return [
    `${indent}Nothing can move:`,
    ...waiting.map(
      (w) =>
        `${indent}    ${w.instance.padEnd(width)}  waits at step ${w.step}${w.line ? ` (the await on line ${w.line})` : " (its when guard is false)"}`,
    ),
  ];
}
