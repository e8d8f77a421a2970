// Wraps a generated state machine into the engines' Model interface. The generated module provides
// tables (step functions indexed by program counter, actions, invariants, packer) and this file
// provides the loops around them: which process instance may move, the enumeration of each step's
// nondeterministic paths, and the labels of transitions. Shared by the checker, simulator and
// compiled tests, so they all run the same code.

import {
  ModelError,
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
  checkFormatVersion(g);
  // `always P` properties are invariants; the other properties go to the liveness checker.
  const always = g.properties.filter((p) => p.kind === "always");
  const allNames = [...g.invariantNames, ...always.map((p) => p.name)];
  const allInvariants = [...g.invariants, ...always.map((p) => p.rhs)];
  const keep = allNames.map((_, i) => i).filter((i) => !ignoredInvariants.includes(allNames[i]));
  const invariants = keep.map((i) => allInvariants[i]);
  const invariantNames = keep.map((i) => allNames[i]);
  const properties = g.properties
    .filter((p) => p.kind !== "always" && !ignoredInvariants.includes(p.name))
    .map((p) => ({
      name: p.name,
      kind: p.kind as "leadsTo" | "eventually",
      premise: p.lhs ?? (() => true),
      goal: p.rhs,
    }));
  const ch = new Choices();
  ch.branchHits = new Uint32Array(g.branches.length);
  const scratch = new Int32Array(g.slotCount);
  const transition: { step: number; instance: number; choices: number[] } = {
    step: 0,
    instance: -1,
    choices: ch.shown,
  };

  // Actions and the initial-state function, adapted once to the step signature (no closure per state).
  const actionSteps: StepFn[] = g.actions.map((a) => (s, _self, _o, c) => a.run(s, c));
  const initStep: StepFn = (s, _self, _o, c) => g.init(s, c);

  /** Runs every nondeterministic path of one step from `state`, emitting each successor. */
  const runPaths = (
    state: Int32Array,
    sink: SuccessorSink,
    stepId: number,
    instance: number,
    fn: StepFn,
    self: number,
    o: number,
  ): void => {
    ch.begin();
    do {
      ch.rerun();
      scratch.set(state);
      transition.step = stepId;
      transition.instance = instance;
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
  };

  const model: Model = {
    name: g.name,
    slotCount: g.slotCount,
    packedWords: g.packedWords,
    packedBits: g.packedBits,
    steps: g.stepInfo,
    invariantNames,
    properties,
    hasProcesses: g.processes.length > 0,
    pack: g.pack,
    unpack: g.unpack,
    canonicalize: g.symmetry ? makeCanonicalizer(g.symmetry, g.slotCount) : undefined,

    initialStates(sink: SuccessorSink): void {
      runPaths(new Int32Array(g.slotCount), sink, -1, -1, initStep, 0, 0);
    },

    successors: g.successors
      ? (state: Int32Array, sink: SuccessorSink): void => {
          try {
            g.successors!(state, scratch, sink, transition, ch);
          } catch (e) {
            // The failing step is the one the transition names (the sink handles its own errors).
            if (e instanceof ModelError && !e.transition)
              e.transition = {
                step: transition.step,
                instance: transition.instance,
                choices: ch.shown.slice(),
              };
            throw e;
          }
        }
      : (state: Int32Array, sink: SuccessorSink): void => {
          // Indexed loops: this runs once per expanded state, the checker's hottest path.
          const processes = g.processes;
          for (let q = 0; q < processes.length; q++) {
            const p = processes[q];
            for (let i = 0; i < p.instances.length; i++) {
              const o = p.base + i * p.stride;
              const pc = state[o + p.pc];
              if (pc === p.done) continue;
              const self = p.instances[i];
              if (p.guard && !guarded(p, state, self, o, p.stepIds[pc])) continue;
              runPaths(state, sink, p.stepIds[pc], p.indexed ? self : -1, p.steps[pc], self, o);
            }
          }
          for (let i = 0; i < actionSteps.length; i++)
            runPaths(state, sink, g.actions[i].stepId, -1, actionSteps[i], 0, 0);
        },

    firstViolatedInvariant(state: Int32Array): number {
      for (let i = 0; i < invariants.length; i++) if (!invariants[i](state)) return i;
      return -1;
    },

    withinConstraints:
      g.constraints.length === 0
        ? () => true
        : (state: Int32Array): boolean => {
            for (let i = 0; i < g.constraints.length; i++) if (!g.constraints[i](state)) return false;
            return true;
          },

    allFinished(state: Int32Array): boolean {
      if (g.processes.length === 0) return false;
      for (const p of g.processes)
        for (let i = 0; i < p.instances.length; i++)
          if (state[p.base + i * p.stride + p.pc] !== p.done) return false;
      return true;
    },

    branches: g.branches,
    branchHits: ch.branchHits,

    waiting(state: Int32Array) {
      const out: { instance: string; step: string; line?: number; file?: string }[] = [];
      const count = { n: 0 };
      const counter: SuccessorSink = { next: () => void count.n++ };
      for (const p of g.processes) {
        for (let i = 0; i < p.instances.length; i++) {
          const o = p.base + i * p.stride;
          const pc = state[o + p.pc];
          if (pc === p.done) continue;
          const self = p.instances[i];
          const instance = p.indexed ? `${p.name}[${self}]` : p.name;
          const info = g.stepInfo[p.stepIds[pc]];
          const step = info.proc ? `${info.proc}.${info.name}` : info.name;
          if (p.guard && !guarded(p, state, self, o, p.stepIds[pc])) {
            out.push({ instance, step });
            continue;
          }
          count.n = 0;
          ch.blockedLine = 0;
          ch.blockedFile = undefined;
          runPaths(state, counter, p.stepIds[pc], self, p.steps[pc], self, o);
          const file = ch.blockedFile ?? info.file;
          if (count.n === 0) out.push({ instance, step, line: ch.blockedLine || undefined, file });
        }
      }
      return out;
    },

    show(state: Int32Array): [string, ShownValue][] {
      return showState(g.shape, state);
    },

    describeTransition(t: Transition): string {
      if (t.step < 0) return "initial state";
      const info = g.stepInfo[t.step];
      if (info.kind === "action") {
        if (info.params.length === 0) return info.name;
        const labels = g.paramLabels?.[t.step];
        const shown = (i: number) => labels?.[i]?.[t.choices[i]] ?? String(t.choices[i]);
        return `${info.name}(${info.params.map((p, i) => `${p}=${shown(i)}`).join(", ")})`;
      }
      const who = info.indexed ? `${info.owner}[${t.instance}]` : info.owner;
      return `${who} ${info.proc ? `${info.proc}.` : ""}${info.name}`;
    },
  };
  return model;
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
