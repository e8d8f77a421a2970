// Breadth-first search over a ReferenceModel, level by level. In: the model and the options of a
// check (max depth, allow deadlock). Out: the distinct-state count, and — if the search stopped —
// every violation found while expanding the level where it stopped, each with its counterexample
// length (steps from an initial state; a failing step counts as one). Keeping them all, instead of
// the first in some exploration order, makes the verdict independent of successor order: the
// production checker must report one of them, and a fixture whose expectation is meant to be
// deterministic must have exactly one kind of violation there.

import type { ReferenceModel } from "./interpreter.js";
import type { PathOutcome, State } from "./state.js";
import { RefError } from "./values.js";

export interface RefViolation {
  kind: "invariant" | "assert" | "runtime" | "deadlock";
  /** The invariant's name, for kind `invariant`. */
  name?: string;
  message: string;
  /** Steps in a shortest counterexample. */
  length: number;
}

export interface RefResult {
  outcome: "ok" | "bounded" | "violation";
  distinctStates: number;
  /** All violations found in the level where the search stopped, shortest first. */
  violations: RefViolation[];
  /** The search gave up at `maxStates`: nothing is decided. */
  cutOff?: boolean;
}

export interface RefOptions {
  maxDepth?: number;
  allowDeadlock: boolean;
  /** Give up (outcome `bounded`, `cutOff` set) once more distinct states than this are found. */
  maxStates?: number;
}

/** Explores every reachable state breadth-first, checking invariants, asserts, runtime errors and deadlock. */
export function referenceSearch(model: ReferenceModel, options: RefOptions): RefResult {
  const seen = new Set<string>();
  const violations: RefViolation[] = [];
  let frontier: State[] = [];

  /** A state reached in `length` steps: checked, and stored unless a constraint cuts it off. */
  const reach = (outcome: PathOutcome<State>, length: number, next: State[], from?: State): void => {
    if ("error" in outcome) {
      violations.push({ kind: outcome.error.kind, message: outcome.error.message, length });
      return;
    }
    const st = outcome.ok;
    try {
      // An action property is about the step: checked on every one, to a new state or not.
      const broken = from ? model.violatedStepProperty(from, st) : undefined;
      if (broken !== undefined) {
        violations.push({
          kind: "invariant",
          name: broken,
          message: `property ${broken} is violated`,
          length,
        });
        return;
      }
      if (model.withinConstraints(st)) {
        const key = model.key(st);
        if (seen.has(key)) return;
        seen.add(key);
        next.push(st);
      }
      const name = model.violatedInvariant(st);
      if (name !== undefined)
        violations.push({ kind: "invariant", name, message: `invariant ${name} is violated`, length });
    } catch (e) {
      if (!(e instanceof RefError)) throw e;
      violations.push({ kind: e.kind, message: e.message, length });
    }
  };

  for (const outcome of model.initialStates()) reach(outcome, 0, frontier);
  let depth = 0;
  while (violations.length === 0 && frontier.length > 0) {
    if (options.maxDepth !== undefined && depth >= options.maxDepth)
      return { outcome: "bounded", distinctStates: seen.size, violations };
    if (options.maxStates !== undefined && seen.size > options.maxStates)
      return { outcome: "bounded", distinctStates: seen.size, violations: [], cutOff: true };
    const next: State[] = [];
    for (const st of frontier) {
      const successors = model.successors(st);
      for (const outcome of successors) reach(outcome, depth + 1, next, st);
      if (successors.length === 0 && !options.allowDeadlock && !model.allFinished(st))
        violations.push({ kind: "deadlock", message: "deadlock: no step is enabled", length: depth });
    }
    frontier = next;
    depth++;
  }
  // One entry per distinct violation: many states of a level often fail the same way.
  const distinct = [
    ...new Map(violations.map((v) => [`${v.kind}|${v.name}|${v.length}|${v.message}`, v])).values(),
  ];
  distinct.sort((a, b) => a.length - b.length);
  return { outcome: distinct.length ? "violation" : "ok", distinctStates: seen.size, violations: distinct };
}
