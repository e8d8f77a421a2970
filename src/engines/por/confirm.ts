// A counterexample found in a reduced graph, replayed through the full model before anyone sees
// it. In: the model without reduction and a Violation. Out: null when the trace is a behaviour of
// the model ending in the violation it claims, else what does not fit (an internal error: the
// reduction only ever drops successors, so a trace it gives must replay).
//
// Checked: the first state is an initial state; each step is a successor of the state before, by
// the same step of the same instance, with the same slots; and at the end the claim holds: the
// named invariant is false, or no step is enabled and not every process has finished (deadlock),
// or the failing step throws (assert, runtime error).

import { ModelError, type Model, type SuccessorSink, type Transition } from "../../model/model.js";
import type { Violation } from "../result.js";

/** Why the violation's trace is no behaviour of `model` ending in that violation, or null. */
export function traceProblem(model: Model, v: Violation): string | null {
  const { trace } = v;
  // Searched without reduction (the refinement search runs on the full model whatever --por says).
  if (v.kind === "liveness" || v.kind === "refinement") return null;
  if (trace.initial === null) return null; // an initializer failed: there is no state to replay
  if (!emits((sink) => model.initialStates(sink), trace.initial, null))
    return "its first state is no initial state of the model";
  let state = trace.initial;
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i];
    if (!emits((sink) => model.successors(state, sink), step.state, step.transition))
      return `step ${i + 1} (${model.describeTransition(step.transition)}) is no step of the model`;
    state = step.state;
  }
  const last = state;
  const before = trace.steps.length > 1 ? trace.steps[trace.steps.length - 2].state : trace.initial;
  const stepProperty = model.stepPropertyNames?.indexOf(v.name ?? "") ?? -1;
  if (v.kind === "invariant" && stepProperty >= 0) {
    return trace.steps.length > 0 && stepViolated(model, before, last, stepProperty)
      ? null
      : `property ${v.name} holds on its last step`;
  }
  switch (v.kind) {
    case "invariant": {
      const index = model.invariantNames.indexOf(v.name ?? "");
      return index >= 0 && violated(model, last, index)
        ? null
        : `invariant ${v.name} holds in its last state`;
    }
    case "deadlock": {
      let any = false;
      try {
        model.successors(last, { next: () => (any = true) });
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        any = true;
      }
      return !any && !model.allFinished(last) ? null : "its last state is no deadlock";
    }
    default:
      // An action property is evaluated on the last step: it may be what raised the error.
      return failsIn(model, last) || (trace.steps.length > 0 && stepPropertyFails(model, before, last))
        ? null
        : `no ${v.kind === "assert" ? "assert fails" : "runtime error"} in its last state`;
  }
}

function violated(model: Model, state: Int32Array, index: number): boolean {
  try {
    // Invariants are checked in order; an earlier one false would have been reported instead.
    return model.firstViolatedInvariant(state) === index;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return false;
  }
}

function stepViolated(model: Model, from: Int32Array, to: Int32Array, index: number): boolean {
  try {
    return model.firstViolatedStepProperty?.(from, to) === index;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return false;
  }
}

/** Whether evaluating the action properties on the step from `from` to `to` throws. */
function stepPropertyFails(model: Model, from: Int32Array, to: Int32Array): boolean {
  try {
    model.firstViolatedStepProperty?.(from, to);
    return false;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return true;
  }
}

/** Whether evaluating `state` fails: one of its steps, its invariants or its constraints throws. */
function failsIn(model: Model, state: Int32Array): boolean {
  try {
    model.firstViolatedInvariant(state);
    model.withinConstraints(state);
    model.successors(state, { next: () => undefined });
    return false;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return true;
  }
}

/** Whether `enumerate` emits exactly `target` (by the transition `by`, when given). */
function emits(enumerate: (sink: SuccessorSink) => void, target: Int32Array, by: Transition | null): boolean {
  let found = false;
  const sink: SuccessorSink = {
    next: (slots, t) => {
      if (found || (by && (t.step !== by.step || t.instance !== by.instance))) return;
      if (slots.length === target.length && slots.every((x, i) => x === target[i])) found = true;
    },
  };
  try {
    enumerate(sink);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
  return found;
}
