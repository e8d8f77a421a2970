// Why a liveness counterexample (a lasso) is a fair behaviour: for each process instance (and
// action) that could move somewhere in the cycle, whether it is fair, whether it runs in the cycle,
// and in how many of the cycle's states it was enabled. Weak fairness forces only an instance that
// stays enabled without a break, so the reader sees at once which instance the goal waits for and
// why nothing forces it to run: it is not fair, or it is disabled in some state of the cycle (which
// await blocks it there). In: the model and the lasso (Trace with cycleStart). Out: plain data,
// printed by formatLassoWhy and carried as is by the JSON output and the HTML report.

import { ModelError, type Model, type Transition } from "../model/model.js";
import type { Trace } from "../engines/result.js";
import { laneName } from "./format.js";

/** One process instance (or action, or fair step of an instance) in the cycle of a lasso. */
export interface CycleMover {
  /** `Reader[1]`, `Writer`, an action's name, `Reader[1].take` for a `fair step take`. */
  instance: string;
  fair: boolean;
  /** Whether one of its steps is taken in the cycle. */
  runs: boolean;
  /** In how many of the cycle's states one of its steps is enabled. */
  enabledIn: number;
  /** The first state of the cycle (its number in the trace) where it is not enabled, with the
   *  step it waits at and where the await is, when the model says. */
  disabledAt?: { state: number; step?: string; where?: string };
}

/**
 * The movers a transition belongs to: its instance (or action), as lanes and `waiting` name it,
 * and for a `fair step` also that step of the instance (`Reader[1].take`), its own fairness
 * condition. A `fair action` is fair as a whole, all parameter values together, like its lane;
 * a `fair action A(each p in S)` is one mover per value of p (`A(p=1)`), each fair on its own.
 */
function moversOf(model: Model, t: Transition): { name: string; fair: boolean }[] {
  const info = model.steps[t.step];
  const lane = laneName(model, t);
  if (info.kind === "action" && info.fairEach) {
    const values =
      model.describeParams?.(t, info.fairEach) ?? info.fairEach.map((i) => t.choices[i]).join(", ");
    return [{ name: `${lane}(${values})`, fair: true }];
  }
  if (info.kind === "action") return [{ name: lane, fair: info.ownFairness !== undefined }];
  const out = [{ name: lane, fair: info.fair === true }];
  if (info.ownFairness) out.push({ name: `${lane}.${info.name}`, fair: true });
  return out;
}

function sameState(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The instances with a step enabled in `state` (a step that fails counts as enabled). */
function enabledIn(model: Model, state: Int32Array): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const add = (t: Transition) => {
    for (const { name, fair } of moversOf(model, t)) out.set(name, fair);
  };
  try {
    // A successor equal to the state is a stutter: it enables nothing (fairness is of <A>_vars).
    model.successors(state, { next: (next, t) => void (sameState(next, state) || add(t)) });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    if (e.transition) add(e.transition);
  }
  return out;
}

/** model.waiting, or nothing when a step fails in the state (waiting runs the steps to see which await blocks). */
function waitingIn(model: Model, state: Int32Array): ReturnType<Model["waiting"]> {
  try {
    return model.waiting(state);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return [];
  }
}

/** For a lasso: every instance enabled somewhere in its cycle or running in it; [] for other traces. */
export function explainLasso(model: Model, trace: Trace): CycleMover[] {
  if (trace.cycleStart === undefined || !trace.initial) return [];
  const states = [trace.initial, ...trace.steps.map((s) => s.state)];
  // The cycle's states: from cycleStart to the last (which equals the first again when steps follow).
  const first = Math.min(trace.cycleStart, states.length - 1);
  const last = trace.cycleStart < trace.steps.length ? states.length - 2 : states.length - 1;
  const movers = new Map<string, CycleMover>();
  const mover = (name: string, fair: boolean) => {
    let m = movers.get(name);
    if (!m) movers.set(name, (m = { instance: name, fair, runs: false, enabledIn: 0 }));
    return m;
  };
  for (let i = first; i < trace.steps.length; i++) {
    const s = trace.steps[i];
    if (sameState(s.state, states[i])) continue; // a stutter takes no sub-action
    for (const { name, fair } of moversOf(model, s.transition)) mover(name, fair).runs = true;
  }
  const enabled: Map<string, boolean>[] = [];
  for (let i = first; i <= last; i++) {
    const here = enabledIn(model, states[i]);
    enabled.push(here);
    for (const [name, fair] of here) mover(name, fair).enabledIn++;
    // A fair instance disabled throughout the cycle is the one the goal most often waits for.
    for (const w of waitingIn(model, states[i])) {
      const owner = w.instance.replace(/\[.*$/, "");
      mover(
        w.instance,
        model.steps.some((s) => s.owner === owner && s.fair === true),
      );
    }
  }
  for (const m of movers.values()) {
    const k = enabled.findIndex((e) => !e.has(m.instance));
    if (k < 0) continue;
    const waits = waitingIn(model, states[first + k]).find((w) => w.instance === m.instance);
    m.disabledAt = {
      state: first + k,
      ...(waits ? { step: waits.step } : {}),
      ...(waits?.line ? { where: `${waits.file ?? ""}${waits.file ? ":" : "line "}${waits.line}` } : {}),
    };
  }
  return [...movers.values()].sort(
    (a, b) => Number(b.fair) - Number(a.fair) || Number(a.runs) - Number(b.runs),
  );
}

/** What one instance did in the cycle, in words. */
export function describeMover(m: CycleMover, cycleStates: number): string {
  if (m.runs) return "runs in the cycle";
  if (!m.fair)
    return `never runs: enabled in ${m.enabledIn} of ${cycleStates} states of the cycle, but not fair, so nothing forces it to`;
  const waits = m.disabledAt?.step
    ? ` (waits at step ${m.disabledAt.step}${m.disabledAt.where ? `, the await at ${m.disabledAt.where}` : ""})`
    : "";
  if (m.enabledIn === 0) return `never runs: disabled in every state of the cycle${waits}`;
  return `never runs: enabled in ${m.enabledIn} of ${cycleStates} states of the cycle, not without a break (disabled in state ${m.disabledAt?.state}${waits}), so weak fairness does not force it`;
}

/** How many states the cycle of a lasso has (1 for a stutter). */
export function cycleStateCount(trace: Trace): number {
  if (trace.cycleStart === undefined) return 0;
  return Math.max(1, trace.steps.length - trace.cycleStart);
}

/** The lasso's why-panel as lines: each instance that could move in the cycle, fair ones first. */
export function formatLassoWhy(model: Model, trace: Trace, indent = "  "): string[] {
  const movers = explainLasso(model, trace);
  if (!movers.length) return [];
  const n = cycleStateCount(trace);
  const width = Math.max(...movers.map((m) => m.instance.length));
  return [
    `${indent}Why: the cycle is a fair behaviour (fairness holds for every fair process instance, step and action):`,
    ...movers.map(
      (m) =>
        `${indent}    ${m.instance.padEnd(width)}  ${m.fair ? "fair    " : "not fair"}  ${describeMover(m, n)}`,
    ),
  ];
}
