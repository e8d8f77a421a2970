// The model interface: all that the engines (breadth-first checker, simulator, replay, compiled
// tests) know of a spec. In the spirit of stateright's `Model`: initial states, successors with
// step labels, invariants, and a layout to pack and print states. The generated TypeScript state
// machine implements it; engines never see the AST or the IR.
//
// A state has two forms. The working form is an Int32Array of `slotCount` slots (one small integer
// per scalar: a bool, an integer, an enum member, a set as a bit mask, a program counter...), which
// the generated step functions read and write in place. The packed form is `packedWords` 32-bit
// words holding every slot in just the bits its type needs; it is what the visited set stores.

import type { DependencyShape } from "./dependency.js";

/** One transition as the generated code reports it. Engines may keep only the numbers. */
export interface Transition {
  /** Index into `Model.steps` of the step or action that fired. */
  step: number;
  /** The process instance's index value (`Reader[2]` → 2), or -1 for actions and single processes. */
  instance: number;
  /** Values of an action's parameters and of `choose` and `either` choices, in order, for display. */
  choices: readonly number[];
  /**
   * Set by a model that has `packWords`, on a successor: bit k set when packed word k may differ
   * from the state being expanded (the others are certainly equal). Absent: any word may.
   */
  changed?: number;
}

/** Static facts about a step or action, for traces and coverage. */
export interface StepInfo {
  /** The process or action name: `Reader`, `SmallToBig`. */
  owner: string;
  /** The step name (for an action, the action's name again). */
  name: string;
  /** For a proc step, the proc's name; for a handler's step, the interrupt's. */
  proc?: string;
  /** A step of an interrupt handler (`proc` names the interrupt), run on the interrupted instance. */
  handler?: boolean;
  kind: "step" | "action";
  file: string;
  line: number;
  /** Names of action parameters, to print `Send(m=1)`. */
  params: readonly string[];
  /** Whether the owning process is an array (so instances print as `Reader[2]`). */
  indexed: boolean;
  /** Whether the owning process is `fair` (weak fairness of each of its instances). */
  fair?: boolean;
  /** Whether that fairness is strong (`strong fair process`): TLA+'s SF rather than WF. */
  strong?: boolean;
  /**
   * `fair step` / `fair action` (and their `strong` forms): fairness of this step of each
   * instance, or of the action with all its parameter values together.
   */
  ownFairness?: "weak" | "strong";
  /**
   * `fair action A(each p in S)`: the positions (in `params` and a transition's `choices`) of the
   * parameters whose every value has its own fairness condition (TLA+'s \A p: WF_vars(A(p))).
   */
  fairEach?: readonly number[];
}

/** A liveness property as the engines see it: predicates over states. */
export interface LivenessProperty {
  name: string;
  /** `P ~> Q` (with P = true for `always eventually Q`), or `eventually Q` from the initial states. */
  /**
   * `stable`: `always (P => always Q)`, or `P => always Q` with `initial` (a safety property,
   * checked on the graph); `persistent`: `eventually always Q`.
   */
  kind: "leadsTo" | "eventually" | "stable" | "persistent";
  premise: (state: Int32Array) => boolean;
  /** The premise is tested in the initial states only (`P => eventually Q`, `P => always Q`). */
  initial?: boolean;
  goal: (state: Int32Array) => boolean;
}

/** A value as printed in traces and exported to trace files: plain data, no slots. */
export type ShownValue =
  | { kind: "int"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "enum"; value: string }
  | { kind: "pc"; value: string }
  | { kind: "none" }
  | { kind: "some"; value: ShownValue }
  | { kind: "set"; elems: ShownValue[] }
  | { kind: "seq"; elems: ShownValue[] }
  | { kind: "record"; fields: [string, ShownValue][] }
  | { kind: "map"; entries: [ShownValue, ShownValue][] };

/** Why a step could not complete: an assert failed or a runtime error (out-of-range write, ...). */
export class ModelError extends Error {
  constructor(
    readonly errorKind: "assert" | "runtime",
    message: string,
    /** Source line of the failing statement. */
    readonly line: number,
    readonly file: string,
    /** The transition that was running, filled in by the model before the error leaves it. */
    public transition?: Transition,
    /** For an assert with connectives: its sub-formulas' values where it failed (outermost first). */
    readonly explained?: ExplainedPart[],
  ) {
    super(message);
  }
}

/** Receives each successor. The slots array is scratch space: copy or pack it before returning. */
export interface SuccessorSink {
  next(slots: Int32Array, transition: Transition): void;
}

export interface Model {
  readonly name: string;
  readonly slotCount: number;
  readonly packedWords: number;
  /** Total bits of a packed state (for statistics). */
  readonly packedBits: number;
  readonly steps: readonly StepInfo[];
  /** Invariant names in declaration order, already minus those a check ignores. */
  readonly invariantNames: readonly string[];
  /** Liveness properties (`always P` properties are among the invariants instead). */
  readonly properties: readonly LivenessProperty[];
  /** Whether the spec has processes (deadlock then excludes states where all have finished). */
  readonly hasProcesses: boolean;

  pack(slots: Int32Array, out: Uint32Array, offset: number): void;
  /**
   * Packs only the words whose bit is set in `mask` (a successor's `Transition.changed`), each as
   * `pack` would, leaving the others; absent when the model cannot.
   */
  readonly packWords?: (slots: Int32Array, out: Uint32Array, offset: number, mask: number) => void;
  /**
   * Symmetry reduction: replaces a state, in place, by the representative of its orbit under the
   * renamings of a `symmetric` process's instances. Absent when the spec declares no symmetry.
   */
  readonly canonicalize?: (slots: Int32Array) => void;
  /** What each step may read and write, for partial-order reduction; absent when unknown. */
  readonly dependency?: DependencyShape;
  unpack(words: Uint32Array, offset: number, out: Int32Array): void;

  /** Emits every initial state. May throw ModelError (e.g. an initializer out of its type). */
  initialStates(sink: SuccessorSink): void;
  /** Emits every successor of `state` (which it does not modify). May throw ModelError. */
  successors(state: Int32Array, sink: SuccessorSink): void;
  /** Index of the first invariant false in `state`, or -1 when all hold. May throw ModelError. */
  firstViolatedInvariant(state: Int32Array): number;
  /**
   * Why invariant `name` holds or not in `state`: it and its sub-formulas (down through `&&`,
   * `||`, `=>` and `!`), outermost first, each with its value, or the runtime error evaluating it
   * gave. Empty when the model cannot say (an `always` property, a module without explanations).
   */
  explainInvariant?(name: string, state: Int32Array): ExplainedPart[];
  /** Action properties (`property P: always [A]_v`), checked on every step, minus those a check ignores. */
  readonly stepPropertyNames?: readonly string[];
  /**
   * Index of the first action property that the step from `from` to `to` violates, or -1; absent
   * when the spec has none. May throw ModelError.
   */
  readonly firstViolatedStepProperty?: (from: Int32Array, to: Int32Array) => number;
  /** Whether every `constraint` holds; a successor where one fails is not stored or explored. */
  withinConstraints(state: Int32Array): boolean;
  /** Whether every process instance has finished (always false in a spec with only actions). */
  allFinished(state: Int32Array): boolean;

  /** Every `either` branch of the spec (for coverage): its step, source file and line (absent file:
   *  the step's), and position in the either. */
  readonly branches: readonly { step: number; line: number; index: number; file?: string }[];
  /** How many times each branch has run since the model was built (successor enumeration included). */
  readonly branchHits: Uint32Array;
  /**
   * For each process instance that has not finished but cannot move in `state`: its label, the step
   * it is at, and the file and line of the `await` that disables it (absent when its `when` guard
   * does; the await may be in a library macro the step inlines, so in another file than the step).
   */
  waiting(state: Int32Array): { instance: string; step: string; line?: number; file?: string }[];

  /** The state's variables by their source names (`refcnt`, `Reader[1].v`, `Reader[1].pc`). */
  show(state: Int32Array): [string, ShownValue][];
  /** The transition as a person reads it: `Reader[2] get`, `Send(m=1)`. */
  describeTransition(t: Transition): string;
  /** An action transition's parameters at these positions as a person reads them: `m=1, n=red`. */
  describeParams?(t: Transition, positions: readonly number[]): string;
}

/** A sub-formula of an invariant and its value in one state (Model.explainInvariant). */
export interface ExplainedPart {
  text: string;
  /** 0 for the invariant itself, 1 for its operands, ... */
  depth: number;
  /** The connective over the parts below it (`&&`, `||`, `=>`, `!`); absent for an atom. */
  op?: string;
  /** The value, or the message of the runtime error evaluating it gave. */
  value: boolean | string;
}
