// Expanding states: the inner loop shared by the serial checker (bfs.ts) and each parallel worker
// (parallel-worker.ts). In: states to expand, one at a time, with the level they are on; a visited
// set (the exact table, the parallel workers' shared table, or bitstate's filter); and where to put new
// states. Out: new states appended in the
// order found, the statistics, and the first violation (`found`) or bound (`boundedBy`) met.
//
// For each state it emits the successors into itself (it is the model's successor sink, created
// once: the hot loop reuses its scratch arrays and allocates nothing per state), checks
// constraints, canonicalizes under symmetry, packs into a batch (without symmetry, as the parent's
// packed words with only those the step changed packed again, when the model says which), and looks up a batch at a time
// (SuccessorBatch says why). A new state is appended and its invariants checked; a successor a
// constraint cuts off is checked but not stored, counted or explored. A state with no successor is
// a deadlock unless every process has finished.
//
// Shortest counterexamples: expanding level d finds deadlocks d steps deep and every other
// violation d + 1 steps deep. So the first of the latter is `pending`: no more states are stored,
// but the rest of the level is still expanded (`scanning`), looking only for a deadlock, which
// would be shorter. `endLevel` then makes the pending violation final.

import { ModelError, type Model, type SuccessorSink, type Transition } from "../../model/model.js";
import { FULL, LIMIT, PRESENT, hashKey, type VisitedSet } from "../store/state-table.js";
import { RecentStates } from "../store/recent-states.js";
import { copyTransition } from "../counterexample.js";
import type { Found } from "./violation.js";

// Why batches: on a table larger than the processor's caches each lookup is a cache (and TLB) miss,
// and one lookup after another waits for each miss in turn. Hashing a whole batch and reading every
// slot it will probe before adding any lets the processor have many misses in flight at once. The
// batch is small (256 states) so that the slots read are still cached when the adds come; the
// search does the same work in the same order, a quarter faster on the 4M-state benchmark.

/** States per batch. */
export const BATCH_STATES = 256;

/** Fixed-size buffers for one batch of successors; the checker fills and drains them. */
export class SuccessorBatch {
  readonly keys: Uint32Array;
  readonly parents: Int32Array;
  /** The step (index into Model.steps) that emitted each state; -1 for an initial state. */
  readonly steps: Int32Array;
  /** Each state's hashKey as a signed 32-bit integer (see VisitedSet.addHashed). */
  readonly hashes: Int32Array;
  /** States in the batch. */
  count = 0;
  /** What the prefetch pass read (kept so that the reads are not optimised away). */
  read = 0;

  constructor(
    private readonly packedWords: number,
    readonly capacity = BATCH_STATES,
  ) {
    this.keys = new Uint32Array(Math.max(1, capacity * packedWords));
    this.parents = new Int32Array(capacity);
    this.steps = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** Where in `keys` the next state is to be packed. */
  get nextOffset(): number {
    return this.count * this.packedWords;
  }

  /** Takes the state packed at `nextOffset`, reached from `parent` by `step`; true when the batch is full. */
  push(parent: number, step: number): boolean {
    this.steps[this.count] = step;
    this.parents[this.count++] = parent;
    return this.count === this.capacity;
  }
}

/** Where new states go: the level log, or a parallel worker's buffer. */
export interface StateOut {
  append(key: Uint32Array, offset: number): void;
}

type TraceEnd = Pick<Found, "lastStored" | "lastLevel" | "endState" | "endTransition">;

/** Expands states into a visited set; also the sink of the model's successors. */
export class Expander implements SuccessorSink {
  /** Depth of the states being expanded. */
  level = 0;
  generated = 0;
  /** Depth of the deepest state stored. */
  deepest = 0;
  stopped = false;
  scanning = false;
  found: Found | null = null;
  pending: Found | null = null;
  boundedBy: "states" | "memory" | "interrupted" | undefined;
  /** Coverage: for each of Model.steps, how many successors that step or action has emitted. */
  readonly stepHits: Float64Array;
  /** Profile: for each of Model.steps, how many new distinct states it reached first. */
  readonly stepNewStates: Float64Array;
  /** Profile: distinct states stored at each depth. */
  readonly levelStates: number[] = [];

  /** Index of the state being expanded (as the caller numbers them), or -1 for the initial states. */
  private expanding = -1;
  private emitted = 0;
  private readonly current: Int32Array;
  /** The packed words of the state being expanded: a successor is a copy with its changed words repacked. */
  private readonly parent: Uint32Array;
  private readonly canonical: Int32Array;
  private readonly added: Int32Array;
  private readonly batch: SuccessorBatch;
  /** States offered to the visited set lately: most repeats are answered there (recent-states.ts). */
  private readonly recent: RecentStates;

  constructor(
    private readonly model: Model,
    private readonly visited: VisitedSet,
    private readonly out: StateOut,
    private readonly allowDeadlock: boolean,
  ) {
    this.current = new Int32Array(model.slotCount);
    this.parent = new Uint32Array(model.packedWords);
    this.canonical = new Int32Array(model.slotCount);
    this.added = new Int32Array(model.slotCount);
    this.batch = new SuccessorBatch(model.packedWords);
    this.recent = new RecentStates(model.packedWords);
    this.stepHits = new Float64Array(model.steps.length);
    this.stepNewStates = new Float64Array(model.steps.length);
  }

  /** Adds the model's initial states (level 0). */
  initialStates(): void {
    this.expanding = -1;
    try {
      this.model.initialStates(this);
    } catch (e) {
      this.stepFailed(e, -1);
    }
    this.flush(this.batch);
    if (this.boundedBy && !this.found) this.checkUnstoredInitialStates();
  }

  /**
   * A bound met among the initial states (`maxStates` below their number, or the memory budget)
   * stops storing them, but every initial state is still checked: a violation there is found
   * whatever the bounds, and a bounded search never hides one.
   */
  private checkUnstoredInitialStates(): void {
    const sink: SuccessorSink = {
      next: (slots, transition) => {
        if (!this.found) this.checkInvariants(slots, transition);
      },
    };
    try {
      this.model.initialStates(sink);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      this.found ??= {
        kind: e.errorKind,
        message: e.message,
        file: e.file,
        line: e.line,
        lastStored: -1,
        lastLevel: 0,
        endState: null,
        endTransition: null,
        failingStep: e.transition ? copyTransition(e.transition) : undefined,
      };
    }
  }

  /** Expands the state packed at `offset` of `words`, numbered `index`; then looks for a deadlock. */
  expand(words: Uint32Array, offset: number, index: number): void {
    const model = this.model;
    this.expanding = index;
    this.emitted = 0;
    const parent = this.parent;
    for (let k = 0; k < parent.length; k++) parent[k] = words[offset + k];
    model.unpack(words, offset, this.current);
    try {
      model.successors(this.current, this);
    } catch (e) {
      this.stepFailed(e, index);
    }
    if (this.stopped || this.emitted > 0 || this.allowDeadlock) return;
    if (model.allFinished(this.current)) return;
    this.stop({
      kind: "deadlock",
      message: "deadlock: no step is enabled",
      lastStored: index,
      lastLevel: this.level,
      endState: null,
      endTransition: null,
    });
  }

  /** Adds what is left in the batch; a pending violation becomes final. */
  endLevel(): void {
    this.flush(this.batch);
    if (this.pending && !this.found) this.stop(this.pending);
  }

  /** Adds what is left in the batch (a parallel worker: the coordinator judges pending violations). */
  flushBatch(): void {
    this.flush(this.batch);
  }

  /** Another worker found a violation one step deeper: from now on only look for deadlocks. */
  scanForDeadlocks(): void {
    this.flush(this.batch);
    this.scanning = true;
  }

  /** SuccessorSink: one initial state (while `expanding` is -1) or one successor. */
  next(slots: Int32Array, transition: Transition): void {
    if (this.stopped) return;
    this.generated++;
    this.emitted++;
    if (this.expanding >= 0) this.stepHits[transition.step]++;
    if (this.scanning) return;
    try {
      const model = this.model;
      if (this.expanding >= 0 && model.firstViolatedStepProperty) {
        // An action property is about the step itself: checked on every one, to a new state or not.
        const index = model.firstViolatedStepProperty(this.current, slots);
        if (index >= 0) return this.stepViolates(index, slots, transition);
      }
      if (!model.withinConstraints(slots)) return this.checkInvariants(slots, transition);
      const batch = this.batch;
      if (model.canonicalize) {
        this.canonical.set(slots);
        model.canonicalize(this.canonical);
        model.pack(this.canonical, batch.keys, batch.nextOffset);
      } else if (model.packWords && transition.changed !== undefined && this.expanding >= 0) {
        // A delta on the parent: its words, then those the step may have changed packed again.
        const { keys, nextOffset } = batch;
        const parent = this.parent;
        for (let k = 0; k < parent.length; k++) keys[nextOffset + k] = parent[k];
        model.packWords(slots, keys, nextOffset, transition.changed);
      } else {
        model.pack(slots, batch.keys, batch.nextOffset);
      }
      if (batch.push(this.expanding, this.expanding >= 0 ? transition.step : -1)) this.flush(batch);
    } catch (e) {
      // A constraint or an invariant could not be evaluated in this state.
      if (!(e instanceof ModelError)) throw e;
      this.record({
        kind: e.errorKind,
        message: e.message,
        file: e.file,
        line: e.line,
        ...this.endAt(slots, transition),
      });
    }
  }

  /** Adds a batch's states to the visited set in order; appends and checks the new ones. */
  private flush(batch: SuccessorBatch): void {
    const count = batch.count;
    batch.count = 0;
    const visited = this.visited;
    const n = this.model.packedWords;
    const { keys, hashes, parents, steps } = batch;
    let read = 0;
    for (let i = 0; i < count; i++) hashes[i] = hashKey(keys, i * n, n);
    // Repeats the recent memory answers leave the batch; the rest move up, in order.
    const recent = this.recent;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (recent.seen(keys, i * n, hashes[i])) continue;
      if (kept !== i) {
        for (let k = 0; k < n; k++) keys[kept * n + k] = keys[i * n + k];
        hashes[kept] = hashes[i];
        parents[kept] = parents[i];
        steps[kept] = steps[i];
      }
      kept++;
    }
    for (let i = 0; i < kept; i++) read ^= visited.prefetch(keys, i * n, hashes[i]);
    batch.read = read;
    for (let i = 0; i < kept && !this.stopped && !this.scanning; i++) {
      const added = visited.addHashed(keys, i * n, hashes[i]);
      if (added === PRESENT) continue;
      if (added === FULL || added === LIMIT) return this.bound(added === FULL ? "memory" : "states");
      this.out.append(keys, i * n);
      const depth = parents[i] >= 0 ? this.level + 1 : 0;
      if (parents[i] >= 0) this.deepest = depth;
      this.levelStates[depth] = (this.levelStates[depth] ?? 0) + 1;
      if (steps[i] >= 0) this.stepNewStates[steps[i]]++;
      this.checkNew(keys, i * n, parents[i]);
    }
  }

  /** Checks the invariants in a state just added, unpacked from the batch. */
  private checkNew(keys: Uint32Array, offset: number, parent: number): void {
    const model = this.model;
    const state = this.added;
    model.unpack(keys, offset, state);
    let index: number;
    try {
      index = model.firstViolatedInvariant(state);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      return this.record({
        kind: e.errorKind,
        message: e.message,
        file: e.file,
        line: e.line,
        ...this.endIn(state, parent),
      });
    }
    if (index < 0) return;
    const name = model.invariantNames[index];
    this.record({
      kind: "invariant",
      name,
      message: `invariant ${name} is violated`,
      ...this.endIn(state, parent),
    });
  }

  private checkInvariants(slots: Int32Array, transition: Transition): void {
    const index = this.model.firstViolatedInvariant(slots);
    if (index < 0) return;
    const name = this.model.invariantNames[index];
    this.record({
      kind: "invariant",
      name,
      message: `invariant ${name} is violated`,
      ...this.endAt(slots, transition),
    });
  }

  /** A step that breaks action property `index`: the trace ends with that very step. */
  private stepViolates(index: number, slots: Int32Array, transition: Transition): void {
    const name = this.model.stepPropertyNames![index];
    this.record({
      kind: "invariant",
      name,
      message: `property ${name} is violated by the last step`,
      ...this.endAt(slots, transition),
    });
  }

  /** Where a trace ends that ends in the state just emitted: copies, since the model reuses both. */
  private endAt(slots: Int32Array, transition: Transition): TraceEnd {
    const successor = this.expanding >= 0;
    return {
      lastStored: this.expanding,
      lastLevel: this.level,
      endState: slots.slice(),
      endTransition: successor ? copyTransition(transition) : null,
    };
  }

  /** Where a trace ends that ends in a new state of the batch; the step to it is found by replay. */
  private endIn(state: Int32Array, parent: number): TraceEnd {
    return { lastStored: parent, lastLevel: this.level, endState: state.slice(), endTransition: null };
  }

  /** Handles an exception out of the model's initial states (`index` -1) or successors. */
  private stepFailed(e: unknown, index: number): void {
    if (!(e instanceof ModelError)) throw e;
    if (this.stopped) return; // the search had already stopped; the model went on and failed later
    this.emitted++; // a step that fails was enabled: its state is not a deadlock
    if (this.scanning) return;
    this.record({
      kind: e.errorKind,
      message: e.message,
      file: e.file,
      line: e.line,
      lastStored: index,
      lastLevel: this.level,
      endState: null,
      endTransition: null,
      failingStep: e.transition ? copyTransition(e.transition) : undefined,
    });
  }

  /** A violation in an initial state is final; one a step deeper than the level waits for the level's end. */
  private record(found: Found): void {
    if (found.lastStored < 0 || this.allowDeadlock) return this.stop(found);
    this.pending = found;
    this.scanning = true;
  }

  private stop(found: Found): void {
    this.found = found;
    this.stopped = true;
  }

  /** Stops at a bound: `maxStates`, the memory budget, or an interrupt. */
  bound(by: "states" | "memory" | "interrupted"): void {
    this.boundedBy = by;
    this.stopped = true;
  }
}
