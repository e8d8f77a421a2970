// Rebuilds the trace of a random walk. In: the model, the walk's initial state, and for each step
// the ordinal of the successor it took (its position in the order the model emits successors).
// Out: a Trace of unpacked states, with a copy of each step's transition.
//
// The simulator keeps only these ordinals while it walks (one integer per step, no states and no
// transition objects), so the hot loop allocates nothing; since a model emits the successors of a
// state in the same order every time, re-enumerating them and taking the same ordinal gives back the
// same state. Only the trace of a violation is ever rebuilt; withoutCycles then cuts out the detours
// of the walk, so the trace a person reads is not padded with steps that lead back where they were.

import type { Model, SuccessorSink, Transition } from "../../model/model.js";
import type { Trace, TraceStep } from "../result.js";
import { copyTransition } from "../counterexample.js";

/** The walk from `initial` that takes, at step i, the successor numbered `ordinals[i]`. */
export function rebuildWalk(model: Model, initial: Int32Array, ordinals: ArrayLike<number>): Trace {
  const picker = new OrdinalPicker();
  const steps: TraceStep[] = [];
  let previous = initial;
  for (let i = 0; i < ordinals.length; i++) {
    const step = picker.pick(model, previous, ordinals[i]);
    if (step === null) {
      throw new Error(
        `walk replay failed at step ${i + 1}: the state has no successor number ${ordinals[i]} ` +
          `(model ${model.name} does not give the same successors twice)`,
      );
    }
    steps.push(step);
    previous = step.state;
  }
  return { initial: initial.slice(), steps };
}

/** A successor sink that keeps the successor with a given ordinal. */
class OrdinalPicker implements SuccessorSink {
  private wanted = 0;
  private seen = 0;
  private found: TraceStep | null = null;

  /** The successor of `state` numbered `ordinal` in emission order, or null when there are fewer. */
  pick(model: Model, state: Int32Array, ordinal: number): TraceStep | null {
    this.wanted = ordinal;
    this.seen = 0;
    this.found = null;
    try {
      model.successors(state, this);
    } catch (e) {
      // A step that fails after the one we want was emitted does not concern this walk.
      if (this.found === null) throw e;
    }
    return this.found;
  }

  next(slots: Int32Array, transition: Transition): void {
    if (this.seen++ === this.wanted)
      this.found = { transition: copyTransition(transition), state: slots.slice() };
  }
}

/**
 * The same behaviour with its cycles cut out: wherever the walk comes back to a state it was in
 * before, the steps in between are dropped. The result is still a behaviour of the model (from the
 * repeated state it continues as the walk did), ends in the same state, and is often far shorter:
 * a random walk wanders, and steps that change nothing are cycles of length one. Deterministic, so
 * the seed that reproduces the walk reproduces this trace too.
 */
export function withoutCycles(trace: Trace): Trace {
  if (!trace.initial) return trace;
  const states = [trace.initial, ...trace.steps.map((s) => s.state)];
  const last = new Map<string, number>();
  states.forEach((s, i) => last.set(s.join(","), i));
  const steps: TraceStep[] = [];
  for (let i = last.get(states[0].join(","))!; i < trace.steps.length; ) {
    steps.push(trace.steps[i]);
    i = last.get(states[i + 1].join(","))!;
  }
  const out: Trace = { initial: trace.initial, steps };
  if (trace.failingStep) out.failingStep = trace.failingStep;
  return out;
}
