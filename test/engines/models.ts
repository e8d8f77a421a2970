// Hand-written models for the engine tests. They implement the Model interface the way the
// generated state machines will: a state is an Int32Array of slots, packed a fixed number of bits
// per slot, and the model reuses one scratch successor array and one Transition object for every
// successor it emits (so an engine that keeps them without copying is caught). Each model's
// reachable-state counts are worked out by hand in the comments and pinned by the tests.

import {
  ModelError,
  type Model,
  type ShownValue,
  type StepInfo,
  type SuccessorSink,
  type Transition,
} from "../../src/model/model.js";
import type { Trace } from "../../src/engines/result.js";

/** One action or process step of a toy model. */
export interface ToyAction {
  name: string;
  /** The process owning this step; absent for an action. */
  owner?: string;
  /** Writes the successor into `next` (a copy of `state`) and says whether the step is enabled. */
  apply(state: Int32Array, next: Int32Array): boolean;
}

/** Everything that defines a toy model. */
export interface ToySpec {
  name: string;
  vars: string[];
  /** Bits per variable in the packed form; a word holds floor(32 / bits) variables. */
  bits: number;
  initial: number[][];
  /** Throws this from `initialStates` instead of emitting anything. */
  initialError?: ModelError;
  actions: ToyAction[];
  invariants?: { name: string; holds(s: Int32Array): boolean }[];
  constraint?: (s: Int32Array) => boolean;
  /** For a spec with processes: whether every process has finished. */
  finished?: (s: Int32Array) => boolean;
}

/** A Model over plain functions, packing each variable into `bits` bits. */
export class ToyModel implements Model {
  readonly name: string;
  readonly slotCount: number;
  readonly packedWords: number;
  readonly packedBits: number;
  readonly steps: readonly StepInfo[];
  readonly invariantNames: readonly string[];
  readonly hasProcesses: boolean;
  private readonly perWord: number;
  private readonly scratch: Int32Array;
  private readonly transition: { step: number; instance: number; choices: number[] };

  constructor(readonly spec: ToySpec) {
    this.name = spec.name;
    this.slotCount = spec.vars.length;
    this.perWord = Math.floor(32 / spec.bits);
    this.packedWords = Math.ceil(this.slotCount / this.perWord);
    this.packedBits = this.slotCount * spec.bits;
    this.steps = spec.actions.map((a, i) => ({
      owner: a.owner ?? a.name,
      name: a.name,
      kind: a.owner ? "step" : "action",
      file: `${spec.name}.vmaspec`,
      line: i + 1,
      params: [],
      indexed: false,
    }));
    this.invariantNames = (spec.invariants ?? []).map((i) => i.name);
    this.hasProcesses = spec.finished !== undefined;
    this.scratch = new Int32Array(this.slotCount);
    this.transition = { step: 0, instance: -1, choices: [] };
  }

  pack(slots: Int32Array, out: Uint32Array, offset: number): void {
    const { bits } = this.spec;
    out.fill(0, offset, offset + this.packedWords);
    for (let i = 0; i < this.slotCount; i++) {
      const w = offset + Math.floor(i / this.perWord);
      out[w] = (out[w] | (slots[i] << (bits * (i % this.perWord)))) >>> 0;
    }
  }

  unpack(words: Uint32Array, offset: number, out: Int32Array): void {
    const { bits } = this.spec;
    const mask = (1 << bits) - 1;
    for (let i = 0; i < this.slotCount; i++) {
      out[i] = (words[offset + Math.floor(i / this.perWord)] >>> (bits * (i % this.perWord))) & mask;
    }
  }

  initialStates(sink: SuccessorSink): void {
    if (this.spec.initialError) throw this.spec.initialError;
    this.transition.step = -1;
    for (const init of this.spec.initial) {
      this.scratch.set(init);
      sink.next(this.scratch, this.transition);
    }
  }

  successors(state: Int32Array, sink: SuccessorSink): void {
    const actions = this.spec.actions;
    for (let i = 0; i < actions.length; i++) {
      this.scratch.set(state);
      this.transition.step = i;
      let enabled: boolean;
      try {
        enabled = actions[i].apply(state, this.scratch);
      } catch (e) {
        if (e instanceof ModelError) e.transition = this.transition;
        throw e;
      }
      if (enabled) sink.next(this.scratch, this.transition);
    }
  }

  firstViolatedInvariant(state: Int32Array): number {
    const invariants = this.spec.invariants ?? [];
    for (let i = 0; i < invariants.length; i++) if (!invariants[i].holds(state)) return i;
    return -1;
  }

  withinConstraints(state: Int32Array): boolean {
    return this.spec.constraint ? this.spec.constraint(state) : true;
  }

  allFinished(state: Int32Array): boolean {
    return this.spec.finished ? this.spec.finished(state) : false;
  }

  readonly properties = [];
  readonly branches: readonly { step: number; line: number; index: number }[] = [];
  readonly branchHits = new Uint32Array(0);

  waiting(): { instance: string; step: string; line?: number }[] {
    return [];
  }

  show(state: Int32Array): [string, ShownValue][] {
    return this.spec.vars.map((v, i) => [v, { kind: "int", value: state[i] }]);
  }

  describeTransition(t: Transition): string {
    return this.steps[t.step].name;
  }
}

/**
 * The Die Hard water jugs: big 0..5, small 0..3, six actions, all always enabled. 16 states are
 * reachable, by level from (0,0): 1, 2, 3, 2, 2, 2, 2, 2 (depths 0..7); big == 4 is first reached
 * at depth 6 by FillBig, BigToSmall, EmptySmall, BigToSmall, FillBig, BigToSmall.
 */
export function dieHard(
  options: {
    invariants?: ToySpec["invariants"];
    constraint?: ToySpec["constraint"];
  } = {},
): ToyModel {
  const BIG = 5;
  const SMALL = 3;
  const action = (name: string, f: (big: number, small: number) => [number, number]): ToyAction => ({
    name,
    apply(s, next) {
      [next[0], next[1]] = f(s[0], s[1]);
      return true;
    },
  });
  return new ToyModel({
    name: "DieHard",
    vars: ["big", "small"],
    bits: 4,
    initial: [[0, 0]],
    actions: [
      action("FillSmall", (big) => [big, SMALL]),
      action("FillBig", (_, small) => [BIG, small]),
      action("EmptySmall", (big) => [big, 0]),
      action("EmptyBig", (_, small) => [0, small]),
      action("SmallToBig", (big, small) => {
        const poured = Math.min(small, BIG - big);
        return [big + poured, small - poured];
      }),
      action("BigToSmall", (big, small) => {
        const poured = Math.min(big, SMALL - small);
        return [big - poured, small + poured];
      }),
    ],
    invariants: options.invariants,
    constraint: options.constraint,
  });
}

/** The invariant of the Die Hard puzzle, violated once the big jug holds 4. */
export const NOT_SOLVED = { name: "NotSolved", holds: (s: Int32Array) => s[0] !== 4 };

/** Slots of the locks model. */
export const A = 0;
export const B = 1;
export const PC_P = 2;
export const PC_Q = 3;

/**
 * Two single processes P and Q, each taking locks a and b, then releasing both and finishing
 * (pc 0, 1, 2, then 3 = done). P takes a then b; Q takes b then a, or a then b with `sameOrder`.
 * Opposite order: 13 reachable (pcP, pcQ) pairs, a deadlock at (1, 1) after 2 steps. Same order:
 * 12 pairs (neither may be inside while the other holds a), ending where both are done.
 */
export function locks(sameOrder: boolean): ToyModel {
  const take = (owner: string, pc: number, at: number, lock: number, name: string): ToyAction => ({
    name,
    owner,
    apply(s, next) {
      if (s[pc] !== at || s[lock] !== 0) return false;
      next[lock] = 1;
      next[pc] = at + 1;
      return true;
    },
  });
  const release = (owner: string, pc: number): ToyAction => ({
    name: "release",
    owner,
    apply(s, next) {
      if (s[pc] !== 2) return false;
      next[A] = 0;
      next[B] = 0;
      next[pc] = 3;
      return true;
    },
  });
  const [first, second] = sameOrder ? [A, B] : [B, A];
  return new ToyModel({
    name: "Locks",
    vars: ["a", "b", "P.pc", "Q.pc"],
    bits: 2,
    initial: [[0, 0, 0, 0]],
    actions: [
      take("P", PC_P, 0, A, "take_a"),
      take("P", PC_P, 1, B, "take_b"),
      release("P", PC_P),
      take("Q", PC_Q, 0, first, "take_first"),
      take("Q", PC_Q, 1, second, "take_second"),
      release("Q", PC_Q),
    ],
    finished: (s) => s[PC_P] === 3 && s[PC_Q] === 3,
  });
}

/**
 * A counter x counting up by one (action Inc) while x < limit, in a spec with only actions, so
 * the state x == limit is a deadlock. `failAt` makes the step into that value fail with `error`;
 * `badInvariantAt` makes the invariant's evaluation fail in that state.
 */
export function counter(
  options: {
    limit: number;
    initial?: number[];
    failAt?: number;
    error?: "assert" | "runtime";
    badInvariantAt?: number;
    invariants?: ToySpec["invariants"];
    initialError?: ModelError;
  } = { limit: 3 },
): ToyModel {
  const invariants = options.invariants ?? [];
  if (options.badInvariantAt !== undefined) {
    const at = options.badInvariantAt;
    invariants.push({
      name: "Sane",
      holds(s) {
        if (s[0] === at)
          throw new ModelError("runtime", "the(none) in invariant Sane", 20, "counter.vmaspec");
        return true;
      },
    });
  }
  return new ToyModel({
    name: "Counter",
    vars: ["x"],
    bits: 16,
    initial: (options.initial ?? [0]).map((x) => [x]),
    initialError: options.initialError,
    actions: [
      {
        name: "Inc",
        apply(s, next) {
          if (s[0] >= options.limit) return false;
          if (s[0] + 1 === options.failAt) {
            throw new ModelError(options.error ?? "runtime", "x + 1 is out of range", 7, "counter.vmaspec");
          }
          next[0] = s[0] + 1;
          return true;
        },
      },
    ],
    invariants,
  });
}

/**
 * A grid: x and y in 0..n, actions IncX and IncY while below n, and a constant tag so a packed
 * state takes two words. (n + 1)^2 reachable states, depth 2n, a deadlock at (n, n).
 */
export function grid(n: number): ToyModel {
  const inc = (name: string, slot: number): ToyAction => ({
    name,
    apply(s, next) {
      if (s[slot] >= n) return false;
      next[slot] = s[slot] + 1;
      return true;
    },
  });
  return new ToyModel({
    name: "Grid",
    vars: ["x", "y", "tag"],
    bits: 16,
    initial: [[0, 0, 0xabc]],
    actions: [inc("IncX", 0), inc("IncY", 1)],
  });
}

/**
 * A fork: from x = 0, Left leads to 1 and Right to 2; from 1, Up leads to 3; 2 has no step. Level 1
 * holds 1 then 2, so expanding it meets x = 3 (two steps deep) before the deadlock at 2 (one step).
 */
export function fork(invariants: ToySpec["invariants"] = []): ToyModel {
  const move = (name: string, from: number, to: number): ToyAction => ({
    name,
    apply(s, next) {
      if (s[0] !== from) return false;
      next[0] = to;
      return true;
    },
  });
  return new ToyModel({
    name: "Fork",
    vars: ["x"],
    bits: 4,
    initial: [[0]],
    actions: [move("Left", 0, 1), move("Right", 0, 2), move("Up", 1, 3)],
    invariants,
  });
}

/**
 * Replays a counterexample against the model: each step must be a successor of the state before
 * it under the same transition, and a failing step must throw. Returns what did not hold.
 */
export function replayProblems(model: Model, trace: Trace): string[] {
  const problems: string[] = [];
  if (trace.initial === null) return problems;
  const isInitial = collect((sink) => model.initialStates(sink)).some((s) =>
    equalSlots(s.state, trace.initial!),
  );
  if (!isInitial) problems.push("the first state is not an initial state");
  let previous = trace.initial;
  trace.steps.forEach((step, i) => {
    const ok = collect((sink) => model.successors(previous, sink)).some(
      (s) => equalSlots(s.state, step.state) && sameTransition(s.transition, step.transition),
    );
    if (!ok) problems.push(`step ${i + 1} is not a successor of the state before it`);
    previous = step.state;
  });
  if (trace.failingStep) {
    try {
      model.successors(previous, { next() {} });
      problems.push("the failing step does not fail");
    } catch (e) {
      if (!(e instanceof ModelError) || !sameTransition(e.transition!, trace.failingStep)) {
        problems.push("a different step fails");
      }
    }
  }
  return problems;
}

function collect(emit: (sink: SuccessorSink) => void): { state: Int32Array; transition: Transition }[] {
  const out: { state: Int32Array; transition: Transition }[] = [];
  emit({
    next(slots, t) {
      out.push({ state: slots.slice(), transition: { ...t, choices: [...t.choices] } });
    },
  });
  return out;
}

function equalSlots(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameTransition(a: Transition, b: Transition): boolean {
  return a.step === b.step && a.instance === b.instance && a.choices.join() === b.choices.join();
}

/** The variables of each state of a trace, for comparing with expected values. */
export function traceStates(trace: Trace): number[][] {
  const states = trace.initial ? [trace.initial, ...trace.steps.map((s) => s.state)] : [];
  return states.map((s) => Array.from(s));
}

/** The step names of a trace, the failing step last. */
export function traceStepNames(model: Model, trace: Trace): string[] {
  const names = trace.steps.map((s) => model.describeTransition(s.transition));
  if (trace.failingStep) names.push(model.describeTransition(trace.failingStep));
  return names;
}
