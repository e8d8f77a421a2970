// The refinement check: does every behaviour of an implementation, seen through a refinement
// mapping, behave as the abstract spec allows? In: the implementation's Model, the abstract spec's
// Model and the mapping (implementation slots → abstract slots). Out: ok when every initial state
// maps to an initial state of the abstract spec and every reachable transition maps to a step of
// the abstract spec or to a stutter (the same abstract state), which is TLA+'s `Impl => Abs` for
// safety; otherwise the shortest trace to the first transition that does not map.
//
// How: a breadth-first search of the implementation, on its full state graph (no symmetry, no
// reduction: the mapping may tell instances apart). Each transition (s, t) is checked exactly:
// the abstract successors of map(s) are computed with the abstract model itself and map(t) is
// looked up among them by its packed words. The abstract successors of each abstract state are
// computed once and kept. States are keyed by their packed words in a Map, with parent links for
// the trace: the refinement check is meant for design-sized specs (thousands of states), where
// this is simpler than the level log of bfs/ and fast enough.

import { ModelError, type Model, type Transition } from "../../model/model.js";
import { copyTransition } from "../counterexample.js";
import type { Trace } from "../result.js";

/** The abstract spec and how an implementation state maps to one of its states. */
export interface RefinementMapping {
  abstract: Model;
  /** Writes the abstract state of implementation state `s` into `out` (abstract slots). Throws
   *  ModelError when a mapped value does not fit the abstract variable's type. */
  map(s: Int32Array, out: Int32Array): void;
}

/** Bounds of a refinement search (those of the check). */
export interface RefinementOptions {
  maxDepth?: number;
  maxStates?: number;
}

/** What a refinement search checked. */
export interface RefinementStats {
  /** Distinct implementation states stored (initial states included). */
  states: number;
  /** Implementation transitions checked, duplicates included (every edge of the state graph). */
  transitions: number;
  /** Of those: transitions that map to a stutter (the abstract state does not change). */
  stutters: number;
  /** Of those: transitions that map to a step of the abstract spec. */
  abstractSteps: number;
  /** Distinct abstract states the implementation's states map to. */
  abstractStates: number;
  depth: number;
  elapsedMs: number;
}

/** The first transition (or initial state) that does not map, with the trace that reaches it. */
export interface RefinementViolation {
  /** What does not map, in a sentence. */
  message: string;
  /** The implementation's trace; its last step is the transition that does not map (none when an
   *  initial state does not map). */
  trace: Trace;
  /** The mapped abstract state of each state of the trace, the initial one first. */
  abstractStates: Int32Array[];
  /** For each step of the trace: the abstract step it maps to, `null` for a stutter; the last
   *  entry is `undefined` for the step that maps to no abstract step. */
  matched: (Transition | null | undefined)[];
  /** The abstract steps enabled in the last good abstract state, with the states they lead to (what
   *  the failing step could have mapped to). For an initial state: the abstract initial states. */
  candidates: { transition?: Transition; state: Int32Array }[];
  /** The mapping or the abstract spec failed (a value outside an abstract variable's type, an
   *  abstract assert): the error. */
  error?: ModelError;
}

export interface RefinementResult {
  outcome: "ok" | "bounded" | "violation";
  boundedBy?: "depth" | "states";
  violation?: RefinementViolation;
  stats: RefinementStats;
}

/** Checks that `model` refines `mapping.abstract` under `mapping.map` on every reachable transition. */
export function checkRefinement(
  model: Model,
  mapping: RefinementMapping,
  options: RefinementOptions = {},
): RefinementResult {
  const started = performance.now();
  const abs = mapping.abstract;
  const keyOf = keyer(model);
  const absKeyOf = keyer(abs);
  const stats: RefinementStats = {
    states: 0,
    transitions: 0,
    stutters: 0,
    abstractSteps: 0,
    abstractStates: 0,
    depth: 0,
    elapsedMs: 0,
  };
  const abstractSeen = new Set<string>();
  const mapState = (s: Int32Array): { slots: Int32Array; key: string } => {
    const slots = new Int32Array(abs.slotCount);
    mapping.map(s, slots);
    const key = absKeyOf(slots);
    abstractSeen.add(key);
    return { slots, key };
  };
  // Every stored state: its slots, its parent's id (-1 for an initial state) and the transition from it.
  const states: Int32Array[] = [];
  const parents: number[] = [];
  const via: (Transition | undefined)[] = [];
  const depths: number[] = [];
  const ids = new Map<string, number>();
  const finish = (r: Omit<RefinementResult, "stats">): RefinementResult => {
    stats.states = states.length;
    stats.abstractStates = abstractSeen.size;
    stats.elapsedMs = performance.now() - started;
    return { ...r, stats };
  };

  const absInit = new Map<string, Int32Array>();
  abs.initialStates({ next: (slots) => void absInit.set(absKeyOf(slots), slots.slice()) });
  const absSteps = new Map<string, Map<string, { transition: Transition; state: Int32Array }>>();
  const abstractSuccessors = (a: { slots: Int32Array; key: string }) => {
    let found = absSteps.get(a.key);
    if (!found) {
      const out = new Map<string, { transition: Transition; state: Int32Array }>();
      abs.successors(a.slots, {
        next: (slots, transition) => {
          const k = absKeyOf(slots);
          if (!out.has(k)) out.set(k, { transition: copyTransition(transition), state: slots.slice() });
        },
      });
      absSteps.set(a.key, (found = out));
    }
    return found;
  };

  let bounded: RefinementResult["boundedBy"];
  const store = (s: Int32Array, parent: number, t: Transition | undefined, depth: number): boolean => {
    const key = keyOf(s);
    if (ids.has(key)) return true;
    if (options.maxStates !== undefined && states.length >= options.maxStates) {
      bounded = "states";
      return false;
    }
    ids.set(key, states.length);
    states.push(s.slice());
    parents.push(parent);
    via.push(t);
    depths.push(depth);
    stats.depth = Math.max(stats.depth, depth);
    return true;
  };

  // Initial states: each must map to an initial state of the abstract spec.
  const initial: Int32Array[] = [];
  model.initialStates({ next: (slots) => void initial.push(slots.slice()) });
  for (const s of initial) {
    let a;
    try {
      a = mapState(s);
    } catch (e) {
      return finish(failure(mapping, [], s, undefined, e, [...absInit.values()]));
    }
    if (!absInit.has(a.key)) {
      const message = `an initial state maps to a state that is not an initial state of ${abs.name}`;
      const candidates = [...absInit.values()].map((state) => ({ state }));
      return finish({ outcome: "violation", violation: traceOf([], s, message, candidates) });
    }
    if (model.withinConstraints(s) && !store(s, -1, undefined, 0)) break;
  }

  function traceOf(...[path, last, message, candidates, t, error]: Parameters<TraceOf>): RefinementViolation {
    return buildViolation(mapping, states, via, path, last, t, message, candidates, error);
  }

  for (let next = 0; next < states.length && !bounded; next++) {
    const s = states[next];
    if (options.maxDepth !== undefined && depths[next] >= options.maxDepth) {
      let any = false;
      model.successors(s, { next: () => void (any = true) });
      if (any) bounded = "depth";
      continue;
    }
    const from = mapState(s);
    const succ: { slots: Int32Array; t: Transition }[] = [];
    model.successors(s, {
      next: (slots, t) => void succ.push({ slots: slots.slice(), t: copyTransition(t) }),
    });
    for (const { slots, t } of succ) {
      stats.transitions++;
      let to;
      try {
        to = mapState(slots);
      } catch (e) {
        const path = pathTo(parents, next);
        return finish({ outcome: "violation", violation: errorViolation(traceOf, path, slots, t, e) });
      }
      if (to.key === from.key) stats.stutters++;
      else {
        let options;
        try {
          options = abstractSuccessors(from);
        } catch (e) {
          const path = pathTo(parents, next);
          return finish({ outcome: "violation", violation: errorViolation(traceOf, path, slots, t, e) });
        }
        if (!options.has(to.key)) {
          const message = `a step of ${model.name} maps to no step of ${abs.name} and is not a stutter`;
          const candidates = [...options.values()];
          return finish({
            outcome: "violation",
            violation: traceOf(pathTo(parents, next), slots, message, candidates, t),
          });
        }
        stats.abstractSteps++;
      }
      if (model.withinConstraints(slots) && !store(slots, next, t, depths[next] + 1)) break;
    }
  }
  return finish(bounded ? { outcome: "bounded", boundedBy: bounded } : { outcome: "ok" });
}

/** Builds the counterexample ending at `last`, reached by `path` (and transition `t`, if any). */
type TraceOf = (
  path: number[],
  last: Int32Array,
  message: string,
  candidates: RefinementViolation["candidates"],
  t?: Transition,
  error?: ModelError,
) => RefinementViolation;

/** A violation for an error the mapping or the abstract spec threw (rethrows anything else). */
function errorViolation(
  traceOf: TraceOf,
  path: number[],
  last: Int32Array,
  t: Transition,
  e: unknown,
): RefinementViolation {
  if (!(e instanceof ModelError)) throw e;
  return traceOf(path, last, e.message, [], t, e);
}

/** The violation for an initial state whose mapping threw. */
function failure(
  mapping: RefinementMapping,
  path: number[],
  s: Int32Array,
  t: Transition | undefined,
  e: unknown,
  initial: Int32Array[],
): Omit<RefinementResult, "stats"> {
  if (!(e instanceof ModelError)) throw e;
  const candidates = initial.map((state) => ({ state }));
  const violation = buildViolation(mapping, [], [], path, s, t, e.message, candidates, e);
  return { outcome: "violation", violation };
}

/** Ids from an initial state to `id`, in order. */
function pathTo(parents: number[], id: number): number[] {
  const path: number[] = [];
  for (let at = id; at >= 0; at = parents[at]) path.unshift(at);
  return path;
}

/** The trace along `path` then `t` to `last`, in both vocabularies. */
function buildViolation(
  mapping: RefinementMapping,
  states: Int32Array[],
  via: (Transition | undefined)[],
  path: number[],
  last: Int32Array,
  t: Transition | undefined,
  message: string,
  candidates: RefinementViolation["candidates"],
  error?: ModelError,
): RefinementViolation {
  const abs = mapping.abstract;
  const slotsOf = path.map((id) => states[id]);
  const all = t ? [...slotsOf, last] : [last];
  const abstractStates: Int32Array[] = [];
  for (const s of all) {
    const out = new Int32Array(abs.slotCount);
    try {
      mapping.map(s, out);
    } catch {
      break; // the state whose mapping failed: the error says why
    }
    abstractStates.push(out);
  }
  const steps = path.slice(1).map((id) => ({ transition: via[id]!, state: states[id] }));
  if (t) steps.push({ transition: t, state: last });
  const matched: RefinementViolation["matched"] = [];
  const key = keyer(abs);
  for (let i = 0; i < steps.length; i++) {
    const before = abstractStates[i];
    const after = abstractStates[i + 1];
    if (i === steps.length - 1 || !after) matched.push(undefined);
    else if (key(before) === key(after)) matched.push(null);
    else {
      let found: Transition | undefined;
      abs.successors(before, {
        next: (slots, tr) => {
          if (!found && key(slots) === key(after)) found = copyTransition(tr);
        },
      });
      matched.push(found);
    }
  }
  const trace: Trace = { initial: t ? (slotsOf[0] ?? last) : last, steps };
  return { message, trace, abstractStates, matched, candidates, ...(error ? { error } : {}) };
}

/** A function from a state's slots to a string key of its packed words. */
function keyer(model: Model): (slots: Int32Array) => string {
  const words = new Uint32Array(model.packedWords);
  return (slots) => {
    model.pack(slots, words, 0);
    return words.join(",");
  };
}
