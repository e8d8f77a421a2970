// The simulator: seeded random walks over a Model. In: a Model (model.ts), the options of a
// simulation (base seed, runs, steps per run, whether deadlock is allowed) and an optional progress
// reporter. Out: a SimulationResult: the first violation with the trace of the walk that found it
// and the seed that reproduces that walk, run and step statistics, and coverage of steps and
// `either` branches.
//
// Why: the breadth-first checker is exhaustive but must store every state; a random walk stores
// nothing, so it reaches deep into models too big to check, and finds many bugs in seconds.
//
// Each run reseeds the generator with runSeed(base, run) and walks from a random initial state. At
// every state the model's successors are enumerated into the walk itself (it is the sink) and one
// is picked uniformly by reservoir sampling: the i-th enabled successor replaces the pick with
// probability 1/i, and only a pick is copied, into a preallocated buffer. Invariants are checked in
// each state reached, asserts and runtime errors surface as ModelErrors from the successors, and a
// state with no successor where not every process has finished is a deadlock: the run is counted as
// stuck and, unless the check allows deadlock, reported as a violation (as the checker does).
// Successors outside a `constraint` are checked against the invariants but never walked into. The
// hot loop allocates nothing: the walk keeps, per step, only the ordinal of the chosen successor in
// the model's enumeration order, and a violation's trace is rebuilt afterwards by replaying them,
// with the walk's cycles cut out (walk-trace.ts).
//
// Which runs a simulation walks comes from a RunSource: one thread takes them in order, and each
// worker of a parallel simulation (simulate-parallel.ts) claims them from a shared counter, so both
// walk with this one loop.

import { ModelError, type Model, type SuccessorSink, type Transition } from "../../model/model.js";
import { Sfc32, runSeed } from "./prng.js";
import type { Trace, Violation, ViolationKind } from "../result.js";
import { copyTransition } from "../counterexample.js";
import { rebuildWalk, withoutCycles } from "./walk.js";
import { branchBaseline, type Coverage } from "../coverage.js";

export type { Coverage } from "../coverage.js";

/** What a simulation runs. */
export interface SimulateOptions {
  /** The base seed, an unsigned 32-bit integer; run i uses runSeed(seed, i). */
  seed: number;
  /** How many walks to run (stopping early at the first violation). */
  runs: number;
  /** The most steps a walk takes; its last state is checked but not expanded. */
  maxSteps: number;
  /** `allow deadlock`: a stuck run is counted but is not a violation. */
  allowDeadlock: boolean;
  /** Milliseconds between progress reports (default 1000). */
  progressIntervalMs?: number;
}

/** Statistics of a simulation, as the CLI prints them. */
export interface SimulationStats {
  runs: number;
  /** Steps taken over all runs. */
  steps: number;
  elapsedMs: number;
  runsPerSecond: number;
  stepsPerSecond: number;
  /** Runs that reached a state with no successor where some process had not finished (deadlock). */
  stuckRuns: number;
  /** Runs that ended because every process instance had finished. */
  finishedRuns: number;
  /** Runs that took `maxSteps` steps. */
  cutRuns: number;
  /** Runs that ended because every successor was cut off by a constraint. */
  constrainedRuns: number;
  /** The most steps any run took. */
  longestRun: number;
}

/** The outcome of a simulation: a violation, or none found (which proves nothing). */
export interface SimulationResult {
  outcome: "ok" | "violation";
  violation?: Violation;
  /** The base seed. */
  seed: number;
  /** The run that found the violation: its number (from 0), its own seed, and the steps it took
   *  (the violation's trace leaves out the cycles of the walk, so it may be shorter). */
  violationRun?: { index: number; seed: number; steps: number };
  stats: SimulationStats;
  coverage: Coverage;
  /** Set when an interrupt (SIGINT, SIGTERM) stopped the simulation before its last run. */
  interrupted?: boolean;
}

/** Receives progress about once a second while a simulation runs. */
export interface SimulationReporter {
  progress(stats: SimulationStats): void;
}

/** Hands a simulation its runs, so that one walk loop serves one thread and many. */
export interface RunSource {
  /** The index of the next run to walk, or -1 when there is none left. */
  next(): number;
  /** Run `index` found a violation; the simulation stops after it. */
  violated(index: number): void;
}

/** Runs 0 to runs-1 in order: a simulation on this thread alone. */
class RunsInOrder implements RunSource {
  private index = 0;

  constructor(private readonly runs: number) {}

  next(): number {
    return this.index < this.runs ? this.index++ : -1;
  }

  /** Hands out no more runs (an interrupt). */
  stop(): void {
    this.index = this.runs;
  }

  violated(): void {}
}

const CLOCK_CHECK_INTERVAL = 1 << 14;

/** Runs seeded random walks over the model and checks every state they reach. */
export function simulateModel(
  model: Model,
  options: SimulateOptions,
  reporter?: SimulationReporter,
): SimulationResult {
  return simulateRuns(model, options, new RunsInOrder(options.runs), reporter);
}

/**
 * Like simulateModel, but returns to the event loop every few dozen milliseconds so that a signal
 * handler can run; once `signal` is aborted no further run starts, and the result (of the runs
 * walked) says `interrupted`.
 */
export async function simulateModelAsync(
  model: Model,
  options: SimulateOptions,
  reporter?: SimulationReporter,
  signal?: AbortSignal,
): Promise<SimulationResult> {
  const simulation = new Simulation(model, options, reporter);
  const runs = new RunsInOrder(options.runs);
  simulation.begin();
  let interrupted = false;
  while (!simulation.advance(runs, performance.now() + YIELD_INTERVAL_MS)) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) {
      runs.stop();
      interrupted = true;
    }
  }
  const result = simulation.finish();
  if (interrupted) result.interrupted = true;
  return result;
}

/** How often the asynchronous simulation returns to the event loop. */
const YIELD_INTERVAL_MS = 50;

/**
 * Walks the runs `runs` hands out (options.runs is then not read), stopping at the first violation.
 * The result counts only those runs, and a violation names its run by its index in the simulation.
 */
export function simulateRuns(
  model: Model,
  options: SimulateOptions,
  runs: RunSource,
  reporter?: SimulationReporter,
): SimulationResult {
  return new Simulation(model, options, reporter).run(runs);
}

/** A violation as a walk finds it; its trace is rebuilt once the simulation stops. */
interface Found {
  kind: ViolationKind;
  name?: string;
  message: string;
  file?: string;
  line?: number;
  /** A successor that is not on the walk (cut off by a constraint), where the violation is. */
  end?: { state: Int32Array; transition: Transition };
  failingStep?: Transition;
}

class Simulation implements SuccessorSink {
  private readonly rng = new Sfc32(0);
  private current: Int32Array;
  /** The pick among the successors enumerated so far; swapped with `current` after each step. */
  private chosen: Int32Array;
  private chosenStep = 0;
  private chosenOrdinal = 0;
  /** Successors emitted at this state, and those of them a walk may enter (within the constraints). */
  private emitted = 0;
  private candidates = 0;
  /** Ordinal, in the model's enumeration order, of the successor taken at each step of this run. */
  private ordinals = new Int32Array(64);
  private length = 0;
  private initialIndex = 0;
  private readonly initials: Int32Array[] = [];
  private readonly stepHits: Uint32Array;
  private found: Found | null = null;
  private readonly stats: SimulationStats = emptySimulationStats();
  private startMs = 0;
  private nextClockCheck = Infinity;
  private nextReportMs = 0;

  constructor(
    private readonly model: Model,
    private readonly options: SimulateOptions,
    private readonly reporter: SimulationReporter | undefined,
  ) {
    this.current = new Int32Array(model.slotCount);
    this.chosen = new Int32Array(model.slotCount);
    this.stepHits = new Uint32Array(model.steps.length);
  }

  run(runs: RunSource): SimulationResult {
    this.begin();
    while (!this.advance(runs, Infinity));
    return this.finish();
  }

  private branchRuns: () => number[] = () => [];
  /** The run being walked (or last walked) and its seed; a violation among the initial states is
   *  reported as found by run 0, with the base seed. */
  private index = 0;
  private seed = 0;
  private walking = false;

  /** Starts the clock and checks the initial states. */
  begin(): void {
    const { model, options } = this;
    this.branchRuns = branchBaseline(model);
    this.startMs = performance.now();
    this.nextReportMs = this.startMs + (options.progressIntervalMs ?? 1000);
    this.nextClockCheck = CLOCK_CHECK_INTERVAL;
    this.seed = options.seed >>> 0;
    this.walking = this.collectInitialStates() && this.initials.length > 0;
  }

  /** Walks runs until none is left or a violation is found (true), or past `pauseAtMs` (false). */
  advance(runs: RunSource, pauseAtMs: number): boolean {
    const { options, stats } = this;
    if (!this.walking) return true;
    for (let run = runs.next(); run >= 0; run = runs.next()) {
      this.index = run;
      this.seed = runSeed(options.seed, run);
      stats.runs++;
      if (this.walk(this.seed)) {
        runs.violated(run);
        this.walking = false;
        return true;
      }
      if (stats.steps >= this.nextClockCheck && this.tick() >= pauseAtMs) return false;
    }
    this.walking = false;
    return true;
  }

  /** The result of the runs walked. */
  finish(): SimulationResult {
    const { options, stats } = this;
    const index = this.index;
    const seed = this.seed;
    this.updateRates(performance.now());
    const coverage: Coverage = {
      stepHits: Array.from(this.stepHits),
      branchHits: this.branchRuns(),
    };
    const result: SimulationResult = { outcome: "ok", seed: options.seed >>> 0, stats, coverage };
    if (this.found) {
      result.outcome = "violation";
      result.violation = this.violationOf(this.found);
      result.violationRun = { index, seed, steps: this.length };
    }
    return result;
  }

  /** Computes every initial state, checks each, and keeps those a walk may start from. */
  private collectInitialStates(): boolean {
    const model = this.model;
    const initials = this.initials;
    try {
      model.initialStates({ next: (slots) => void initials.push(slots.slice()) });
    } catch (e) {
      initials.length = 0; // the trace then has no initial state, only the failing initializer
      return this.failed(e, null);
    }
    this.length = 0;
    for (let i = 0; i < initials.length; i++) {
      this.initialIndex = i;
      if (!this.checkState(initials[i])) return false;
    }
    // A state outside the constraints is checked but never explored, as in the checker.
    for (let i = initials.length - 1; i >= 0; i--) {
      let within: boolean;
      try {
        within = model.withinConstraints(initials[i]);
      } catch (e) {
        this.initialIndex = i;
        return this.failed(e, null);
      }
      if (!within) initials.splice(i, 1);
    }
    return true;
  }

  /** One walk from a random initial state; true when it found a violation. */
  private walk(seed: number): boolean {
    const { model, rng, stats } = this;
    const maxSteps = this.options.maxSteps;
    rng.reseed(seed);
    this.initialIndex = this.initials.length === 1 ? 0 : rng.below(this.initials.length);
    this.current.set(this.initials[this.initialIndex]);
    this.length = 0;
    for (;;) {
      if (this.length >= maxSteps) {
        stats.cutRuns++;
        break;
      }
      this.emitted = 0;
      this.candidates = 0;
      try {
        model.successors(this.current, this);
      } catch (e) {
        if (!this.found) this.failed(e, null);
      }
      if (this.found) return this.endRun(true);
      if (this.candidates === 0) {
        if (this.emitted > 0) stats.constrainedRuns++;
        else if (model.allFinished(this.current)) stats.finishedRuns++;
        else {
          stats.stuckRuns++;
          if (!this.options.allowDeadlock) {
            this.found = { kind: "deadlock", message: "deadlock: no step is enabled" };
            return this.endRun(true);
          }
        }
        break;
      }
      const taken = this.chosen;
      this.chosen = this.current;
      this.current = taken;
      this.record(this.chosenOrdinal);
      this.stepHits[this.chosenStep]++;
      stats.steps++;
      if (!this.checkState(this.current)) return this.endRun(true);
    }
    return this.endRun(false);
  }

  private endRun(violated: boolean): boolean {
    if (this.length > this.stats.longestRun) this.stats.longestRun = this.length;
    return violated;
  }

  /** SuccessorSink: one successor of the current state. */
  next(slots: Int32Array, transition: Transition): void {
    if (this.found) return;
    const ordinal = this.emitted++;
    const model = this.model;
    try {
      const stepProperty = model.firstViolatedStepProperty?.(this.current, slots) ?? -1;
      if (stepProperty >= 0) {
        const name = model.stepPropertyNames![stepProperty];
        const end = { state: slots.slice(), transition: copyTransition(transition) };
        this.found = {
          kind: "invariant",
          name,
          message: `property ${name} is violated by the last step`,
          end,
        };
        return;
      }
      if (!model.withinConstraints(slots)) {
        this.checkEnd(slots, transition);
        return;
      }
    } catch (e) {
      this.failed(e, { state: slots.slice(), transition: copyTransition(transition) });
      return;
    }
    const n = ++this.candidates;
    if (n === 1 || this.rng.below(n) === 0) {
      this.chosen.set(slots);
      this.chosenStep = transition.step;
      this.chosenOrdinal = ordinal;
    }
  }

  /** Checks the invariants in a state the walk reached; false (with `found` set) on a violation. */
  private checkState(state: Int32Array): boolean {
    let index: number;
    try {
      index = this.model.firstViolatedInvariant(state);
    } catch (e) {
      return this.failed(e, null);
    }
    if (index < 0) return true;
    const name = this.model.invariantNames[index];
    this.found = { kind: "invariant", name, message: `invariant ${name} is violated` };
    return false;
  }

  /** Checks a successor the walk will not enter (outside the constraints). */
  private checkEnd(slots: Int32Array, transition: Transition): void {
    const end = { state: slots.slice(), transition: copyTransition(transition) };
    let index: number;
    try {
      index = this.model.firstViolatedInvariant(slots);
    } catch (e) {
      this.failed(e, end);
      return;
    }
    if (index < 0) return;
    const name = this.model.invariantNames[index];
    this.found = { kind: "invariant", name, message: `invariant ${name} is violated`, end };
  }

  /** Records an assert or runtime error; rethrows anything else (a bug). Returns false. */
  private failed(e: unknown, end: Found["end"] | null): boolean {
    if (!(e instanceof ModelError)) throw e;
    const found: Found = { kind: e.errorKind, message: e.message, file: e.file, line: e.line };
    if (end) found.end = end;
    else if (e.transition) found.failingStep = copyTransition(e.transition);
    this.found = found;
    return false;
  }

  /** Appends the ordinal of a step to this run's walk, growing the buffer by doubling. */
  private record(ordinal: number): void {
    if (this.length === this.ordinals.length) {
      const grown = new Int32Array(this.ordinals.length * 2);
      grown.set(this.ordinals);
      this.ordinals = grown;
    }
    this.ordinals[this.length++] = ordinal;
  }

  private violationOf(f: Found): Violation {
    const initial = this.initials.length ? this.initials[this.initialIndex] : null;
    const walk: Trace = initial
      ? rebuildWalk(this.model, initial, this.ordinals.subarray(0, this.length))
      : { initial: null, steps: [] };
    const trace = withoutCycles(walk);
    if (f.end) trace.steps.push(f.end);
    if (f.failingStep) trace.failingStep = f.failingStep;
    const violation: Violation = { kind: f.kind, message: f.message, trace };
    if (f.name !== undefined) violation.name = f.name;
    if (f.file !== undefined) violation.file = f.file;
    if (f.line !== undefined) violation.line = f.line;
    return violation;
  }

  /** Reads the clock and reports progress if a report is due; returns the time. */
  private tick(): number {
    this.nextClockCheck = this.stats.steps + CLOCK_CHECK_INTERVAL;
    const now = performance.now();
    if (!this.reporter || now < this.nextReportMs) return now;
    this.nextReportMs = now + (this.options.progressIntervalMs ?? 1000);
    this.updateRates(now);
    this.reporter.progress(this.stats);
    return now;
  }

  private updateRates(now: number): void {
    const s = this.stats;
    s.elapsedMs = now - this.startMs;
    s.runsPerSecond = s.elapsedMs > 0 ? (s.runs * 1000) / s.elapsedMs : 0;
    s.stepsPerSecond = s.elapsedMs > 0 ? (s.steps * 1000) / s.elapsedMs : 0;
  }
}

/** Statistics before the first walk. */
export function emptySimulationStats(): SimulationStats {
  return {
    runs: 0,
    steps: 0,
    elapsedMs: 0,
    runsPerSecond: 0,
    stepsPerSecond: 0,
    stuckRuns: 0,
    finishedRuns: 0,
    cutRuns: 0,
    constrainedRuns: 0,
    longestRun: 0,
  };
}
