// The format of a generated module: what the code generator writes and the runtime loads. In: the
// tables a generated state machine exports (step functions indexed by program counter, actions,
// invariants, packer, the shape of its state for printing, its symmetry). Out: nothing; the
// runtime's buildModel wraps these tables into the engines' Model (model.ts).
//
// Why here: generated files are kept in users' repositories and run against a later vmaspec, so
// their format is a contract of its own, versioned by GENERATED_FORMAT_VERSION and checked on load.

import type { StepInfo, SuccessorSink, Transition } from "./model.js";
import type { Type } from "./types.js";
import type { DependencyShape } from "./dependency.js";

/**
 * The version of this format. Generated modules carry it (`formatVersion`) and loading one that
 * carries another is refused. Bump it on any change a module generated before would not meet.
 */
export const GENERATED_FORMAT_VERSION = 2;

/**
 * What generated code calls on the choice enumerator it is handed (runtime/choices.ts): one call
 * per nondeterministic choice point of a step, and the loop over a step's paths.
 */
export interface ChoicePoints {
  /** Values shown in the transition label (action parameters, chosen elements, branch numbers). */
  readonly shown: number[];
  /** Starts enumerating the paths of a new step. */
  begin(): void;
  /** Starts the next run of the same step. */
  rerun(): void;
  /** Moves to the next unexplored path; false when every path has been run. */
  advance(): boolean;
  /** The branch taken at this choice point among `n` options; -1 when there are none (no successor). */
  pick(n: number): number;
  /** Counts a run of an `either` branch. */
  branch(id: number): void;
  /** Records which `await` disabled the path; returns 0, the step's "no successor". */
  blocked(line: number, file?: string): number;
  /** Records a value for the transition's label. */
  show(v: number): void;
}

/** A step body: runs in place on `s` for the instance `self` based at slot `o`; 1 if it produced a successor, 0 if disabled on this path. */
export type StepFn = (s: Int32Array, self: number, o: number, ch: ChoicePoints) => number;

export interface GeneratedProcess {
  name: string;
  indexed: boolean;
  instances: readonly number[];
  base: number;
  stride: number;
  /** Slot of the program counter, relative to an instance's base. */
  pc: number;
  done: number;
  /** Step functions by program counter value. */
  steps: readonly StepFn[];
  /** Index into GeneratedSpec.stepInfo, by program counter value. */
  stepIds: readonly number[];
  guard?: (s: Int32Array, self: number, o: number) => boolean;
  /** The interrupts its instances take (`interrupt H on P`): absent when none. */
  irq?: GeneratedInterrupts;
}

/**
 * A process's handlers. While an instance's `irq` slot is not 0 it runs handler step `irq - 1`
 * and none of its own; while it is 0 and `depth` is 0, each entry whose guard holds may run its
 * first step (value), which takes the interrupt.
 */
export interface GeneratedInterrupts {
  /** Slots relative to an instance's base. */
  slot: number;
  depth: number;
  /** Handler step functions and step ids, by `irq` value - 1. */
  steps: readonly StepFn[];
  stepIds: readonly number[];
  entries: readonly { value: number; guard?: (s: Int32Array, self: number, o: number) => boolean }[];
}

export interface GeneratedAction {
  stepId: number;
  run: (s: Int32Array, ch: ChoicePoints) => number;
}

/** A variable of the state as printed: its source name, type and first slot. */
export interface ShapeVar {
  name: string;
  type: Type;
  offset: number;
}

/** Where each variable of a state is, for printing states by name (runtime/show.ts). */
export interface StateShape {
  globals: ShapeVar[];
  processes: {
    name: string;
    indexed: boolean;
    instances: number[];
    base: number;
    stride: number;
    pc: number;
    pcNames: string[];
    locals: ShapeVar[];
    frames: { proc: string; ret: number; vars: ShapeVar[] }[];
  }[];
}

/** Where a renaming of a symmetric process's instances moves values (runtime/symmetry.ts). */
export interface SymmetryShape {
  /** The index type's first value and number of values (= number of instances). */
  lo: number;
  count: number;
  /** Regions that move with a renaming: [base, stride] of the process blocks and of maps keyed by the index type. */
  containers: [number, number][];
  /** Slots holding a value (or an optional value) of the index type. */
  valueSlots: number[];
  /** Slots holding a set of the index type (bit i = value lo + i). */
  setSlots: number[];
  /**
   * Value and set slots renamed only when they hold a value: [slot, [[guard slot, least value]...]]
   * (a sequence element needs the length past it, an optional's inner value its flag, a proc's
   * frame a running proc). Otherwise the slot keeps its reset value.
   */
  guarded?: [number, [number, number][]][];
}

/** What a generated module exports: its tables. */
export interface GeneratedSpec {
  /** The format the module was generated in: GENERATED_FORMAT_VERSION when it was generated. */
  formatVersion: number;
  name: string;
  file: string;
  slotCount: number;
  packedWords: number;
  packedBits: number;
  stepInfo: readonly StepInfo[];
  processes: readonly GeneratedProcess[];
  actions: readonly GeneratedAction[];
  branches: readonly { step: number; line: number; index: number; file?: string }[];
  invariantNames: readonly string[];
  properties: readonly {
    name: string;
    /** `step`: an action property, `rhs(s, n)` over a step from s to n. */
    kind: "leadsTo" | "eventually" | "always" | "stable" | "persistent" | "step";
    lhs?: (s: Int32Array) => boolean;
    /** The premise holds of the initial state only (`P => eventually Q`). */
    initial?: boolean;
    rhs: (s: Int32Array, n: Int32Array) => boolean;
  }[];
  invariants: readonly ((s: Int32Array) => boolean)[];
  /** For each invariant: its sub-formulas, outermost first, with their tests (why it fails). */
  explanations?: readonly (readonly InvariantPart[])[];
  constraints: readonly ((s: Int32Array) => boolean)[];
  init: (s: Int32Array, ch: ChoicePoints) => number;
  /**
   * Every successor of `s` (processes, then actions), computed in `t`, with the transition in `tr`:
   * the loop over process instances and actions, specialised to the spec (codegen/emit-successors.ts).
   * From format 2 it sets `tr.changed` on every run when the module has `packWords`.
   */
  successors: (s: Int32Array, t: Int32Array, sink: SuccessorSink, tr: Transition, ch: ChoicePoints) => void;
  pack: (s: Int32Array, out: Uint32Array, o: number) => void;
  /**
   * Packs only the words whose bit is set in `mask`, each as `pack` would (format 2; absent for
   * states of more than 31 words). `successors` then sets `Transition.changed` on every run.
   */
  packWords?: (s: Int32Array, out: Uint32Array, o: number, mask: number) => void;
  unpack: (w: Uint32Array, o: number, s: Int32Array) => void;
  shape: StateShape;
  /** The symmetric process array's renamings, when the spec has one. */
  symmetry?: SymmetryShape;
  /** What each step may read and write, for partial-order reduction (absent in older modules). */
  dependency?: DependencyShape;
  /** By action step id: the member names of each enum (or bool) parameter, to print
   * `rcu_do_batch(c=maple_node_cache, o=0)`; null for an integer parameter. */
  paramLabels?: Record<number, readonly (readonly string[] | null)[]>;
  /** `refines` mappings (absent when the spec declares none): for each abstract spec, the value of
   *  each entry in a state, of type `type` (a number, a boolean, or the slots of a compound value). */
  refinements?: readonly {
    name: string;
    entries: readonly {
      name: string;
      type: Type;
      value: (s: Int32Array) => number | boolean | Int32Array;
    }[];
  }[];
}

/** Refuses a module generated in another format, naming both versions and the fix. */
export function checkFormatVersion(g: { formatVersion?: unknown; name?: unknown }): void {
  if (g.formatVersion === GENERATED_FORMAT_VERSION) return;
  const found =
    g.formatVersion === undefined
      ? "no format version (it predates them)"
      : `format ${String(g.formatVersion)}`;
  throw new Error(
    `the generated state machine ${String(g.name)} has ${found}, but this vmaspec reads format ` +
      `${GENERATED_FORMAT_VERSION}: run vmaspec compile again to regenerate it`,
  );
}

/** A sub-formula of an invariant, as a generated module gives it: its text, its depth below the
 *  invariant (0: the invariant itself) and its test. */
export interface InvariantPart {
  text: string;
  depth: number;
  /** The connective over the parts below it (`&&`, `||`, `=>`, `!`); absent for an atom. */
  op?: string;
  test: (s: Int32Array) => boolean;
  /** For `forall`/`exists`: the binding that breaks it (`for x = 1:`, depth + 1, op `for`) and its
   *  body's parts with it bound, as `[text, depth, op, value]` (op "" for an atom). */
  binding?: (s: Int32Array) => [string, number, string, boolean][];
}
