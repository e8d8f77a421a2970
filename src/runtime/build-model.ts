// Wraps a generated state machine into the engines' Model interface. The generated module provides
// tables (step functions indexed by program counter, actions, invariants, packer, and the loop over
// them that enumerates successors) and this file provides the rest: the enumeration of a step's
// nondeterministic paths for initial states and for `waiting`, which instances are blocked and why,
// and the labels of transitions. Shared by the checker, simulator and compiled tests, so they all
// run the same code.

import {
  ModelError,
  type ExplainedPart,
  type LivenessProperty,
  type Model,
  type StepInfo,
  type SuccessorSink,
  type Transition,
  type ShownValue,
} from "../model/model.js";
import { Choices } from "./choices.js";
import { showState } from "./show.js";
import { makeCanonicalizer } from "./symmetry.js";
import {
  checkFormatVersion,
  type GeneratedProcess,
  type GeneratedSpec,
  type StepFn,
} from "../model/generated.js";

/** Builds the engines' model over a generated spec, leaving out the invariants a check ignores. */
export function buildModel(g: GeneratedSpec, ignoredInvariants: readonly string[] = []): Model {
  return new GeneratedModel(g, ignoredInvariants);
}

/** An instance that has not finished but cannot move, as `Model.waiting` reports it. */
type Waiting = { instance: string; step: string; line?: number; file?: string };

/**
 * The Model of one generated spec: its tables, a choice enumerator and scratch state of its own.
 * The Model's functions are own properties (arrow functions), not prototype methods, so that a
 * copy made by spreading (`{ ...model, canonicalize: undefined }`) still has them.
 */
class GeneratedModel implements Model {
  readonly name: string;
  readonly slotCount: number;
  readonly packedWords: number;
  readonly packedBits: number;
  readonly steps: readonly StepInfo[];
  readonly invariantNames: readonly string[];
  readonly properties: readonly LivenessProperty[];
  readonly hasProcesses: boolean;
  readonly pack: Model["pack"];
  readonly packWords?: Model["packWords"];
  readonly unpack: Model["unpack"];
  readonly canonicalize?: (slots: Int32Array) => void;
  readonly dependency?: Model["dependency"];
  readonly branches: Model["branches"];
  readonly branchHits: Uint32Array;
  readonly stepPropertyNames: readonly string[];
  readonly firstViolatedStepProperty?: Model["firstViolatedStepProperty"];

  private readonly invariants: readonly ((s: Int32Array) => boolean)[];
  private readonly ch = new Choices();
  private readonly scratch: Int32Array;
  private readonly transition: { step: number; instance: number; choices: number[]; changed: number };
  /** The initial-state function, adapted once to the step signature (no closure per state). */
  private readonly initStep: StepFn;

  constructor(
    private readonly g: GeneratedSpec,
    ignoredInvariants: readonly string[],
  ) {
    checkFormatVersion(g);
    this.name = g.name;
    this.slotCount = g.slotCount;
    this.packedWords = g.packedWords;
    this.packedBits = g.packedBits;
    this.steps = g.stepInfo;
    this.hasProcesses = g.processes.length > 0;
    this.pack = g.pack;
    if (g.packWords) this.packWords = g.packWords;
    this.unpack = g.unpack;
    this.canonicalize = g.symmetry ? makeCanonicalizer(g.symmetry, g.slotCount) : undefined;
    this.dependency = g.dependency;
    this.branches = g.branches;
    this.branchHits = this.ch.branchHits = new Uint32Array(g.branches.length);
    this.scratch = new Int32Array(g.slotCount);
    this.transition = { step: 0, instance: -1, choices: this.ch.shown, changed: -1 };
    this.initStep = (s, _self, _o, c) => g.init(s, c);
    ({ names: this.invariantNames, tests: this.invariants } = keptInvariants(g, ignoredInvariants));
    this.properties = livenessProperties(g, ignoredInvariants);
    const steps = g.properties.filter((p) => p.kind === "step" && !ignoredInvariants.includes(p.name));
    this.stepPropertyNames = steps.map((p) => p.name);
    const tests = steps.map((p) => p.rhs);
    if (tests.length)
      this.firstViolatedStepProperty = (from, to) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i](from, to)) return i;
        return -1;
      };
  }

  readonly initialStates = (sink: SuccessorSink): void => {
    this.runPaths(new Int32Array(this.g.slotCount), sink, -1, -1, this.initStep, 0, 0);
  };

  readonly successors = (state: Int32Array, sink: SuccessorSink): void => {
    const { ch, transition } = this;
    try {
      this.g.successors(state, this.scratch, sink, transition, ch);
    } catch (e) {
      // The failing step is the one the transition names (the sink handles its own errors).
      if (e instanceof ModelError && !e.transition)
        e.transition = { step: transition.step, instance: transition.instance, choices: ch.shown.slice() };
      throw e;
    }
  };

  readonly firstViolatedInvariant = (state: Int32Array): number => {
    const invariants = this.invariants;
    for (let i = 0; i < invariants.length; i++) if (!invariants[i](state)) return i;
    return -1;
  };

  readonly explainInvariant = (name: string, state: Int32Array): ExplainedPart[] => {
    const index = this.g.invariantNames.indexOf(name);
    const parts = index >= 0 ? (this.g.explanations?.[index] ?? []) : [];
    const out: ExplainedPart[] = [];
    const attempt = <T>(fn: () => T): T | string => {
      try {
        return fn();
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        return e.message;
      }
    };
    for (const { text, depth, op, test, binding } of parts) {
      out.push({ ...(op ? { text, depth, op } : { text, depth }), value: attempt(() => test(state)) });
      // Below a quantifier: its breaking binding and the body's parts (none if one fails).
      const below = binding ? attempt(() => binding(state)) : [];
      if (typeof below !== "string")
        for (const [t, d, o, value] of below)
          out.push(o ? { text: t, depth: d, op: o, value } : { text: t, depth: d, value });
    }
    return out;
  };

  readonly withinConstraints = (state: Int32Array): boolean => {
    const constraints = this.g.constraints;
    for (let i = 0; i < constraints.length; i++) if (!constraints[i](state)) return false;
    return true;
  };

  readonly allFinished = (state: Int32Array): boolean => {
    if (this.g.processes.length === 0) return false;
    for (const p of this.g.processes)
      for (let i = 0; i < p.instances.length; i++)
        if (state[p.base + i * p.stride + p.pc] !== p.done) return false;
    return true;
  };

  readonly waiting = (state: Int32Array): Waiting[] => {
    const out: Waiting[] = [];
    for (const p of this.g.processes)
      for (let i = 0; i < p.instances.length; i++) {
        const blocked = this.blockedInstance(p, i, state);
        if (blocked) out.push(blocked);
      }
    return out;
  };

  readonly show = (state: Int32Array): [string, ShownValue][] => {
    return showState(this.g.shape, state);
  };

  readonly describeTransition = (t: Transition): string => {
    if (t.step < 0) return "initial state";
    const info = this.g.stepInfo[t.step];
    if (info.kind === "action") {
      if (info.params.length === 0) return info.name;
      return `${info.name}(${this.describeParams(
        t,
        info.params.map((_, i) => i),
      )})`;
    }
    const who = info.indexed ? `${info.owner}[${t.instance}]` : info.owner;
    return `${who} ${info.proc ? `${info.proc}.` : ""}${info.name}`;
  };

  readonly describeParams = (t: Transition, positions: readonly number[]): string => {
    const info = this.g.stepInfo[t.step];
    const labels = this.g.paramLabels?.[t.step];
    const shown = (i: number) => labels?.[i]?.[t.choices[i]] ?? String(t.choices[i]);
    return positions.map((i) => `${info.params[i]}=${shown(i)}`).join(", ");
  };

  /** Instance `i` of `p` when it has not finished and has no successor in `state`: where it waits. */
  private blockedInstance(p: GeneratedProcess, i: number, state: Int32Array): Waiting | undefined {
    const o = p.base + i * p.stride;
    const pc = state[o + p.pc];
    if (pc === p.done) return undefined;
    const self = p.instances[i];
    const instance = p.indexed ? `${p.name}[${self}]` : p.name;
    // In a handler, the instance waits where its handler does.
    const irq = p.irq && state[o + p.irq.slot] !== 0 ? state[o + p.irq.slot] - 1 : -1;
    const stepId = irq >= 0 ? p.irq!.stepIds[irq] : p.stepIds[pc];
    const fn = irq >= 0 ? p.irq!.steps[irq] : p.steps[pc];
    const info = this.g.stepInfo[stepId];
    const step = info.proc ? `${info.proc}.${info.name}` : info.name;
    if (irq < 0 && p.guard && !guarded(p, state, self, o, stepId)) return { instance, step };
    let successors = 0;
    const ch = this.ch;
    ch.blockedLine = 0;
    ch.blockedFile = undefined;
    this.runPaths(state, { next: () => void successors++ }, stepId, self, fn, self, o);
    if (successors > 0) return undefined;
    return { instance, step, line: ch.blockedLine || undefined, file: ch.blockedFile ?? info.file };
  }

  /** Runs every nondeterministic path of one step from `state`, emitting each successor. */
  private runPaths(
    state: Int32Array,
    sink: SuccessorSink,
    stepId: number,
    instance: number,
    fn: StepFn,
    self: number,
    o: number,
  ): void {
    const { ch, scratch, transition } = this;
    ch.begin();
    do {
      ch.rerun();
      scratch.set(state);
      transition.step = stepId;
      transition.instance = instance;
      transition.changed = -1;
      let produced: number;
      try {
        produced = fn(scratch, self, o, ch);
      } catch (e) {
        // An error while computing the initial states is not a step of the trace.
        if (e instanceof ModelError && stepId >= 0)
          e.transition = { step: stepId, instance, choices: ch.shown.slice() };
        throw e;
      }
      if (produced) sink.next(scratch, transition);
    } while (ch.advance());
  }
}

/** The invariants a check keeps, by name and test: the spec's, then its `always P` properties. */
function keptInvariants(
  g: GeneratedSpec,
  ignored: readonly string[],
): { names: string[]; tests: ((s: Int32Array) => boolean)[] } {
  const always = g.properties.filter((p) => p.kind === "always");
  const allNames = [...g.invariantNames, ...always.map((p) => p.name)];
  const allTests = [...g.invariants, ...always.map((p) => p.rhs as (s: Int32Array) => boolean)];
  const keep = allNames.map((_, i) => i).filter((i) => !ignored.includes(allNames[i]));
  return { names: keep.map((i) => allNames[i]), tests: keep.map((i) => allTests[i]) };
}

/** The properties the liveness checker runs: all but `always P` (an invariant) and the ignored. */
function livenessProperties(g: GeneratedSpec, ignored: readonly string[]): LivenessProperty[] {
  return g.properties
    .filter((p) => p.kind !== "always" && p.kind !== "step" && !ignored.includes(p.name))
    .map((p) => ({
      name: p.name,
      kind: p.kind as LivenessProperty["kind"],
      premise: p.lhs ?? (() => true),
      ...(p.initial ? { initial: true } : {}),
      goal: p.rhs as (s: Int32Array) => boolean,
    }));
}

/** Evaluates a process's `when` guard; an error in it is blamed on the step it guards. */
function guarded(p: GeneratedProcess, state: Int32Array, self: number, o: number, stepId: number): boolean {
  try {
    return p.guard!(state, self, o);
  } catch (e) {
    if (e instanceof ModelError)
      e.transition = { step: stepId, instance: p.indexed ? self : -1, choices: [] };
    throw e;
  }
}
