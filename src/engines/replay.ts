// Replay: does a given sequence of states (from a trace file) describe a real behaviour of the
// model? In: the model and the expected states, each a list of named values as Model.show names
// them, with the label of the step that led to it when the file says. Out: either a Trace (the
// model's own states and transitions, ready for the trace printers), or where it stops fitting:
// the step, and the model's closest candidate state with the variables in which it differs.
//
// State 0 must be one of the initial states and every next state one of the successors of the
// state before. States are compared by value, through Model.show, so a file written by another
// tool, or edited by hand, is judged on what it says rather than on how it is laid out: set
// elements, map entries and record fields may come in any order. When several successors fit, the
// one whose label matches the file's is taken (they lead to the same state, so only the printed
// step name depends on it).

import {
  ModelError,
  type Model,
  type ShownValue,
  type SuccessorSink,
  type Transition,
} from "../model/model.js";
import type { Trace, TraceStep } from "./result.js";
import { copyTransition } from "./counterexample.js";

/** A state the trace claims: its values by variable name, and the label of the step into it. */
export interface ExpectedState {
  values: readonly [string, ShownValue][];
  label?: string;
}

/** A variable whose value differs: what the trace says and what the spec gives (absent: no such variable). */
export interface VariableDifference {
  name: string;
  expected?: ShownValue;
  actual?: ShownValue;
}

/** Where a trace stops fitting the model. */
export interface ReplayMismatch {
  /** The state that does not fit: 0 for the initial state, i for the state after step i. */
  step: number;
  /** How many states the model offered there (initial states, or successors of the state before). */
  candidates: number;
  /** The candidate closest to the trace's state (fewest differing variables), if there was any. */
  closest?: { transition: Transition | null; differences: VariableDifference[] };
}

/** The outcome of a replay: the states that fit, as a Trace, and the mismatch if not all did. */
export interface ReplayResult {
  trace: Trace;
  mismatch?: ReplayMismatch;
}

/** Replays the expected states against the model. */
export function replayStates(model: Model, expected: readonly ExpectedState[]): ReplayResult {
  const trace: Trace = { initial: null, steps: [] };
  if (expected.length === 0) return { trace };
  const initials = collect((sink) => model.initialStates(sink));
  const first = bestMatch(model, initials, expected[0]);
  if (!first.exact) return { trace, mismatch: mismatchAt(0, initials.length, first) };
  trace.initial = first.candidate!.state;
  let previous = trace.initial;
  for (let i = 1; i < expected.length; i++) {
    const successors = collect((sink) => model.successors(previous, sink));
    const found = bestMatch(model, successors, expected[i]);
    if (!found.exact) return { trace, mismatch: mismatchAt(i, successors.length, found) };
    const step: TraceStep = { transition: found.candidate!.transition!, state: found.candidate!.state };
    trace.steps.push(step);
    previous = step.state;
  }
  return { trace };
}

/** The step that fails in `state` (an assert or runtime error), or null when every step completes. */
export function failingStepIn(
  model: Model,
  state: Int32Array,
): { transition?: Transition; error: ModelError } | null {
  try {
    model.successors(state, { next() {} });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return e.transition ? { transition: copyTransition(e.transition), error: e } : { error: e };
  }
  return null;
}

interface Candidate {
  state: Int32Array;
  transition: Transition | null;
}

interface Match {
  exact: boolean;
  candidate?: Candidate;
  differences: VariableDifference[];
}

/** Every state `emit` gives; when a step fails on the way, the ones given before it. */
function collect(emit: (sink: SuccessorSink) => void): Candidate[] {
  const out: Candidate[] = [];
  try {
    emit({
      next(slots, t) {
        out.push({ state: slots.slice(), transition: t.step < 0 ? null : copyTransition(t) });
      },
    });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
  return out;
}

/** The candidate with the fewest differences from `want`; among equals, one whose label matches. */
function bestMatch(model: Model, candidates: Candidate[], want: ExpectedState): Match {
  const wanted = new Map(want.values.map(([name, v]) => [name, { value: v, key: canonical(v) }]));
  let best: Match = { exact: false, differences: [] };
  let bestScore = Infinity;
  for (const c of candidates) {
    const differences = compare(model.show(c.state), wanted);
    const labelled =
      want.label !== undefined && c.transition && model.describeTransition(c.transition) === want.label;
    // Fewer differences first; a matching label breaks ties.
    const score = differences.length * 2 + (labelled ? 0 : 1);
    if (score < bestScore) {
      bestScore = score;
      best = { exact: differences.length === 0, candidate: c, differences };
    }
  }
  return best;
}

function compare(
  actual: [string, ShownValue][],
  wanted: Map<string, { value: ShownValue; key: string }>,
): VariableDifference[] {
  const out: VariableDifference[] = [];
  const seen = new Set<string>();
  for (const [name, value] of actual) {
    seen.add(name);
    const w = wanted.get(name);
    if (!w) out.push({ name, actual: value });
    else if (w.key !== canonical(value)) out.push({ name, expected: w.value, actual: value });
  }
  for (const [name, w] of wanted) if (!seen.has(name)) out.push({ name, expected: w.value });
  return out;
}

function mismatchAt(step: number, candidates: number, m: Match): ReplayMismatch {
  const mismatch: ReplayMismatch = { step, candidates };
  if (m.candidate) mismatch.closest = { transition: m.candidate.transition, differences: m.differences };
  return mismatch;
}

/** A string equal for equal values: sets, maps and records in a fixed order, enums and pcs alike. */
function canonical(v: ShownValue): string {
  switch (v.kind) {
    case "int":
    case "bool":
      return String(v.value);
    case "enum":
    case "pc":
      return JSON.stringify(v.value);
    case "none":
      return "none";
    case "some":
      return `some(${canonical(v.value)})`;
    case "set":
      return `{${v.elems.map(canonical).sort().join(",")}}`;
    case "seq":
      return `[${v.elems.map(canonical).join(",")}]`;
    case "record":
      return `{${v.fields
        .map(([k, x]) => `${k}:${canonical(x)}`)
        .sort()
        .join(",")}}`;
    case "map":
      return `[${v.entries
        .map(([k, x]) => `${canonical(k)}|->${canonical(x)}`)
        .sort()
        .join(",")}]`;
  }
}

/** What kind of value a shown value is, in the words of a message. */
function kindOf(v: ShownValue): string {
  const kinds: Record<ShownValue["kind"], string> = {
    int: "an integer",
    bool: "a boolean",
    enum: "a name",
    pc: "a name",
    none: "an optional",
    some: "an optional",
    set: "a set",
    seq: "a sequence",
    record: "a record",
    map: "a map",
  };
  return kinds[v.kind];
}

/** Where `got` has a different kind of value than `like` (a value of the spec), or undefined. */
function kindMismatch(got: ShownValue, like: ShownValue, where: string): string | undefined {
  if (kindOf(got) !== kindOf(like)) return `${where} is ${kindOf(got)}, but the spec's is ${kindOf(like)}`;
  if (got.kind === "some" && like.kind === "some") return kindMismatch(got.value, like.value, where);
  if (got.kind === "record" && like.kind === "record")
    for (const [name, v] of got.fields) {
      const field = like.fields.find(([n]) => n === name);
      if (!field) return `${where} has a field '${name}' that the spec's record does not have`;
      const m = kindMismatch(v, field[1], `${where}.${name}`);
      if (m) return m;
    }
  return undefined;
}

/**
 * Whether the trace's states are states of this spec at all: every value of a variable the spec
 * has is of the kind the spec gives it (`true` for an integer is not a state that does not fit). A trace that fails this is bad input, not a behaviour
 * that does not fit: the file belongs to another spec or was edited wrongly.
 */
export function shapeProblem(model: Model, expected: readonly ExpectedState[]): string | undefined {
  const initial = collect((sink) => model.initialStates(sink))[0];
  if (!initial) return undefined;
  const spec = new Map(model.show(initial.state));
  for (const [i, state] of expected.entries())
    for (const [name, value] of state.values) {
      const like = spec.get(name);
      // A variable the spec lacks (another configuration's process instance, say) is a state that
      // does not fit, which the replay itself reports.
      if (!like) continue;
      const m = kindMismatch(value, like, `states[${i}].${name}`);
      if (m) return m;
    }
  return undefined;
}
