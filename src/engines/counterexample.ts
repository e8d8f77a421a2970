// Counterexamples by searching back through the levels, then replaying forward. In: the model, the
// LevelLog of a breadth-first search (every state found, in order, grouped by level) and one state
// in it. Out: a Trace from an initial state to that state, with the transition of every step.
//
// No state stores a parent link (that would cost four bytes for every state to serve the one trace
// a run prints). A state at level j has a predecessor at level j-1, so we look for one there: the
// first state of level j-1, in the order the search found them, with a successor packing to the
// same words. That gives the path as packed states; replaying the model forward along it then
// recovers each transition and the unpacked states. The backward search expands at most the levels
// below the violation once more, without any hashing. With symmetry reduction the log holds
// canonical states, so successors are compared after canonicalizing and the trace shows the
// concrete states the replay passes through.

import { ModelError, type Model, type SuccessorSink, type Transition } from "../model/model.js";
import type { LevelLog } from "./bfs/level-log.js";
import type { Trace, TraceStep } from "./result.js";
import { wordsEqual } from "./store/state-hash.js";

/** Rebuilds a shortest path from an initial state to state `index` of the log, at `level`. */
export function traceTo(model: Model, log: LevelLog, level: number, index: number): Trace {
  const n = model.packedWords;
  const path: Uint32Array[] = new Array<Uint32Array>(level + 1);
  path[level] = log.wordsOf(index).slice(log.offsetOf(index), log.offsetOf(index) + n);
  const finder = new SuccessorFinder(model);
  const slots = new Int32Array(model.slotCount);
  for (let j = level; j > 0; j--) {
    let found = false;
    for (let i = log.levelStart(j - 1), end = log.levelEnd(j - 1); i < end && !found; i++) {
      const words = log.wordsOf(i);
      const offset = log.offsetOf(i);
      model.unpack(words, offset, slots);
      if (finder.find(slots, path[j], 0) !== null) {
        path[j - 1] = words.slice(offset, offset + n);
        found = true;
      }
    }
    if (!found)
      throw new Error(`trace search failed: no state of level ${j - 1} leads to a state of level ${j}`);
  }

  const initial = finder.findInitial(path[0]);
  const steps: TraceStep[] = [];
  let previous = initial;
  for (let j = 1; j <= level; j++) {
    const step = finder.find(previous, path[j], 0);
    if (step === null) {
      throw new Error(
        `trace replay failed at step ${j}: model ${model.name} does not give the same successors twice`,
      );
    }
    steps.push(step);
    previous = step.state;
  }
  return { initial, steps };
}

/** The first step from `state` to a successor packing as `successor` does (after canonicalizing), or null. */
export function stepTo(model: Model, state: Int32Array, successor: Int32Array): TraceStep | null {
  const target = new Uint32Array(Math.max(1, model.packedWords));
  const slots = successor.slice();
  model.canonicalize?.(slots);
  model.pack(slots, target, 0);
  return new SuccessorFinder(model).find(state, target, 0);
}

/** A copy of `t` the caller may keep: models reuse their Transition objects and choice arrays. */
export function copyTransition(t: Transition): Transition {
  return { step: t.step, instance: t.instance, choices: t.choices.slice() };
}

/** A successor sink that looks for the first successor (or initial state) packing to given words. */
class SuccessorFinder implements SuccessorSink {
  private readonly packed: Uint32Array;
  private readonly canonical: Int32Array;
  private target: Uint32Array = new Uint32Array(0);
  private targetOffset = 0;
  private found: TraceStep | null = null;

  constructor(private readonly model: Model) {
    this.packed = new Uint32Array(model.packedWords);
    this.canonical = new Int32Array(model.slotCount);
  }

  /** The first transition from `state` to the state packed in `target` at `offset`, or null. */
  find(state: Int32Array, target: Uint32Array, offset: number): TraceStep | null {
    this.begin(target, offset);
    try {
      this.model.successors(state, this);
    } catch (e) {
      // A step that fails leads nowhere; the search met it only after the step we want, or in a
      // state that is not on the path.
      if (!(e instanceof ModelError)) throw e;
    }
    return this.found;
  }

  /** The first initial state packing to `target` (as given by the model, not canonicalized). */
  findInitial(target: Uint32Array): Int32Array {
    this.begin(target, 0);
    this.model.initialStates(this);
    if (this.found === null)
      throw new Error("trace replay failed: no initial state packs to the first state");
    return this.found.state;
  }

  next(slots: Int32Array, transition: Transition): void {
    if (this.found !== null) return;
    const model = this.model;
    if (model.canonicalize) {
      this.canonical.set(slots);
      model.canonicalize(this.canonical);
      model.pack(this.canonical, this.packed, 0);
    } else {
      model.pack(slots, this.packed, 0);
    }
    if (wordsEqual(this.packed, 0, this.target, this.targetOffset, model.packedWords)) {
      this.found = { transition: copyTransition(transition), state: slots.slice() };
    }
  }

  private begin(target: Uint32Array, offset: number): void {
    this.target = target;
    this.targetOffset = offset;
    this.found = null;
  }
}
