// Reorders a counterexample so that each process runs in as few separate stretches as possible:
// kernel developers read a race as columns, one per CPU, and a breadth-first trace switches
// process at nearly every step. In: the model and a safety counterexample. Out: a counterexample
// of the same length, from the same initial state to the same final state (so with the same
// violation), with no more process switches.
//
// Nothing is assumed about which steps commute: every candidate order is executed on the model,
// step by step, and kept only if each step is enabled with the same choices, every state on the
// way is within the constraints, and it ends in exactly the original final state. A shorter
// counterexample cannot exist (the search is breadth-first), so no state on a reordered path
// violates anything before the end.

import type { Model, SuccessorSink, Transition } from "../model/model.js";
import type { Trace, TraceStep } from "./result.js";

/** How many steps' worth of successor enumeration one reordering may spend. */
const BUDGET = 200_000;

/** The lane of a transition: its process instance, or its action. */
function lane(model: Model, t: Transition): string {
  return `${model.steps[t.step].owner}#${t.instance}`;
}

/** Process switches along a sequence of transitions: adjacent pairs in different lanes. */
export function switchCount(model: Model, transitions: readonly Transition[]): number {
  let switches = 0;
  for (let i = 1; i < transitions.length; i++)
    if (lane(model, transitions[i]) !== lane(model, transitions[i - 1])) switches++;
  return switches;
}

const sameTransition = (a: Transition, b: Transition) =>
  a.step === b.step &&
  a.instance === b.instance &&
  a.choices.length === b.choices.length &&
  a.choices.every((c, i) => c === b.choices[i]);

/** Executes transitions on the model; records the steps or fails. */
class Executor {
  spent = 0;

  constructor(private readonly model: Model) {}

  /** The successor of `state` by a transition equal to `t`, or null when it is not enabled. */
  step(state: Int32Array, t: Transition): Int32Array | null {
    let found: Int32Array | null = null;
    const sink: SuccessorSink = {
      next: (slots, fired) => {
        if (found === null && sameTransition(fired, t)) found = slots.slice();
      },
    };
    this.spent++;
    this.model.successors(state, sink);
    return found;
  }

  /** The steps of `order` from `initial` if each is enabled, within the constraints, and the
   *  last state is `final`; otherwise null. The first `same` steps are those of `known`. */
  run(
    initial: Int32Array,
    order: readonly Transition[],
    final: Int32Array,
    known: readonly TraceStep[],
    same: number,
  ): TraceStep[] | null {
    const steps: TraceStep[] = known.slice(0, same);
    let state = same > 0 ? known[same - 1].state : initial;
    for (const t of order.slice(same)) {
      const next = this.step(state, t);
      if (!next || !this.model.withinConstraints(next)) return null;
      steps.push({ transition: t, state: next });
      state = next;
    }
    return state.length === final.length && state.every((v, i) => v === final[i]) ? steps : null;
  }
}

/** `order` with the element at `from` moved to index `to`. */
function moved<T>(order: readonly T[], from: number, to: number): T[] {
  const copy = order.slice();
  const [x] = copy.splice(from, 1);
  copy.splice(to, 0, x);
  return copy;
}

/**
 * The counterexample with the fewest process switches among the interleavings of its steps (each
 * lane's steps in their order) that run on the model to the same final state; if that search
 * exceeds its budget, the best that moving single steps reaches. Liveness lassos and traces
 * without an initial state are returned as they are.
 */
export function withFewerSwitches(model: Model, trace: Trace): Trace {
  if (!trace.initial || trace.cycleStart !== undefined || trace.steps.length < 2) return trace;
  return fewestInterleaved(model, trace) ?? movedSingly(model, trace);
}

/** A node of the interleaving search: how far each lane has run, the last lane, the state. */
interface Node {
  positions: number[];
  lane: number;
  state: Int32Array;
  cost: number;
  parent?: Node;
  step?: TraceStep;
}

/**
 * The interleaving of the trace's lanes with the fewest switches that ends in the trace's final
 * state, by a 0-1 breadth-first search (staying in a lane costs 0, switching 1); undefined when
 * it would cost more than BUDGET steps.
 */
function fewestInterleaved(model: Model, trace: Trace): Trace | undefined {
  const keys: string[] = [];
  const lanes: Transition[][] = [];
  for (const { transition } of trace.steps) {
    const key = lane(model, transition);
    let index = keys.indexOf(key);
    if (index < 0) [index] = [keys.push(key) - 1, lanes.push([])];
    lanes[index].push(transition);
  }
  const final = trace.steps[trace.steps.length - 1].state;
  const lastLane = trace.failingStep ? keys.indexOf(lane(model, trace.failingStep)) : -1;
  const executor = new Executor(model);
  const best = new Map<string, number>();
  const start: Node = { positions: lanes.map(() => 0), lane: -1, state: trace.initial!, cost: 0 };
  const deque: Node[] = [start];
  let head = 0;
  let found: Node | undefined;
  // A deque as an array: cost-0 children go in front of `head`, cost-1 children at the back.
  const front: Node[] = [];
  while (front.length || head < deque.length) {
    const node = front.length ? front.pop()! : deque[head++];
    const key = `${node.positions.join(",")}|${node.lane}|${node.state.join(",")}`;
    if ((best.get(key) ?? Infinity) <= node.cost && best.has(key)) continue;
    best.set(key, node.cost);
    if (node.positions.every((p, i) => p === lanes[i].length)) {
      const ends = node.state.length === final.length && node.state.every((v, i) => v === final[i]);
      const total = node.cost + (lastLane >= 0 && lastLane !== node.lane ? 1 : 0);
      if (ends && (!found || total < found.cost)) found = { ...node, cost: total };
      continue;
    }
    if (found && node.cost >= found.cost) continue;
    for (let l = 0; l < lanes.length; l++) {
      if (node.positions[l] === lanes[l].length) continue;
      if (executor.spent > BUDGET) return undefined;
      const t = lanes[l][node.positions[l]];
      const next = executor.step(node.state, t);
      if (!next || !model.withinConstraints(next)) continue;
      const positions = node.positions.slice();
      positions[l]++;
      const switched = node.lane >= 0 && node.lane !== l;
      const child: Node = {
        positions,
        lane: l,
        state: next,
        cost: node.cost + (switched ? 1 : 0),
        parent: node,
        step: { transition: t, state: next },
      };
      if (switched) deque.push(child);
      else front.push(child);
    }
  }
  if (!found) return undefined;
  const steps: TraceStep[] = [];
  for (let n: Node | undefined = found; n?.step; n = n.parent) steps.push(n.step);
  return { ...trace, steps: steps.reverse() };
}

/** Repeatedly moves one step next to another step of its lane while that switches less. */
function movedSingly(model: Model, trace: Trace): Trace {
  const initial = trace.initial!;
  const final = trace.steps[trace.steps.length - 1].state;
  // A failing step stays last: it has no post-state, and it fails in the same final state.
  const tail = trace.failingStep ? [trace.failingStep] : [];
  const switches = (order: readonly Transition[]) => switchCount(model, [...order, ...tail]);

  const executor = new Executor(model);
  let order = trace.steps.map((s) => s.transition);
  let steps = trace.steps;
  let best = switches(order);
  for (let improved = true; improved && best > 0; ) {
    improved = false;
    search: for (let from = 0; from < order.length; from++) {
      for (let to = 0; to < order.length; to++) {
        if (to === from) continue;
        const candidate = moved(order, from, to);
        const count = switches(candidate);
        if (count >= best) continue;
        if (executor.spent > BUDGET) break search;
        const run = executor.run(initial, candidate, final, steps, Math.min(from, to));
        if (!run) continue;
        [order, steps, best, improved] = [candidate, run, count, true];
        break search;
      }
    }
  }
  return { ...trace, steps };
}
