// Checks liveness properties (`P ~> Q`, `always eventually Q`, `eventually Q`) under weak fairness
// of the instances of `fair` processes. In: a model whose safety check passed. Out: a violation
// with a lasso counterexample (a stem to the cycle, then the cycle), or none.
//
// The method is the classic one for weak fairness: build the reachable state graph; for `P ~> Q`
// take the states where Q is false that are reachable, through such states, from a state where P
// holds and Q does not; a counterexample is a strongly connected component among them that admits
// a fair cycle (every fair instance either steps inside it or is disabled somewhere in it), or a
// single state where the behaviour may stutter forever (no fair instance is enabled there).

import type { LivenessProperty, Model, Transition } from "../../model/model.js";
import type { Trace, TraceStep, Violation } from "../result.js";
import { StateGraph } from "./state-graph.js";

/** The most states the liveness checker will build a graph for. */
export const LIVENESS_STATE_LIMIT = 5_000_000;

/** Checks every liveness property of the model; returns the first violation, if any. */
export function searchLiveness(model: Model): {
  violation?: Violation;
  graph?: StateGraph;
  skipped?: string;
} {
  if (model.properties.length === 0) return {};
  const graph = StateGraph.build(model, LIVENESS_STATE_LIMIT);
  if (!graph) return { skipped: `the state graph exceeds ${LIVENESS_STATE_LIMIT} states` };
  for (const property of model.properties) {
    const goal = graph.mark((s) => property.goal(s));
    const bad = goal.map((g) => !g);
    if (property.kind === "stable" || property.kind === "persistent") {
      const violation =
        property.kind === "stable"
          ? stable(model, graph, property, bad)
          : persistent(model, graph, property, bad);
      if (violation) return { graph, violation };
      continue;
    }
    let start: number[];
    if (property.kind === "eventually")
      start = graph.initialIds.filter(
        (id) => bad[id] && (!property.initial || property.premise(graph.state(id))),
      );
    else {
      const premise = graph.mark((s) => property.premise(s));
      start = [];
      for (let id = 0; id < graph.size; id++) if (bad[id] && premise[id]) start.push(id);
    }
    const found = findFairCycle(graph, bad, start);
    if (found) {
      const kind = property.kind === "eventually" ? "never holds" : "is never reached";
      return {
        graph,
        violation: {
          kind: "liveness",
          name: property.name,
          message: `property ${property.name} is violated: a fair behaviour on which its goal ${kind}`,
          trace: buildLasso(model, graph, found),
        },
      };
    }
  }
  return { graph };
}

/**
 * `always (P => always Q)` (or `P => always Q` from the initial states): a violation is a path
 * from a P-state to a state where Q fails; the trace ends there (no cycle: a safety property).
 */
function stable(
  model: Model,
  graph: StateGraph,
  property: LivenessProperty,
  bad: boolean[],
): Violation | undefined {
  const premise = graph.mark((s) => property.premise(s));
  const start = property.initial
    ? graph.initialIds.filter((id) => premise[id])
    : premise.flatMap((p, id) => (p ? [id] : []));
  const via = new Int32Array(graph.size).fill(-2);
  const queue: number[] = [];
  for (const s of start) if (via[s] === -2) ((via[s] = -1), queue.push(s));
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head];
    if (bad[s]) {
      const path: number[] = [];
      for (let x = s; x !== -1; x = via[x]) path.push(x);
      path.reverse();
      const ids = [...graph.pathFromInitial(path[0]).slice(0, -1), ...path];
      const trace = buildLasso(model, graph, { stem: ids, cycle: [] });
      delete trace.cycleStart;
      return {
        kind: "liveness",
        name: property.name,
        message: `property ${property.name} is violated: its condition fails after its premise held`,
        trace,
      };
    }
    graph.forEachEdge(s, (t) => {
      if (via[t] === -2) ((via[t] = s), queue.push(t));
    });
  }
  return undefined;
}

/**
 * `eventually always Q` under weak fairness: a violation is a fair behaviour that leaves Q
 * infinitely often, that is a fair cycle through a state where Q fails, or a state where Q fails
 * and no fair instance is enabled (the behaviour may stutter there forever).
 */
function persistent(
  model: Model,
  graph: StateGraph,
  property: LivenessProperty,
  bad: boolean[],
): Violation | undefined {
  const lasso = (found: FairCycle): Violation => ({
    kind: "liveness",
    name: property.name,
    message: `property ${property.name} is violated: a fair behaviour on which its goal fails again and again`,
    trace: buildLasso(model, graph, found),
  });
  for (let id = 0; id < graph.size; id++)
    if (bad[id] && !graph.anyFairEnabled(id)) return lasso({ stem: graph.pathFromInitial(id), cycle: [] });
  for (const component of graph.components(() => true)) {
    if (!component.some((s) => bad[s])) continue;
    const found = fairCycleWithin(graph, component, (s) => bad[s]);
    if (found) return lasso({ stem: graph.pathFromInitial(found.entry), cycle: found.cycle });
  }
  return undefined;
}

interface FairCycle {
  /** The path from an initial state to the cycle's entry (state ids, initial first). */
  stem: number[];
  /** The cycle from the entry back to it (ids after the entry); empty when it stutters. */
  cycle: number[];
}

/** Searches the states reachable from `start` within `bad` for a fair cycle or a fair stutter. */
function findFairCycle(graph: StateGraph, bad: boolean[], start: number[]): FairCycle | undefined {
  if (start.length === 0) return undefined;
  // States reachable from the start states without leaving `bad`, with parents for the path.
  const via = new Int32Array(graph.size).fill(-2);
  const queue: number[] = [];
  for (const s of start) if (via[s] === -2) ((via[s] = -1), queue.push(s));
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head];
    graph.forEachEdge(s, (t) => {
      if (bad[t] && via[t] === -2) ((via[t] = s), queue.push(t));
    });
  }
  const inRegion = (s: number) => via[s] !== -2;
  const pathTo = (t: number): number[] => {
    const path: number[] = [];
    for (let s = t; s !== -1; s = via[s]) path.push(s);
    path.reverse();
    return [...graph.pathFromInitial(path[0]).slice(0, -1), ...path];
  };
  // A state where no fair instance is enabled may stutter forever.
  for (const s of queue) if (!graph.anyFairEnabled(s)) return { stem: pathTo(s), cycle: [] };
  for (const component of graph.components(inRegion)) {
    const found = fairCycleWithin(graph, component);
    if (found) return { stem: pathTo(found.entry), cycle: found.cycle };
  }
  return undefined;
}

/**
 * A fair cycle inside a strongly connected component (through a state where `mustVisit` holds,
 * if given). Strong fairness first: an instance enabled somewhere in the component that never
 * steps inside it rules out every cycle through the states where it is enabled, so the search
 * goes on in the components of the rest (the classic refinement for strong fairness). What
 * remains is checked for weak fairness by fairCycleIn.
 */
function fairCycleWithin(
  graph: StateGraph,
  component: number[],
  mustVisit?: (s: number) => boolean,
): { entry: number; cycle: number[] } | undefined {
  const member = new Set(component);
  for (let f = 0; f < graph.fairInstances.length; f++) {
    if (!graph.strongFair[f]) continue;
    const stepsInside = component.some((s) =>
      graph.someEdge(s, (t, label) => graph.takes(label, f) && member.has(t)),
    );
    if (stepsInside || !component.some((s) => graph.enabled(s, f))) continue;
    const rest = new Set(component.filter((s) => !graph.enabled(s, f)));
    for (const sub of graph.components((s) => rest.has(s))) {
      const found = fairCycleWithin(graph, sub, mustVisit);
      if (found) return found;
    }
    return undefined;
  }
  const through = mustVisit ? component.filter(mustVisit).slice(0, 1) : [];
  if (mustVisit && through.length === 0) return undefined;
  const cycle = fairCycleIn(graph, component, through);
  return cycle ? { entry: component[0], cycle } : undefined;
}

/**
 * A cycle through the component's first state that satisfies weak fairness (and passes through
 * the states of `through`), or undefined.
 */
function fairCycleIn(graph: StateGraph, component: number[], through: number[] = []): number[] | undefined {
  const member = new Set(component);
  const internal = component.some((s) => graph.someEdge(s, (t) => member.has(t)));
  if (!internal) return undefined;
  // Each fair instance must step inside the component or be disabled in one of its states.
  const waypoints: number[][] = [];
  for (let f = 0; f < graph.fairInstances.length; f++) {
    const disabledAt = component.find((s) => !graph.enabled(s, f));
    if (disabledAt !== undefined) {
      waypoints.push([disabledAt]);
      continue;
    }
    let edge: number[] | undefined;
    for (const s of component) {
      graph.forEachEdge(s, (t, label) => {
        if (!edge && graph.takes(label, f) && member.has(t)) edge = [s, t];
      });
      if (edge) break;
    }
    if (!edge) return undefined;
    waypoints.push(edge);
  }
  for (const s of through) waypoints.push([s]);
  const entry = component[0];
  const cycle: number[] = [];
  let at = entry;
  for (const w of [...waypoints.flat(), entry]) {
    const leg = graph.shortestPath(at, w, (s) => member.has(s));
    cycle.push(...leg);
    at = w;
  }
  if (cycle.length === 0) {
    // The entry has a self-loop or a cycle through other states; go around once.
    const next = component.find((s) => graph.someEdge(entry, (t) => t === s))!;
    cycle.push(
      ...(next === entry
        ? [entry]
        : [
            ...graph.shortestPath(entry, next, (s) => member.has(s)),
            ...graph.shortestPath(next, entry, (s) => member.has(s)),
          ]),
    );
  }
  return cycle;
}

/** Turns state ids into a trace with step labels (found by replaying successors). */
function buildLasso(model: Model, graph: StateGraph, found: FairCycle): Trace {
  const ids = [...found.stem, ...found.cycle];
  const states = ids.map((id) => graph.state(id));
  const steps: TraceStep[] = [];
  for (let i = 1; i < states.length; i++)
    steps.push({ transition: labelOf(model, states[i - 1], states[i]), state: states[i] });
  return { initial: states[0], steps, cycleStart: found.stem.length - 1 };
}

function labelOf(model: Model, from: Int32Array, to: Int32Array): Transition {
  let label: Transition | undefined;
  model.successors(from, {
    next(slots, t) {
      if (!label && slots.every((v, i) => v === to[i]))
        label = { step: t.step, instance: t.instance, choices: t.choices.slice() };
    },
  });
  if (!label) throw new Error("internal: a liveness trace step is not a successor");
  return label;
}
