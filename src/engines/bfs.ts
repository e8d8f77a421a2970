// The exhaustive breadth-first checker. In: a Model (model.ts), the options of a check and an
// optional progress reporter. Out: a CheckResult (result.ts): ok, bounded, or the first violation
// with a shortest counterexample, and the statistics of the run.
//
// The worker loop is TLC's: states are packed into a PackedStore in the order they are found, so
// the ids not yet expanded are the frontier queue and a level of the search is a range of ids;
// the VisitedSet says whether a successor is new; invariants are checked once per new state (and
// on every successor a constraint cuts off, which is checked but not stored, counted or explored).
// The run object is itself the successor sink, created once: the hot loop reuses its scratch
// arrays and allocates nothing per state. Only on a violation does it copy the last state and
// transition; the rest of the trace is rebuilt afterwards from parent links (trace.ts).

import { ModelError, type Model, type SuccessorSink, type Transition } from "./model.js";
import { PackedStore } from "./packed-store.js";
import type {
  CheckOptions,
  CheckResult,
  CheckStats,
  ProgressReporter,
  Trace,
  Violation,
  ViolationKind,
} from "./result.js";
import { copyTransition, traceTo } from "./trace.js";
import { VisitedSet } from "./visited-set.js";

/** States generated between two reads of the clock for progress reports. */
const CLOCK_CHECK_INTERVAL = 4096;
const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

/** Explores every state reachable from the model's initial states, breadth-first, and checks it. */
export function checkModel(model: Model, options: CheckOptions, reporter?: ProgressReporter): CheckResult {
  return new BreadthFirstRun(model, options, reporter).run();
}

/** A violation as the search finds it; its trace is built once the search has stopped. */
interface Found {
  kind: ViolationKind;
  name?: string;
  message: string;
  file?: string;
  line?: number;
  /** The last stored state on the trace, or -1 when the trace has no stored state. */
  lastStored: number;
  /** A state after `lastStored` that failed but was not (or not yet) on the path: the violating
   *  successor, or the violating initial state when `lastStored` is -1. */
  endState: Int32Array | null;
  /** The transition to `endState`, when it is a successor. */
  endTransition: Transition | null;
  /** The step that threw, for an assert or runtime error in a step. */
  failingStep?: Transition;
}

/** One run of the checker; also the sink that receives every initial state and successor. */
class BreadthFirstRun implements SuccessorSink {
  private readonly store: PackedStore;
  private readonly visited: VisitedSet;
  /** Scratch: the successor being looked at, packed. */
  private readonly packed: Uint32Array;
  /** Scratch: the state being expanded, unpacked. */
  private readonly current: Int32Array;
  private readonly maxDepth: number;
  private readonly maxStates: number;
  private readonly progressIntervalMs: number;

  /** Id of the state being expanded, or -1 while the initial states come in. */
  private parent = -1;
  /** Depth of the state being expanded. */
  private level = 0;
  /** Depth of the deepest stored state. */
  private deepest = 0;
  /** Number of states whose expansion has begun; the rest of the store is the frontier. */
  private cursor = 0;
  /** Successors of the state being expanded, before constraints and duplicates are taken out. */
  private emitted = 0;
  private generated = 0;
  private stopped = false;
  private full = false;
  private found: Found | null = null;
  private startMs = 0;
  private nextClockCheck = Infinity;
  private nextReportMs = 0;

  constructor(
    private readonly model: Model,
    private readonly options: CheckOptions,
    private readonly reporter: ProgressReporter | undefined,
  ) {
    this.store = new PackedStore(model.packedWords);
    this.visited = new VisitedSet(this.store);
    this.packed = new Uint32Array(model.packedWords);
    this.current = new Int32Array(model.slotCount);
    this.maxDepth = options.maxDepth ?? Infinity;
    this.maxStates = options.maxStates ?? Infinity;
    this.progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  run(): CheckResult {
    const store = this.store;
    this.startMs = performance.now();
    this.nextReportMs = this.startMs + this.progressIntervalMs;
    if (this.reporter) this.nextClockCheck = CLOCK_CHECK_INTERVAL;

    try {
      this.model.initialStates(this);
    } catch (e) {
      this.stepFailed(e, -1);
    }

    let boundedByDepth = false;
    let id = 0;
    search: while (!this.stopped && id < store.size) {
      // Level `this.level` is the ids from `id` up to `levelEnd`; its successors are appended after it.
      const levelEnd = store.size;
      if (this.level >= this.maxDepth) {
        boundedByDepth = true;
        break;
      }
      for (; id < levelEnd; id++) {
        this.expand(id);
        if (this.stopped) break search;
        if (this.generated >= this.nextClockCheck) this.tick();
      }
      this.level++;
    }

    const stats = this.stats(performance.now());
    if (this.found) {
      const f = this.found;
      const violation: Violation = { kind: f.kind, message: f.message, trace: this.traceOf(f) };
      if (f.name !== undefined) violation.name = f.name;
      if (f.file !== undefined) violation.file = f.file;
      if (f.line !== undefined) violation.line = f.line;
      return { outcome: "violation", violation, stats };
    }
    if (this.full) return { outcome: "bounded", stats, boundedBy: "states" };
    if (boundedByDepth) return { outcome: "bounded", stats, boundedBy: "depth" };
    return { outcome: "ok", stats };
  }

  /** Emits the successors of state `id` into this sink, then looks for a deadlock. */
  private expand(id: number): void {
    const model = this.model;
    const store = this.store;
    this.cursor = id + 1;
    this.parent = id;
    this.emitted = 0;
    model.unpack(store.words, store.offsetOf(id), this.current);
    try {
      model.successors(this.current, this);
    } catch (e) {
      this.stepFailed(e, id);
    }
    if (this.stopped || this.emitted > 0 || this.options.allowDeadlock) return;
    if (model.allFinished(this.current)) return;
    this.record({
      kind: "deadlock",
      message: "deadlock: no step is enabled",
      lastStored: id,
      endState: null,
      endTransition: null,
    });
  }

  /** SuccessorSink: one initial state (while `parent` is -1) or one successor of state `parent`. */
  next(slots: Int32Array, transition: Transition): void {
    if (this.stopped) return;
    this.generated++;
    this.emitted++;
    try {
      this.accept(slots, transition);
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

  private accept(slots: Int32Array, transition: Transition): void {
    const model = this.model;
    if (!model.withinConstraints(slots)) {
      this.checkInvariants(slots, transition);
      return;
    }
    model.pack(slots, this.packed, 0);
    if (this.store.size >= this.maxStates && this.visited.find(this.packed, 0) < 0) {
      this.full = true;
      this.stopped = true;
      return;
    }
    if (this.visited.addOrFind(this.packed, 0, this.parent) < 0) return;
    if (this.parent >= 0) this.deepest = this.level + 1;
    this.checkInvariants(slots, transition);
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

  /** Where a trace ends that ends in the state just emitted: copies, since the model reuses both. */
  private endAt(
    slots: Int32Array,
    transition: Transition,
  ): Pick<Found, "lastStored" | "endState" | "endTransition"> {
    const successor = this.parent >= 0;
    return {
      lastStored: this.parent,
      endState: slots.slice(),
      endTransition: successor ? copyTransition(transition) : null,
    };
  }

  /** Handles an exception out of the model's initial states (`parent` -1) or successors of `parent`. */
  private stepFailed(e: unknown, parent: number): void {
    if (!(e instanceof ModelError)) throw e;
    if (this.stopped) return; // the search had already stopped; the model went on and failed later
    this.record({
      kind: e.errorKind,
      message: e.message,
      file: e.file,
      line: e.line,
      lastStored: parent,
      endState: null,
      endTransition: null,
      failingStep: e.transition ? copyTransition(e.transition) : undefined,
    });
  }

  private record(found: Found): void {
    this.found = found;
    this.stopped = true;
  }

  private traceOf(f: Found): Trace {
    const trace: Trace =
      f.lastStored < 0 ? { initial: f.endState, steps: [] } : traceTo(this.model, this.store, f.lastStored);
    if (f.lastStored >= 0 && f.endState !== null && f.endTransition !== null) {
      trace.steps.push({ transition: f.endTransition, state: f.endState });
    }
    if (f.failingStep) trace.failingStep = f.failingStep;
    return trace;
  }

  /** Reads the clock, and reports progress if a report is due. */
  private tick(): void {
    this.nextClockCheck = this.generated + CLOCK_CHECK_INTERVAL;
    const now = performance.now();
    if (now < this.nextReportMs) return;
    this.nextReportMs = now + this.progressIntervalMs;
    this.reporter?.progress(this.stats(now));
  }

  private stats(now: number): CheckStats {
    const elapsedMs = now - this.startMs;
    const distinctStates = this.store.size;
    return {
      distinctStates,
      statesGenerated: this.generated,
      depth: this.deepest,
      queued: distinctStates - this.cursor,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? (distinctStates * 1000) / elapsedMs : 0,
      memoryBytes: this.store.bytes + this.visited.bytes,
    };
  }
}
