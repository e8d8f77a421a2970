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
  private slots: Int32Array<ArrayBuffer>;
  steps = new Int32Array(16);
  instances = new Int32Array(16);
  /** Every successor's choices, one after another; successor i's start at choiceStart[i]. */
  private choiceValues = new Int32Array(64);
  private choiceStart = new Int32Array(17);
  private readonly shown: number[] = [];

  constructor(private readonly width: number) {
    this.slots = new Int32Array(width * 16);
  }

  next(slots: Int32Array, t: Transition): void {
    const i = this.count;
    if (i === this.steps.length) this.grow();
    this.slots.set(slots, i * this.width);
    this.steps[i] = t.step;
    this.instances[i] = t.instance;
    const at = this.choiceStart[i];
    const choices = t.choices;
    if (at + choices.length > this.choiceValues.length)
      this.choiceValues = grown(this.choiceValues, at + choices.length);
    for (let c = 0; c < choices.length; c++) this.choiceValues[at + c] = choices[c];
    this.choiceStart[i + 1] = at + choices.length;
    this.count = i + 1;
  }

  /** Slot `slot` of successor i. */
  slot(i: number, slot: number): number {
    return this.slots[i * this.width + slot];
  }

  /** Copies successor i into `out`. */
  copy(i: number, out: Int32Array): Int32Array {
    const slots = this.slots;
    for (let k = 0, from = i * this.width; k < out.length; k++) out[k] = slots[from + k];
    return out;
  }

  /** Successor i's choices, in an array reused by the next call. */
  choices(i: number): number[] {
    const shown = this.shown;
    shown.length = 0;
    for (let c = this.choiceStart[i]; c < this.choiceStart[i + 1]; c++) shown.push(this.choiceValues[c]);
    return shown;
  }

  private grow(): void {
    const n = this.steps.length * 2;
    this.slots = grown(this.slots, this.width * n);
    this.steps = grown(this.steps, n);
    this.instances = grown(this.instances, n);
    this.choiceStart = grown(this.choiceStart, n + 1);
  }
}

function grown(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(atLeast, a.length * 2));
  out.set(a);
  return out;
}

class AmpleChooser {
  readonly counts: ReductionCounts;
  private readonly buffer: SuccessorBuffer;
  /** What the sink is handed: scratch space, as a model's own successors are. */
  private readonly scratch: Int32Array;
  private readonly canonical: Int32Array;
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
    this.scratch = new Int32Array(model.slotCount);
    this.canonical = new Int32Array(model.slotCount);
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
    const ample = several && this.isCanonical(state) ? this.ampleActor(state, n) : -1;
    if (ample >= 0) this.counts.reduced++;
    else this.counts.full++;
    for (let i = 0; i < n; i++) if (ample < 0 || actorOf[i] === ample) this.emit(i, sink);
  };

  /**
   * Whether `state` is its own representative under symmetry (always, without symmetry). The
   * search only expands representatives; replaying a counterexample expands the concrete states
   * on its path, and those are expanded fully: the ample set of a renamed state need not be the
   * renamed ample set (ties go to the lowest instance), so the successor the replay looks for might
   * otherwise be missing. Expanding fully is always sound.
   */
  private isCanonical(state: Int32Array): boolean {
    const canonicalize = this.model.canonicalize;
    if (!canonicalize) return true;
    const canonical = this.canonical;
    canonical.set(state);
    canonicalize(canonical);
    for (let i = 0; i < canonical.length; i++) if (canonical[i] !== state[i]) return false;
    return true;
  }

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
        if (actorOf[j] === k && !tables.reducibleEdge(actor.process, p, buffer.slot(j, actor.pcSlot)))
          ok = false;
      if (ok) return k;
    }
    return -1;
  }

  private emit(i: number, sink: SuccessorSink): void {
    const t = this.transition;
    t.step = this.buffer.steps[i];
    t.instance = this.buffer.instances[i];
    t.choices = this.buffer.choices(i);
    sink.next(this.buffer.copy(i, this.scratch), t);
  }
}
