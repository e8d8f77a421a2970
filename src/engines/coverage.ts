// Coverage: which steps, actions and `either` branches a search or a simulation made fire. In: the
// counts an engine keeps while it runs (per step label, in the expander or the walk, and per branch,
// in the model's choice tracker). Out: the counts as plain data, and the parts that never fired with
// their source lines. Shared by the breadth-first checkers and the simulator, so "dead" means the
// same thing in `check` and `simulate`.
//
// Counting is cheap on purpose: one typed-array increment per successor emitted, indexed by the
// step number the transition already carries; branches are counted by the generated code itself.

import type { Model } from "../model/model.js";

/** How often each step and each `either` branch fired during a search or a simulation. */
export interface Coverage {
  /** For each of Model.steps: how many successors it emitted (check) or how often a walk took it (simulate). */
  stepHits: number[];
  /** For each of Model.branches: how many times the branch ran (while successors were enumerated). */
  branchHits: number[];
}

/** A step, an action or an `either` branch that never fired. */
export interface Uncovered {
  kind: "step" | "action" | "branch";
  /** `Reader get`, `Writer lock.retry`, `Send`, or for a branch `branch 2 of the either in Reader get`. */
  label: string;
  file: string;
  line: number;
}

/** A branch counter, read before a search, that gives the branch runs of that search alone. */
export function branchBaseline(model: Model): () => number[] {
  const before = model.branchHits.slice();
  return () => Array.from(model.branchHits, (n, i) => n - before[i]);
}

/** `Reader get`, `Reader lock.retry` or `Send`: how a step is named in coverage reports. */
export function stepLabel(model: Model, step: number): string {
  const s = model.steps[step];
  return s.kind === "action" ? s.name : `${s.owner} ${s.proc ? `${s.proc}.` : ""}${s.name}`;
}

/** The steps, actions and branches that never fired, in the model's order. */
export function uncovered(model: Model, c: Coverage): Uncovered[] {
  const out: Uncovered[] = [];
  model.steps.forEach((s, i) => {
    if (!c.stepHits[i]) out.push({ kind: s.kind, label: stepLabel(model, i), file: s.file, line: s.line });
  });
  model.branches.forEach((b, i) => {
    if (c.branchHits[i]) return;
    const step = model.steps[b.step];
    out.push({
      kind: "branch",
      label: `branch ${b.index + 1} of the either in ${stepLabel(model, b.step)}`,
      file: b.file ?? step.file,
      line: b.line,
    });
  });
  return out;
}

/**
 * Whether a name in `expect reached` denotes step `i`: an action's name, a step's `Owner.step`
 * (or `Owner.proc.step` for a proc's step), or a bare step name when only one step has it.
 */
export function namesStep(model: Model, i: number, name: string): boolean {
  const s = model.steps[i];
  if (s.kind === "action") return s.name === name;
  const full = `${s.owner}.${s.proc ? `${s.proc}.` : ""}${s.name}`;
  return name === full || (s.proc !== undefined && name === `${s.proc}.${s.name}`);
}
