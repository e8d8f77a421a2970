// Counterexamples from parent links plus replay. In: a PackedStore whose parent links lead from a
// state back to an initial state, and the model. Out: a Trace of unpacked states with the
// transition of every step.
//
// The store keeps no step labels and no unpacked states (that would cost memory for every state
// to serve the one trace a run prints). Instead, for each consecutive pair (s, t) on the path we
// run the model's successors of s again and keep the first transition whose successor packs to
// the same words as t. Since every state on the path was fully expanded during the search, the
// replay sees the same successors the search saw.

import type { Model, SuccessorSink, Transition } from "./model.js";
import { wordsEqual, type PackedStore } from "./packed-store.js";
import type { Trace, TraceStep } from "./result.js";

/** Rebuilds the path from an initial state to stored state `id`, labelling each step by replay. */
export function traceTo(model: Model, store: PackedStore, id: number): Trace {
  const path: number[] = [];
  for (let at = id; at >= 0; at = store.parentOf(at)) path.push(at);
  path.reverse();

  const initial = new Int32Array(model.slotCount);
  model.unpack(store.words, store.offsetOf(path[0]), initial);
  const finder = new SuccessorFinder(model);
  const steps: TraceStep[] = [];
  let previous: Int32Array = initial;
  for (let i = 1; i < path.length; i++) {
    const step = finder.find(previous, store.words, store.offsetOf(path[i]));
    if (step === null) {
      throw new Error(
        `trace replay failed: no successor of state ${path[i - 1]} packs to state ${path[i]} ` +
          `(model ${model.name} does not give the same successors twice)`,
      );
    }
    steps.push(step);
    previous = step.state;
  }
  return { initial, steps };
}

/** A copy of `t` the caller may keep: models reuse their Transition objects and choice arrays. */
export function copyTransition(t: Transition): Transition {
  return { step: t.step, instance: t.instance, choices: t.choices.slice() };
}

/** A successor sink that looks for the first successor packing to given target words. */
class SuccessorFinder implements SuccessorSink {
  private readonly packed: Uint32Array;
  private target: Uint32Array = new Uint32Array(0);
  private targetOffset = 0;
  private found: TraceStep | null = null;

  constructor(private readonly model: Model) {
    this.packed = new Uint32Array(model.packedWords);
  }

  /** The first transition from `state` to the state packed in `target` at `offset`, or null. */
  find(state: Int32Array, target: Uint32Array, offset: number): TraceStep | null {
    this.target = target;
    this.targetOffset = offset;
    this.found = null;
    try {
      this.model.successors(state, this);
    } catch (e) {
      // An error after the step we want was emitted does not concern this trace.
      if (this.found === null) throw e;
    }
    return this.found;
  }

  next(slots: Int32Array, transition: Transition): void {
    if (this.found !== null) return;
    const n = this.model.packedWords;
    this.model.pack(slots, this.packed, 0);
    if (wordsEqual(this.packed, 0, this.target, this.targetOffset, n)) {
      this.found = { transition: copyTransition(transition), state: slots.slice() };
    }
  }
}
