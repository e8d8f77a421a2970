// Partial-order reduction by ample sets, as a model: `reducedModel(model)` is the same model whose
// `successors` emits, in each state, only the successors of an ample set of transitions. Every
// engine that explores a Model (breadth-first on one thread or over workers, with or without
// symmetry reduction) explores the reduced graph unchanged. In: a Model with dependency facts
// (model/dependency.ts). Out: a Model, and counters of how often states were reduced.
//
// In each state all successors are computed (so a failing assert or runtime error of any enabled
// step is still found), grouped by process instance, and the first instance k whose step may stand
// alone is taken as the ample set (its enabled transitions); otherwise the state is fully expanded.
// k's step at pc p may stand alone when:
//   C0  k has an enabled transition (so the ample set is empty only when the state has none);
//   C1  no other instance can reach, from its current pc, a step dependent on k's step, and no
//       action is dependent on it (independence.ts): nothing outside the ample set that touches
//       what k's step touches can run before it, including steps now disabled;
//   C2  k's step writes no slot an invariant, property or constraint reads (it is invisible);
//   C3  every successor takes k's pc along an edge that is no back edge of a depth-first search
//       of k's process's control graph. The proviso is static: on a cycle of the reduced graph
//       some process moves, so its pcs form a closed walk of its control graph, which contains a
//       back edge; the state where that edge was taken was fully expanded. So every cycle has a
//       fully expanded state, whatever order the states are searched in: breadth-first, several
//       workers at once, or on symmetry's canonical states (the tables are the same for every
//       instance of a process, so the choice commutes with renaming instances).
// With C0-C3, every deadlock and every state where an invariant fails has a counterpart in the
// reduced graph, and every transition (a failing step included) that can fire in the full graph
// fires in the reduced one (Godefroid 1996, ch. 6; Peled 1993; Emerson, Jha, Peled 1997 for
// symmetry). Shortest counterexamples are not preserved: the reduced graph may take a longer path.

import type { Model, SuccessorSink, Transition } from "../../model/model.js";
import { IndependenceTables } from "./independence.js";

/** How often the reduction applied: states reduced to one instance's steps, and states fully expanded. */
export interface ReductionCounts {
  reduced: number;
  full: number;
  /** By step: successors computed (fired or not emitted), so that coverage sees every enabled step. */
  enabledHits: Float64Array;
}

/** A model whose successors are those of an ample set; `counts` says how often it reduced. */
export interface ReducedModel extends Model {
  readonly counts: ReductionCounts;
}

/** The model with partial-order reduction, or undefined when it has no dependency facts. */
export function reducedModel(model: Model): ReducedModel | undefined {
  if (!model.dependency) return undefined;
  const tables = new IndependenceTables(model.dependency, model.slotCount);
  const chooser = new AmpleChooser(model, tables);
  return { ...model, successors: chooser.successors, counts: chooser.counts };
}

/** The successors of one state, kept until the ample set is chosen. */
class SuccessorBuffer implements SuccessorSink {
  count = 0;
  private slots: Int32Array;
  steps: Int32Array;
  instances: Int32Array;
  choices: number[][] = [];

  constructor(private readonly width: number) {
    this.slots = new Int32Array(width * 16);
    this.steps = new Int32Array(16);
    this.instances = new Int32Array(16);
  }

  next(slots: Int32Array, t: Transition): void {
    if (this.count === this.steps.length) this.grow();
    this.slots.set(slots, this.count * this.width);
    this.steps[this.count] = t.step;
    this.instances[this.count] = t.instance;
    this.choices[this.count] = t.choices.slice();
    this.count++;
  }

  state(i: number): Int32Array {
    return this.slots.subarray(i * this.width, (i + 1) * this.width);
  }

  private grow(): void {
    const n = this.steps.length * 2;
    const slots = new Int32Array(this.width * n);
    slots.set(this.slots);
    this.slots = slots;
    const steps = new Int32Array(n);
    steps.set(this.steps);
    this.steps = steps;
    const instances = new Int32Array(n);
    instances.set(this.instances);
    this.instances = instances;
  }
}

class AmpleChooser {
  readonly counts: ReductionCounts;
  private readonly buffer: SuccessorBuffer;
  private actorBuffer = new Int32Array(16);
  /** The state count at which each instance was last tried as an ample set. */
  private readonly triedAt: Float64Array;
  private readonly transition: { step: number; instance: number; choices: number[] } = {
    step: 0,
    instance: -1,
    choices: [],
  };

  constructor(
    private readonly model: Model,
    private readonly tables: IndependenceTables,
  ) {
    this.buffer = new SuccessorBuffer(model.slotCount);
    this.triedAt = new Float64Array(tables.actors.length).fill(-1);
    this.counts = { reduced: 0, full: 0, enabledHits: new Float64Array(model.steps.length) };
  }

  readonly successors = (state: Int32Array, sink: SuccessorSink): void => {
    const buffer = this.buffer;
    buffer.count = 0;
    this.model.successors(state, buffer);
    const n = buffer.count;
    if (this.actorBuffer.length < n) this.actorBuffer = new Int32Array(buffer.steps.length);
    const actorOf = this.actorBuffer;
    const tables = this.tables;
    let first = -2;
    let several = false;
    for (let i = 0; i < n; i++) {
      this.counts.enabledHits[buffer.steps[i]]++;
      actorOf[i] = tables.actorOf(buffer.steps[i], buffer.instances[i]);
      if (first === -2) first = actorOf[i];
      else if (actorOf[i] !== first) several = true;
    }
    const ample = several ? this.ampleActor(state, n) : -1;
    if (ample >= 0) this.counts.reduced++;
    else this.counts.full++;
    for (let i = 0; i < n; i++) if (ample < 0 || actorOf[i] === ample) this.emit(i, sink);
  };

  /** The first instance whose enabled transitions form an ample set in `state`, or -1. */
  private ampleActor(state: Int32Array, n: number): number {
    const { tables, buffer } = this;
    const actorOf = this.actorBuffer;
    const stamp = this.counts.reduced + this.counts.full;
    for (let i = 0; i < n; i++) {
      const k = actorOf[i];
      if (k < 0 || this.triedAt[k] === stamp) continue; // an action, or an instance already tried
      this.triedAt[k] = stamp;
      const actor = tables.actors[k];
      const p = state[actor.pcSlot];
      if (!tables.independentHere(k, p, state)) continue;
      let ok = true;
      for (let j = 0; j < n && ok; j++)
        if (actorOf[j] === k && !tables.reducibleEdge(actor.process, p, buffer.state(j)[actor.pcSlot]))
          ok = false;
      if (ok) return k;
    }
    return -1;
  }

  private emit(i: number, sink: SuccessorSink): void {
    const t = this.transition;
    t.step = this.buffer.steps[i];
    t.instance = this.buffer.instances[i];
    t.choices = this.buffer.choices[i];
    sink.next(this.buffer.state(i), t);
  }
}
