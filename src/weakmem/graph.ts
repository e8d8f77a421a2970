// An execution graph, possibly partial, in the form a state holds it: two slots per event. For a
// read, the write it read from (-1: not happened yet) and the value; for a write, its place in its
// location's coherence order (0 is the initial write; -1 not happened; -2 never happens: the
// store of a failed cmpxchg) and the value it wrote. Fences take no slots' meaning (always
// present). Nothing else is stored: not the order in which events happened, so two schedules that
// build the same graph reach the same state, and that is what makes equivalent states merge.

import type { EventTable } from "./events.js";
import { addToSet, emptySet, Relation, type EventSet } from "./relation.js";

export const NOT_YET = -1;
export const NEVER = -2;

/** The slot holding event `e`'s status (its value is the next slot). */
export function statusSlot(e: number): number {
  return 2 * e;
}

/** The decoded graph the axioms read. */
export interface Execution {
  /** Events that have happened (fences always). */
  present: EventSet;
  rf: Relation;
  co: Relation;
  /** `rmw`: the read of a read-modify-write to its write, when the write happened. */
  rmw: Relation;
}

/** Whether event `e` has happened in `state`. */
export function happened(table: EventTable, state: Int32Array, e: number): boolean {
  return table.events[e].kind === "F" || state[statusSlot(e)] >= 0;
}

/** The writes to `loc` that have happened, in coherence order. */
export function coherenceOrder(table: EventTable, state: Int32Array, loc: number): number[] {
  const ws: number[] = [];
  for (const e of table.events)
    if (e.kind === "W" && e.loc === loc && state[statusSlot(e.id)] >= 0) ws.push(e.id);
  return ws.sort((a, b) => state[statusSlot(a)] - state[statusSlot(b)]);
}

/** Decodes `state` into relations over the table's events. */
export function decode(table: EventTable, state: Int32Array): Execution {
  const n = table.events.length;
  const present = emptySet(n);
  const rf = new Relation(n);
  const co = new Relation(n);
  const rmw = new Relation(n);
  for (const e of table.events) {
    const s = state[statusSlot(e.id)];
    if (e.kind === "F" || s >= 0) addToSet(present, e.id);
    if (e.kind === "R" && s >= 0) rf.add(s, e.id);
  }
  table.program.locations.forEach((_, loc) => {
    const order = coherenceOrder(table, state, loc);
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++) co.add(order[i], order[j]);
  });
  for (const thread of table.opEvents)
    for (const { read, write } of thread)
      if (read !== undefined && write !== undefined && state[statusSlot(write)] >= 0) rmw.add(read, write);
  return { present, rf, co, rmw };
}
