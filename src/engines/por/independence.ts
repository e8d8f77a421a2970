// The static half of partial-order reduction: from the model's dependency facts (which slots each
// step of each process instance and each action may read and write, where control may go), the
// tables the ample-set choice consults in every state. In: a DependencyShape (model/dependency.ts)
// and the model's slot count. Out: IndependenceTables.
//
// Two steps are dependent when one may write a slot the other may read or write (so running them
// in either order may differ, or one may enable or disable the other). For process instance k at
// program counter p, `conflicts(k, p)` is null when the step there may never form an ample set on
// its own (it writes an observed slot, or an action depends on it), and otherwise marks, for every
// other instance j and program counter q, whether j can reach from q a step dependent on k's step.
// `reducibleEdge` marks the edges p -> q of each process's control graph that are not back edges
// of a depth-first search: every cycle of the control graph contains a back edge, which is what
// the cycle proviso (ample.ts) builds on.

import type { DependencyShape, SlotRanges, StepAccess } from "../../model/dependency.js";

/** One process instance, as the ample-set choice sees it. */
export interface Actor {
  process: number;
  /** Transition.instance of its steps. */
  instance: number;
  pcSlot: number;
}

export class IndependenceTables {
  readonly actors: Actor[] = [];
  /** Program counter values per process, done included (the width of a row of `conflicts`). */
  readonly pcCount: number[];
  /** Actor by (step id, instance): step * instanceSpan + instance - lowestInstance; -1 for actions. */
  private readonly actorTable: Int32Array;
  private readonly lowestInstance: number;
  private readonly instanceSpan: number;
  /** By actor, by pc: the (actor, pc) pairs it conflicts with, as a flat 0/1 table, or null. */
  private readonly conflictRows: (Uint8Array | null)[][];
  /** Offset of each actor's pcs in a conflict row. */
  private readonly rowOffset: number[] = [];
  /** By process: a pcCount x pcCount table of edges that are reducible (not back edges). */
  private readonly reducible: Uint8Array[];

  constructor(shape: DependencyShape, slotCount: number) {
    this.pcCount = shape.processes.map((p) => p.done + 1);
    let width = 0;
    const instances = shape.processes.flatMap((p) => p.instances.map((i) => i.instance));
    this.lowestInstance = Math.min(-1, ...instances);
    this.instanceSpan = Math.max(-1, ...instances) - this.lowestInstance + 1;
    const steps =
      Math.max(0, ...shape.processes.flatMap((p) => p.stepIds), ...shape.actions.map((a) => a.stepId)) + 1;
    this.actorTable = new Int32Array(steps * this.instanceSpan).fill(-1);
    shape.processes.forEach((p, process) =>
      p.instances.forEach((inst) => {
        const actor = this.actors.length;
        this.actors.push({ process, instance: inst.instance, pcSlot: inst.pcSlot });
        this.rowOffset.push(width);
        width += p.done + 1;
        for (const stepId of p.stepIds)
          this.actorTable[stepId * this.instanceSpan + inst.instance - this.lowestInstance] = actor;
      }),
    );
    const words = Math.ceil(slotCount / 32);
    const bits = (r: SlotRanges) => slotBits(r, words);
    const access = shape.processes.map((p) =>
      p.instances.map((i) => i.access.map((a) => ({ reads: bits(a.reads), writes: bits(a.writes) }))),
    );
    const actions = shape.actions.map((a) => ({
      reads: bits(a.access.reads),
      writes: bits(a.access.writes),
    }));
    const observed = bits(shape.observed);
    const reach = shape.processes.map((p) => reachable(p.next, p.done + 1));
    const flat = shape.processes.flatMap((p, pi) => p.instances.map((_, ii) => ({ pi, ii })));

    const observedPcs = new Map(shape.observedPcs.map((o) => [o.pcSlot, new Set(o.pcs)]));
    this.conflictRows = flat.map(({ pi, ii }, k) =>
      access[pi][ii].map((mine, p) => {
        const watched = observedPcs.get(this.actors[k].pcSlot);
        const movesWatched =
          watched && (watched.has(p) || shape.processes[pi].next[p].some((q) => watched.has(q)));
        if (movesWatched || intersects(mine.writes, observed) || actions.some((a) => dependent(mine, a)))
          return null;
        const row = new Uint8Array(width);
        flat.forEach(({ pi: pj, ii: ij }, j) => {
          if (j === k) return;
          const theirs = access[pj][ij];
          const hit = theirs.map((t) => dependent(mine, t));
          for (let q = 0; q < this.pcCount[pj]; q++)
            if (reach[pj][q].some((r) => r < hit.length && hit[r])) row[this.rowOffset[j] + q] = 1;
        });
        return row;
      }),
    );
    this.reducible = shape.processes.map((p) => treeEdges(p.next, p.done + 1));
  }

  /** The actor (process instance) that fired `step` as `instance`, or -1 for an action. */
  actorOf(step: number, instance: number): number {
    const i = instance - this.lowestInstance;
    return i >= 0 && i < this.instanceSpan ? (this.actorTable[step * this.instanceSpan + i] ?? -1) : -1;
  }

  /** Whether actor k's step at pc p may be an ample set on its own in `state` (conditions C1, C2). */
  independentHere(k: number, p: number, state: Int32Array): boolean {
    const row = this.conflictRows[k][p];
    if (!row) return false;
    const actors = this.actors;
    for (let j = 0; j < actors.length; j++)
      if (j !== k && row[this.rowOffset[j] + state[actors[j].pcSlot]] === 1) return false;
    return true;
  }

  /** Whether moving process `process` from pc p to pc q is no back edge of its control graph. */
  reducibleEdge(process: number, p: number, q: number): boolean {
    const n = this.pcCount[process];
    return q >= 0 && q < n && this.reducible[process][p * n + q] === 1;
  }
}

function slotBits(ranges: SlotRanges, words: number): Uint32Array {
  const out = new Uint32Array(words);
  for (let i = 0; i < ranges.length; i += 2)
    for (let s = ranges[i]; s < ranges[i + 1]; s++) out[s >>> 5] |= 1 << (s & 31);
  return out;
}

function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & b[i]) !== 0) return true;
  return false;
}

type Bits = { reads: Uint32Array; writes: Uint32Array };

/** Whether two steps may not commute: one writes what the other reads or writes. */
function dependent(a: Bits, b: Bits): boolean {
  return intersects(a.writes, b.reads) || intersects(a.writes, b.writes) || intersects(b.writes, a.reads);
}

/** For each pc: every pc reachable from it (itself included) along `next`. */
function reachable(next: number[][], n: number): number[][] {
  return Array.from({ length: n }, (_, start) => {
    const seen = new Set<number>([start]);
    const todo = [start];
    while (todo.length)
      for (const q of next[todo.pop()!] ?? []) if (!seen.has(q)) (seen.add(q), todo.push(q));
    return [...seen];
  });
}

/** The edges of a control graph that are not back edges of a depth-first search from every node. */
function treeEdges(next: number[][], n: number): Uint8Array {
  const out = new Uint8Array(n * n);
  const state = new Uint8Array(n); // 0 unvisited, 1 on the stack, 2 done
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const succ = next[top[0]] ?? [];
      if (top[1] >= succ.length) {
        state[top[0]] = 2;
        stack.pop();
        continue;
      }
      const q = succ[top[1]++];
      if (state[q] === 1) continue; // a back edge: closes a cycle
      out[top[0] * n + q] = 1;
      if (state[q] === 0) {
        state[q] = 1;
        stack.push([q, 0]);
      }
    }
  }
  return out;
}

export type { StepAccess };
